using Npgsql;

namespace WellWon.Platform.Tests.Fakes;

/// <summary>The real PostgreSQL and Redis that <c>./wellwon test</c> starts, named by environment variables.</summary>
public static class TestInfrastructure
{
    public static string Postgres => Require("WELLWON_TEST_PG");

    public static string Redis => Require("WELLWON_TEST_REDIS");

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set. Integration tests need the PostgreSQL and Redis that `./wellwon test` starts: run `./wellwon test`.");
}

/// <summary>A fresh PostgreSQL database for one test class, dropped at the end, so classes run in parallel and leave nothing behind.</summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private readonly string _name = $"wellwon_test_{Guid.NewGuid():N}";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var admin = TestInfrastructure.Postgres;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _name }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        if (ConnectionString is null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(TestInfrastructure.Postgres);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
