using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WellWon.Platform.Database;
using WellWon.Platform.EventStore.Postgres;

namespace WellWon.Platform.Tests.Infrastructure;

/// <summary>
/// A fresh database on the test PostgreSQL server (<c>WELLWON_TEST_PG</c>), migrated, and dropped afterwards, so test classes
/// run in parallel and leave nothing behind. Use as a class fixture, or <see cref="CreateAsync"/> for one test's own.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string ServerVariable = "WELLWON_TEST_PG";

    private readonly bool _migrate;
    private NpgsqlDataSource? _dataSource;
    private ServiceProvider? _services;

    public PostgresDatabase()
        : this(migrate: true)
    {
    }

    private PostgresDatabase(bool migrate)
    {
        _migrate = migrate;
        Name = $"wellwon_test_{Guid.NewGuid():N}";
    }

    public string Name { get; }

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The database is not created yet.");

    /// <summary>The platform's services over this database, wired as a host wires them (<c>AddPostgresEventStore</c>).</summary>
    public IServiceProvider Services => _services ??= BuildServices();

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. Integration tests need the test PostgreSQL: run them with `./wellwon test`, which starts it and sets the variable.");

    /// <summary>A database of its own for one test (the caller disposes it).</summary>
    public static async Task<PostgresDatabase> CreateAsync(bool migrate = true)
    {
        var database = new PostgresDatabase(migrate);
        await database.InitializeAsync();
        return database;
    }

    /// <summary>A second, independent pool over the same database (another process, as far as PostgreSQL can tell).</summary>
    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async ValueTask InitializeAsync()
    {
        var server = ServerConnectionString;
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name }.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        if (_migrate)
        {
            await new DatabaseMigrator(_dataSource, [new EventStoreMigrations()], NullLogger<DatabaseMigrator>.Instance)
                .MigrateAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private ServiceProvider BuildServices() =>
        new ServiceCollection()
            .AddSingleton(DataSource)
            .AddPostgresEventStore()
            .BuildServiceProvider();
}
