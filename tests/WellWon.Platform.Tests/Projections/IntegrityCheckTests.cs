using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WellWon.Platform.EventStore;
using WellWon.Platform.Projections;

namespace WellWon.Platform.Tests.Projections;

public sealed class IntegrityCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_healthy_table_shows_no_drift_and_a_tampered_one_shows_exactly_what_was_done_to_it()
    {
        await using var database = new FlowDatabase();
        await database.InitializeAsync();
        var db = database.DataSource;
        var store = database.Database.Services.GetRequiredService<IEventStore>();
        var projection = await StreamCounterProjection.CreateLiveAsync(db, Ct);
        var streams = Enumerable.Range(0, 25).Select(_ => CounterEvents.Stream()).ToList();
        await CounterEvents.AppendAsync(store, streams, 500, Ct);
        await database.UntilLogReadableAsync();
        var rebuilder = RebuildTests.Rebuilder(database);
        await rebuilder.RebuildAsync(projection, null, Ct);
        var checker = new ProjectionIntegrityChecker(
            new ProjectionRegistry([projection, new CrateWeightProjection()]),
            store,
            db,
            rebuilder,
            new ProjectionStateStore(db),
            Options.Create(new ProjectionRebuildOptions()),
            TimeProvider.System,
            NullLogger<ProjectionIntegrityChecker>.Instance);

        Assert.Equal(new ProjectionIntegrityReport(projection.Name, 25, 0, 0, 0), await checker.CheckAsync(projection.Name, Ct));

        await using (var tamper = db.CreateCommand($"""
            UPDATE counters.stream_counts SET total = total + 1 WHERE stream_id = '{streams[0]}';
            DELETE FROM counters.stream_counts WHERE stream_id = '{streams[1]}';
            INSERT INTO counters.stream_counts VALUES ('counter-nobody-wrote', 1, 0, 5, 1);
            """))
        {
            await tamper.ExecuteNonQueryAsync(Ct);
        }

        var report = await checker.CheckAsync(projection.Name, Ct);

        Assert.Equal(new ProjectionIntegrityReport(projection.Name, RowsCompared: 26, Missing: 1, Extra: 1, Different: 1), report);
        Assert.False(report.IsHealthy);
        Assert.Equal(["stream_counts"], await RebuildTests.NamesAsync(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'counters'"));
        await Assert.ThrowsAsync<ArgumentException>(() => checker.CheckAsync("test.crate-weights", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => checker.CheckAsync("test.nothing", Ct));
    }
}
