using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WellWon.Platform.Database;
using WellWon.Platform.EventStore.Postgres;

namespace WellWon.Platform.KurrentDB.Tests.Infrastructure;

/// <summary>
/// A fresh database on the test PostgreSQL server (<c>WELLWON_TEST_PG</c>) with the event store's tables, dropped afterwards.
/// KurrentDB deployments keep checkpoints and snapshots there too, so the KurrentDB targets use one as well.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "WELLWON_TEST_PG";

    private TestDatabase(string name, string connectionString, NpgsqlDataSource dataSource)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = dataSource;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. These tests need the test PostgreSQL: run them with `./wellwon test`, which starts it and sets the variable.");

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = ServerConnectionString;
        var name = $"wellwon_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await new DatabaseMigrator(dataSource, [new EventStoreMigrations()], NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return new TestDatabase(name, connectionString, dataSource);
    }

    /// <summary>Ends every other session on this database, as a failover or a network cut would.</summary>
    public async Task<int> KillOtherSessionsAsync()
    {
        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", admin);
        kill.Parameters.AddWithValue("name", Name);
        return Convert.ToInt32(await kill.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
