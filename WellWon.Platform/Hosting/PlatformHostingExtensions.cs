using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Messaging;
using WellWon.Platform.Messaging.RedisStreams;
using WellWon.Platform.Projections;

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
    /// <c>EventStore:Provider</c> chooses the event store: PostgreSQL (the default) or one of the <see cref="EventStoreProvider"/>s among <paramref name="adapters"/>;
    /// snapshots, checkpoints and read models stay in PostgreSQL either way.
    /// <c>Messaging:Transport</c> chooses the transport: <c>RedisStreams</c> (the default) or one of the <see cref="MessagingTransportAdapter"/>s
    /// among <paramref name="adapters"/> (<c>KafkaTransport.Adapter</c>).
    /// </summary>
    public static IHostApplicationBuilder AddWellWonPlatform(this IHostApplicationBuilder builder, params IEnumerable<IPlatformAdapter> adapters)
    {
        builder.AddNpgsqlDataSource(DatabaseName);
        builder.AddRedisClient(RedisName);
        builder.Services.AddSingleton(TimeProvider.System);
        var offered = adapters.ToList();
        builder.AddEventStore(offered.OfType<EventStoreProvider>());
        builder.Services.TryAddSingleton(sp => new EventTypeRegistry(sp.GetServices<ContextAssembly>().Select(c => c.Assembly)));
        builder.Services.AddAggregateStore();
        builder.Services.AddWellWonMediatorPipeline();
        builder.Services.AddWellWonProjections();

        builder.AddWellWonTransport(offered.OfType<MessagingTransportAdapter>());
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

    /// <summary>The transport <c>Messaging:Transport</c> names; Redis Streams when it is unset. Redis stays in use either way (relay lease, cache).</summary>
    private static void AddWellWonTransport(this IHostApplicationBuilder builder, IEnumerable<MessagingTransportAdapter> transports)
    {
        var configured = builder.Configuration[MessagingTransports.SettingName];
        var transport = string.IsNullOrWhiteSpace(configured) ? MessagingTransports.RedisStreams : configured.Trim();
        if (string.Equals(transport, MessagingTransports.RedisStreams, StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddRedisStreamsTransport(builder.Configuration);
            return;
        }

        var adapter = transports.FirstOrDefault(t => string.Equals(t.Name, transport, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                $"{MessagingTransports.SettingName} is '{transport}', which this host does not offer; use one of: " +
                string.Join(", ", transports.Select(t => t.Name).Prepend(MessagingTransports.RedisStreams)) + ".");
        adapter.Register(builder);
    }
}
