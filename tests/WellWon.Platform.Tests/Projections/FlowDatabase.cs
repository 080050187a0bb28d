using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WellWon.Platform.Database;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Projections;
using WellWon.Platform.Tests.Infrastructure;

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

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
