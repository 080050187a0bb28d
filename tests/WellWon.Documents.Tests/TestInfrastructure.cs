using Npgsql;

namespace WellWon.Documents.Tests;

/// <summary>The real PostgreSQL and Redis that <c>./wellwon test</c> starts, named by environment variables; a database per test class.</summary>
public static class TestInfrastructure
{
    public static string Postgres => Require("WELLWON_TEST_PG");

    public static string Redis => Require("WELLWON_TEST_REDIS");

    public static string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder(Postgres) { Database = database }.ConnectionString;

    public static async Task CreateDatabaseAsync(string database)
    {
        await using var admin = new NpgsqlConnection(Postgres);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    public static async Task DropDatabaseAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Postgres);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. The Documents integration tests need the test PostgreSQL and Redis: run them with `./wellwon test`, which starts both and sets WELLWON_TEST_PG and WELLWON_TEST_REDIS.");
}
