using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WellWon.Platform.Database;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Projections;
using WellWon.Platform.Tests.Infrastructure;
using WellWon.Platform.Tests.Relay;

namespace WellWon.Platform.Tests.Projections;

/// <summary>A fresh database with the event store and <c>platform.projection_state</c>, for one test class.</summary>
public sealed class FlowDatabase : IAsyncLifetime
{
    private PostgresDatabase? _database;

    public NpgsqlDataSource DataSource => Database.DataSource;

    public PostgresDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await new DatabaseMigrator(DataSource, [new EventStoreMigrations(), new ProjectionMigrations()], NullLogger<DatabaseMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);
    }

    /// <summary>
    /// Waits until every committed event can be read. Readers see only events below the oldest transaction open anywhere on the
    /// server (ARCHITECTURE.md §3), and other test classes share the server: a rebuild started at once could see none of them.
    /// </summary>
    public Task UntilLogReadableAsync() =>
        Eventually.Until(
            async () =>
            {
                await using var hidden = DataSource.CreateCommand(
                    "SELECT count(*) FROM event_store.events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())");
                return (long)(await hidden.ExecuteScalarAsync(TestContext.Current.CancellationToken))! == 0;
            },
            TimeSpan.FromSeconds(30),
            "every committed event is readable");

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
