using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.EventStore;
using WellWon.Platform.Projections;
using WellWon.Platform.Tests.EventStore;

namespace WellWon.Platform.Tests.Projections;

/// <summary>The rebuild queue and the lag estimate in <c>platform.projection_state</c>.</summary>
public sealed class ProjectionStateStoreTests(FlowDatabase database) : IClassFixture<FlowDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_worker_claims_a_requested_rebuild_and_another_takes_it_over_only_once_its_heartbeat_is_stale()
    {
        var store = new ProjectionStateStore(database.DataSource);
        var projection = new StreamCounterProjection(database.DataSource);
        await store.RegisterAsync([projection, new CrateWeightProjection()], Ct);
        string[] names = [projection.Name];

        Assert.Equal(RebuildRequestOutcome.Requested, await store.RequestRebuildAsync(projection.Name, Ct));
        Assert.Equal(RebuildRequestOutcome.AlreadyRunning, await store.RequestRebuildAsync(projection.Name, Ct));
        Assert.Equal(RebuildRequestOutcome.NotRebuildable, await store.RequestRebuildAsync("test.crate-weights", Ct));
        Assert.Equal(RebuildRequestOutcome.NotFound, await store.RequestRebuildAsync("test.nothing", Ct));

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => store.ClaimRebuildAsync(names, $"worker-{i}", TimeSpan.FromMinutes(1), Ct)));
        var owner = $"worker-{Array.FindIndex(claims, c => c is not null)}";
        Assert.Single(claims, c => c is not null);
        Assert.True(await store.ReportRebuildProgressAsync(projection.Name, owner, 10, 100, 50.0, Ct));
        var running = (await store.FindAsync(projection.Name, Ct))!;
        Assert.Equal(ProjectionStatus.Rebuilding, running.Status);
        Assert.Equal((10L, 100L, 0.1), (running.Rebuild!.Done, running.Rebuild.Total, running.Rebuild.Fraction));
        Assert.Equal(TimeSpan.FromSeconds(90 / 50.0), running.Rebuild.Eta);

        await Task.Delay(50, Ct);
        Assert.Equal(projection.Name, await store.ClaimRebuildAsync(names, "worker-late", TimeSpan.FromMilliseconds(10), Ct));
        Assert.False(await store.ReportRebuildProgressAsync(projection.Name, owner, 20, 100, 50.0, Ct));
        Assert.True(await store.CompleteRebuildAsync(projection.Name, "worker-late", 100, 100, 80.0, Ct));
        var finished = (await store.FindAsync(projection.Name, Ct))!;
        Assert.Equal((ProjectionStatus.Live, 1.0, (TimeSpan?)null), (finished.Status, finished.Rebuild!.Fraction, finished.Rebuild.Eta));
    }

    [Fact]
    public async Task Lag_counts_only_events_of_the_projections_own_types_and_positions_never_go_back()
    {
        var store = new ProjectionStateStore(database.DataSource);
        var projection = new StreamCounterProjection(database.DataSource);
        await store.RegisterAsync([projection], Ct);
        var events = database.Database.Services.GetRequiredService<IEventStore>();
        var counted = await events.AppendAsync(CounterEvents.Stream(), ExpectedVersion.NoStream, [CounterEvents.One(1), CounterEvents.One(2)], Ct);
        await events.AppendAsync("other-1", ExpectedVersion.Any, TestEvents.Many(5), Ct);

        await store.RecordAppliedAsync([new(projection.Name, counted.LastGlobalPosition - 1)], Ct);
        Assert.Equal(1, (await store.FindAsync(projection.Name, Ct))!.Lag);
        await store.RecordAppliedAsync([new(projection.Name, counted.LastGlobalPosition)], Ct);
        await store.RecordAppliedAsync([new(projection.Name, 1)], Ct);

        var state = (await store.FindAsync(projection.Name, Ct))!;
        Assert.Equal((counted.LastGlobalPosition, 0L), (state.Position, state.Lag));
    }
}
