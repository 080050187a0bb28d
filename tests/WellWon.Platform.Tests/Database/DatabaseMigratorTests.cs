using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WellWon.Platform.Database;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Tests.Infrastructure;

namespace WellWon.Platform.Tests.Database;

public sealed class DatabaseMigratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Migrations that would fail or count twice if applied twice; the sleeps (before any write) make runs overlap.</summary>
    private sealed class ProbeMigrations : IMigrationSource
    {
        public IEnumerable<Migration> Migrations =>
        [
            new("probe", 1, "create table", "SELECT pg_sleep(0.2); CREATE SCHEMA probe; CREATE TABLE probe.applied (version int NOT NULL);"),
            new("probe", 2, "count two", "SELECT pg_sleep(0.2); INSERT INTO probe.applied VALUES (2);"),
            new("probe", 3, "count three", "ALTER TABLE probe.applied ADD COLUMN note text; INSERT INTO probe.applied VALUES (3, 'three');"),
        ];
    }

    private sealed class ListSource(params Migration[] migrations) : IMigrationSource
    {
        public IEnumerable<Migration> Migrations => migrations;
    }

    [Fact]
    public async Task Migrators_started_together_apply_each_migration_once()
    {
        await using var database = await PostgresDatabase.CreateAsync(migrate: false);
        IMigrationSource[] sources = [new EventStoreMigrations(), new ProbeMigrations()];
        // Three pools, as the Api and the two worker roles would have, all starting at once.
        var pools = Enumerable.Range(0, 3).Select(_ => database.CreateDataSource()).ToList();
        try
        {
            var runs = await Task.WhenAll(pools.Select(pool =>
                Task.Run(() => new DatabaseMigrator(pool, sources, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(Ct))));

            var applied = runs.SelectMany(r => r).ToList();
            Assert.Equal(4, applied.Count);
            Assert.Equal(4, applied.Distinct().Count());
            Assert.Equal([2, 3], await ReadAsync<int>(database.DataSource, "SELECT version FROM probe.applied ORDER BY version"));
            Assert.Equal(
                ["event_store 1", "probe 1", "probe 2", "probe 3"],
                await ReadAsync<string>(database.DataSource, "SELECT module || ' ' || version FROM platform.schema_migrations ORDER BY module, version"));

            var again = await new DatabaseMigrator(pools[0], sources, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(Ct);
            Assert.Empty(again);
        }
        finally
        {
            foreach (var pool in pools)
            {
                await pool.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_failing_migration_leaves_the_earlier_ones_applied_and_its_own_work_undone()
    {
        await using var database = await PostgresDatabase.CreateAsync(migrate: false);
        var good = new Migration("probe", 1, "create schema", "CREATE SCHEMA probe;");
        var bad = new Migration("probe", 2, "half done", "CREATE TABLE probe.half (id int); SELECT 1 / 0;");
        var migrator = new DatabaseMigrator(database.DataSource, [new ListSource(good, bad)], NullLogger<DatabaseMigrator>.Instance);

        await Assert.ThrowsAsync<PostgresException>(() => migrator.MigrateAsync(Ct));

        Assert.Equal(["probe 1"], await ReadAsync<string>(database.DataSource, "SELECT module || ' ' || version FROM platform.schema_migrations"));
        Assert.Equal([false], await ReadAsync<bool>(database.DataSource, "SELECT to_regclass('probe.half') IS NOT NULL"));

        var fixedBad = bad with { Sql = "CREATE TABLE probe.half (id int);" };
        var applied = await new DatabaseMigrator(database.DataSource, [new ListSource(good, fixedBad)], NullLogger<DatabaseMigrator>.Instance).MigrateAsync(Ct);
        Assert.Equal([fixedBad], applied);
    }

    [Fact]
    public async Task An_applied_migration_that_was_edited_stops_the_start()
    {
        await using var database = await PostgresDatabase.CreateAsync(migrate: false);
        var original = new Migration("probe", 1, "create schema", "CREATE SCHEMA probe;");
        await new DatabaseMigrator(database.DataSource, [new ListSource(original)], NullLogger<DatabaseMigrator>.Instance).MigrateAsync(Ct);

        var sameButCrlf = original with { Sql = "CREATE SCHEMA probe;\r\n" };
        Assert.Empty(await new DatabaseMigrator(database.DataSource, [new ListSource(sameButCrlf)], NullLogger<DatabaseMigrator>.Instance).MigrateAsync(Ct));

        var edited = original with { Sql = "CREATE SCHEMA probe_renamed;" };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new DatabaseMigrator(database.DataSource, [new ListSource(edited)], NullLogger<DatabaseMigrator>.Instance).MigrateAsync(Ct));
        Assert.Contains("changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_defined_twice_in_a_module_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseMigrator.Plan(
        [
            new ListSource(new Migration("probe", 1, "a", "SELECT 1")),
            new ListSource(new Migration("probe", 1, "b", "SELECT 2")),
        ]));
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_with_the_event_store_migrates_before_anything_starts()
    {
        await using var database = await PostgresDatabase.CreateAsync(migrate: false);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(database.DataSource);
        builder.Services.AddPostgresEventStore();
        builder.Services.AddPostgresEventStore();
        using var host = builder.Build();

        await host.StartAsync(Ct);
        await host.StopAsync(Ct);

        Assert.Equal(
            ["event_store 1"],
            await ReadAsync<string>(database.DataSource, "SELECT module || ' ' || version FROM platform.schema_migrations"));
        Assert.Equal([true], await ReadAsync<bool>(database.DataSource, "SELECT to_regclass('event_store.events') IS NOT NULL"));
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<T>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
