using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Platform.Database;

namespace WellWon.Platform.EventStore.Postgres;

public static class PostgresEventStoreServiceCollectionExtensions
{
    /// <summary>
    /// The PostgreSQL event store, snapshot and checkpoint stores, log subscriptions, and the migrations that create their tables
    /// (applied at start-up). Needs an <see cref="Npgsql.NpgsqlDataSource"/> (<c>builder.AddNpgsqlDataSource("wellwon-db")</c>).
    /// </summary>
    public static IServiceCollection AddPostgresEventStore(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddLogging();
        services.TryAddSingleton<EventStoreTelemetry>();
        services.TryAddSingleton<PostgresEventStore>();
        services.TryAddSingleton<IEventStore>(sp => sp.GetRequiredService<PostgresEventStore>());
        services.TryAddSingleton<ISnapshotStore, PostgresSnapshotStore>();
        services.TryAddSingleton<ICheckpointStore, PostgresCheckpointStore>();
        services.TryAddSingleton<LogSubscriptionFactory>();
        services.TryAddSingleton<ILogSubscriptionFactory>(sp => sp.GetRequiredService<LogSubscriptionFactory>());
        return services.AddMigrations<EventStoreMigrations>();
    }
}
