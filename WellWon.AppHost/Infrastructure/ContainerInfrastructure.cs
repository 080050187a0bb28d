using Aspire.Hosting.ApplicationModel;

namespace WellWon.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL and Redis as containers, and the cloud-scale pieces the flags ask for (<see cref="InfrastructureChoice"/>): a Kafka broker
/// and a KurrentDB node; MinIO for document content. Only added when a container engine answers: a container in the model with no engine keeps everything that
/// waits for it waiting forever.
/// </summary>
internal static class ContainerInfrastructure
{
    public static WellWonInfrastructure AddContainerInfrastructure(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> dbPassword, InfrastructureChoice choice)
    {
        var database = builder.AddPostgres("postgres", userName: builder.AddParameter("postgres-user", "wellwon"), password: dbPassword)
            .WithDataVolume()
            .AddDatabase(WellWonInfrastructureExtensions.DatabaseName, "wellwon");
        var redis = builder.AddRedis(WellWonInfrastructureExtensions.RedisName)
            .WithDataVolume()
            .WithPersistence();
        var kafka = choice.Transport == TransportChoice.Kafka ? builder.AddKafkaBroker(WellWonInfrastructureExtensions.KafkaName) : null;
        var kurrentDb = choice.EventStore == EventStoreChoice.KurrentDb ? builder.AddKurrentDb(WellWonInfrastructureExtensions.KurrentDbName) : null;
        return new WellWonInfrastructure(InfrastructureMode.Containers, database, redis)
        {
            Kafka = kafka is null ? null : builder.CreateResourceBuilder<IResourceWithConnectionString>(kafka.Resource),
            KurrentDb = kurrentDb is null ? null : builder.CreateResourceBuilder<IResourceWithConnectionString>(kurrentDb.Resource),
            Documents = DocumentStorage.AddMinio(builder),
        };
    }
}
