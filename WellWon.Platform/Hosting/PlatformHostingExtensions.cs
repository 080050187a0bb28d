using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Projections;
using WellWon.Platform.Messaging.RedisStreams;

namespace WellWon.Platform.Hosting;

public static class PlatformHostingExtensions
{
    /// <summary>Connection names shared by the AppHost and every service.</summary>
    public const string DatabaseName = "wellwon-db";
    public const string RedisName = "redis";

    /// <summary>
    /// What every WellWon service uses: PostgreSQL and Redis through the Aspire client integrations (connection strings,
    /// health checks and traces come from there), the event store with its migrations, the transport, the aggregate store,
    /// the mediator pipeline's behaviours and the projection registry. The host adds the source-generated
    /// <c>AddMediator</c> itself (it must be generated in the host) and each bounded context its module.
    /// </summary>
    public static IHostApplicationBuilder AddWellWonPlatform(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(DatabaseName);
        builder.AddRedisClient(RedisName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPostgresEventStore();
        builder.Services.TryAddSingleton(sp => new EventTypeRegistry(sp.GetServices<ContextAssembly>().Select(c => c.Assembly)));
        builder.Services.AddAggregateStore();
        builder.Services.AddWellWonMediatorPipeline();
        builder.Services.AddWellWonProjections();

        // Kafka arrives as a second adapter behind the same port; Redis Streams is the default everywhere.
        var transport = builder.Configuration["Messaging:Transport"] ?? "RedisStreams";
        if (string.Equals(transport, "RedisStreams", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddRedisStreamsTransport(builder.Configuration);
        }
        else
        {
            throw new InvalidOperationException($"Messaging:Transport '{transport}' is not available in this build; use 'RedisStreams'.");
        }
        return builder;
    }
}
