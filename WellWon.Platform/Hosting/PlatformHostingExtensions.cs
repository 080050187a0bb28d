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

    /// <summary>The configuration key that chooses the event store; <see cref="PostgreSqlProvider"/> when absent.</summary>
    public const string EventStoreProviderKey = "EventStore:Provider";

    public const string PostgreSqlProvider = "PostgreSQL";

    /// <summary>
    /// What every WellWon service uses: PostgreSQL and Redis through the Aspire client integrations (connection strings,
    /// health checks and traces come from there), the event store with its migrations, the transport, the aggregate store,
    /// the mediator pipeline's behaviours and the projection registry. The host adds the source-generated
    /// <c>AddMediator</c> itself (it must be generated in the host) and each bounded context its module.
    /// <c>EventStore:Provider</c> chooses the event store: PostgreSQL (the default) or one of <paramref name="eventStores"/>;
    /// snapshots, checkpoints and read models stay in PostgreSQL either way.
    /// </summary>
    public static IHostApplicationBuilder AddWellWonPlatform(this IHostApplicationBuilder builder, params IEnumerable<EventStoreProvider> eventStores)
    {
        builder.AddNpgsqlDataSource(DatabaseName);
        builder.AddRedisClient(RedisName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddEventStore(eventStores);
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

    private static void AddEventStore(this IHostApplicationBuilder builder, IEnumerable<EventStoreProvider> eventStores)
    {
        var name = builder.Configuration[EventStoreProviderKey] is { Length: > 0 } configured ? configured : PostgreSqlProvider;
        if (!string.Equals(name, PostgreSqlProvider, StringComparison.OrdinalIgnoreCase))
        {
            var offered = eventStores.ToList();
            var provider = offered.Find(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException(
                    $"{EventStoreProviderKey} '{name}' is not available in this host; it offers {string.Join(", ", offered.Select(p => $"'{p.Name}'").Prepend($"'{PostgreSqlProvider}'"))}.");

            // Registered first: the PostgreSQL registration below only adds what the adapter left out (snapshots, checkpoints, migrations).
            provider.Register(builder);
        }

        builder.Services.AddPostgresEventStore();
    }
}
