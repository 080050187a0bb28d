using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace WellWon.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL and Redis from the installed binaries, run by DCP through scripts/postgres.sh and scripts/redis.sh,
/// with their data kept per checkout (see <see cref="DataRoot"/>) and health checks that speak each protocol.
/// </summary>
internal static class ExecutableInfrastructure
{
    private const string DatabaseUser = "wellwon";
    private const string DatabaseName = "wellwon";

    public static WellWonInfrastructure AddExecutableInfrastructure(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> dbPassword)
    {
        var dataRoot = DataRoot.Resolve(builder);
        var scripts = Path.Combine(builder.AppHostDirectory, "scripts");
        // Infra:Durable=false (tests) trades crash safety for speed: no fsync, no Redis append-only file.
        var durable = builder.Configuration.GetValue("Infra:Durable", true) ? "1" : "0";

        var postgres = builder.AddExecutable("postgres", Path.Combine(scripts, "postgres.sh"), scripts)
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "PORT")
            .WithEnvironment("PG_DATA_DIR", Path.Combine(dataRoot, "pg"))
            .WithEnvironment("PG_USER", DatabaseUser)
            .WithEnvironment("PG_DATABASE", DatabaseName)
            .WithEnvironment("PG_PASSWORD", dbPassword)
            .WithEnvironment("WELLWON_DURABLE", durable);
        var pg = postgres.GetEndpoint("tcp");
        var database = builder.AddConnectionString(WellWonInfrastructureExtensions.DatabaseName, ReferenceExpression.Create(
            $"Host={pg.Property(EndpointProperty.Host)};Port={pg.Property(EndpointProperty.Port)};Username={DatabaseUser};Password={dbPassword};Database={DatabaseName}"));
        postgres.WithHealthCheck(ReadinessChecks.AddPostgres(builder, "postgres-ready", database.Resource));
        database.WithParentRelationship(postgres).WaitFor(postgres);

        var redisServer = builder.AddExecutable("redis-server", Path.Combine(scripts, "redis.sh"), scripts)
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "PORT")
            .WithEnvironment("REDIS_DATA_DIR", Path.Combine(dataRoot, "redis"))
            .WithEnvironment("WELLWON_DURABLE", durable);
        var rs = redisServer.GetEndpoint("tcp");
        var redis = builder.AddConnectionString(WellWonInfrastructureExtensions.RedisName, ReferenceExpression.Create(
            $"{rs.Property(EndpointProperty.Host)}:{rs.Property(EndpointProperty.Port)}"));
        redisServer.WithHealthCheck(ReadinessChecks.AddRedis(builder, "redis-ready", rs));
        redis.WithParentRelationship(redisServer).WaitFor(redisServer);

        return new WellWonInfrastructure(InfrastructureMode.Executables, database, redis) { Documents = DocumentStorage.Directory(dataRoot) };
    }
}
