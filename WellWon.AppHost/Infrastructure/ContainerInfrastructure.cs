using Aspire.Hosting.ApplicationModel;

namespace WellWon.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL and Redis as containers. Only added when a container engine answers: a container in the model
/// with no engine keeps everything that waits for it waiting forever.
/// </summary>
internal static class ContainerInfrastructure
{
    public static WellWonInfrastructure AddContainerInfrastructure(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> dbPassword)
    {
        var database = builder.AddPostgres("postgres", userName: builder.AddParameter("postgres-user", "wellwon"), password: dbPassword)
            .WithDataVolume()
            .AddDatabase(WellWonInfrastructureExtensions.DatabaseName, "wellwon");
        var redis = builder.AddRedis(WellWonInfrastructureExtensions.RedisName)
            .WithDataVolume()
            .WithPersistence();
        return new WellWonInfrastructure(InfrastructureMode.Containers, database, redis);
    }
}
