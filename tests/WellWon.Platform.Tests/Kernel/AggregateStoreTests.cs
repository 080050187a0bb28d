using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tests.Fakes;

namespace WellWon.Platform.Tests.Kernel;

public sealed class AggregateStoreTests
{
    private static readonly EventTypeRegistry Registry = new([typeof(Crate).Assembly]);

    private readonly InMemoryEventStore _events = new();
    private readonly InMemorySnapshotStore _snapshots = new();
    private readonly RequestContext _request = new() { CausationId = Guid.NewGuid(), TenantId = Guid.NewGuid() };
    private readonly TestCurrentUser _user = TestCurrentUser.SignedIn("entrepreneur");
    private readonly List<AppendedEvents> _observed = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AggregateStore Store(int snapshotEvery = 100, bool withSnapshots = true) => new(
        _events,
        Registry,
        new RequestEventMetadataFactory(_request, _user),
        [new RecordingObserver(_observed)],
        Options.Create(new AggregateStoreOptions { SnapshotEvery = snapshotEvery, ReadPageSize = 4 }),
        NullLogger<AggregateStore>.Instance,
        withSnapshots ? _snapshots : null);

    [Fact]
    public async Task A_new_aggregate_is_appended_to_its_category_stream_with_the_request_metadata()
    {
        var id = Guid.NewGuid();
        var crate = Crate.Register(id, "C-1");
        crate.Load(10);
        using var listener = ListenToWellWon();
        using var activity = MessageTelemetry.ActivitySource.StartActivity("command RegisterCrate");

        var position = await Store().SaveAsync(crate, Ct);

        var stream = _events.Stream($"crate-{id:N}");
        Assert.Equal(["test.crate-registered.v1", "test.crate-loaded.v1"], stream.Select(e => e.EventType));
        Assert.Equal([0L, 1L], stream.Select(e => e.StreamVersion));
        Assert.Equal(stream[^1].GlobalPosition, position);
        var metadata = stream[0].Metadata;
        Assert.Equal(_request.CorrelationId, metadata.CorrelationId);
        Assert.Equal(_request.CausationId, metadata.CausationId);
        Assert.Equal(_request.TenantId, metadata.TenantId);
        Assert.Equal(_user.UserId, metadata.UserId);
        Assert.Equal(activity!.Id, metadata.TraceParent);
        Assert.StartsWith($"00-{activity.TraceId}-", metadata.TraceParent, StringComparison.Ordinal);
        Assert.Equal(1, crate.OriginalVersion);
        Assert.Empty(crate.Changes);
    }

    [Fact]
    public async Task Loading_replays_the_stream_across_pages()
    {
        var id = Guid.NewGuid();
        var crate = Crate.Register(id, "C-2");
        for (var i = 1; i <= 9; i++)
        {
            crate.Load(i);
        }

        await Store().SaveAsync(crate, Ct);

        var loaded = await Store().LoadAsync<Crate>(id, Ct);

        Assert.Equal(id, loaded.Id);
        Assert.Equal(9, loaded.OriginalVersion);
        Assert.Equal("C-2", loaded.State.Label);
        Assert.Equal(45, loaded.State.TotalKg);
        Assert.Equal([0L, 4L, 8L], _events.Reads.Select(r => r.FromVersion));
    }

    [Fact]
    public async Task A_missing_stream_is_not_found_or_null()
    {
        var ex = await Assert.ThrowsAsync<NotFoundException>(() => Store().LoadAsync<Crate>(Guid.NewGuid(), Ct));

        Assert.Equal("crate.not-found", ex.Code);
        Assert.Null(await Store().TryLoadAsync<Crate>(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Nothing_to_save_appends_nothing()
    {
        var id = Guid.NewGuid();
        await Store().SaveAsync(Crate.Register(id, "C-3"), Ct);
        var loaded = await Store().LoadAsync<Crate>(id, Ct);

        Assert.Null(await Store().SaveAsync(loaded, Ct));
        Assert.Single(_events.Stream($"crate-{id:N}"));
    }

    [Fact]
    public async Task The_loaded_version_is_the_expected_version_so_a_lost_race_throws()
    {
        var id = Guid.NewGuid();
        await Store().SaveAsync(Crate.Register(id, "C-4"), Ct);
        var mine = await Store().LoadAsync<Crate>(id, Ct);
        var theirs = await Store().LoadAsync<Crate>(id, Ct);

        theirs.Load(5);
        await Store().SaveAsync(theirs, Ct);
        mine.Load(7);
        var ex = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store().SaveAsync(mine, Ct));

        Assert.Equal(ExpectedVersion.Exactly(0), ex.Expected);
        Assert.Equal(1, ex.Actual);
        Assert.Equal(2, _events.Stream($"crate-{id:N}").Count);
    }

    [Fact]
    public async Task A_new_aggregate_expects_no_stream()
    {
        var id = Guid.NewGuid();
        await Store().SaveAsync(Crate.Register(id, "first"), Ct);

        var ex = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store().SaveAsync(Crate.Register(id, "second"), Ct));

        Assert.Equal(ExpectedVersion.NoStream, ex.Expected);
    }

    [Fact]
    public async Task Retry_on_conflict_reloads_and_runs_the_action_again()
    {
        var id = Guid.NewGuid();
        await Store().SaveAsync(Crate.Register(id, "C-5"), Ct);
        _events.BeforeAppend = async _ =>
        {
            var competitor = await Store().LoadAsync<Crate>(id, Ct);
            competitor.Load(100);
            await Store().SaveAsync(competitor, Ct);
        };
        var runs = 0;

        var crate = await Store().RetryOnConflictAsync<Crate>(id, c => { runs++; c.Load(1); }, Ct);

        Assert.Equal(2, runs);
        Assert.Equal(101, crate.State.TotalKg);
        Assert.Equal(2, crate.OriginalVersion);
        Assert.Equal(101, (await Store().LoadAsync<Crate>(id, Ct)).State.TotalKg);
    }

    [Fact]
    public async Task Retry_on_conflict_gives_up_after_three_attempts()
    {
        var id = Guid.NewGuid();
        await Store().SaveAsync(Crate.Register(id, "C-6"), Ct);
        async Task Compete(string _)
        {
            var competitor = await Store().LoadAsync<Crate>(id, Ct);
            competitor.Load(1);
            await Store().SaveAsync(competitor, Ct);
            _events.BeforeAppend = Compete;
        }

        _events.BeforeAppend = Compete;
        var runs = 0;

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store().RetryOnConflictAsync<Crate>(id, c => { runs++; c.Load(1); }, Ct));
        _events.BeforeAppend = null;

        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task Retry_on_conflict_checks_the_rules_against_the_fresh_state()
    {
        var id = Guid.NewGuid();
        var crate = Crate.Register(id, "C-7");
        crate.Load(900);
        await Store().SaveAsync(crate, Ct);
        _events.BeforeAppend = async _ =>
        {
            var competitor = await Store().LoadAsync<Crate>(id, Ct);
            competitor.Load(90);
            await Store().SaveAsync(competitor, Ct);
        };

        var ex = await Assert.ThrowsAsync<DomainException>(() => Store().RetryOnConflictAsync<Crate>(id, c => c.Load(50), Ct));

        Assert.Equal("crate.overloaded", ex.Code);
    }

    [Fact]
    public async Task A_snapshot_is_stored_each_time_the_stream_passes_a_multiple_of_n_and_used_on_load()
    {
        var id = Guid.NewGuid();
        var stream = $"crate-{id:N}";
        var crate = Crate.Register(id, "C-8");
        crate.Load(1);
        await Store(snapshotEvery: 3).SaveAsync(crate, Ct);          // versions 0-1: 2 events
        Assert.Empty(_snapshots.Saved);

        crate.Load(2);
        await Store(snapshotEvery: 3).SaveAsync(crate, Ct);          // version 2: the 3rd event
        for (var i = 0; i < 5; i++)
        {
            crate.Load(3);
        }

        await Store(snapshotEvery: 3).SaveAsync(crate, Ct);          // versions 3-7: passes 6 events
        crate.Load(4);
        await Store(snapshotEvery: 3).SaveAsync(crate, Ct);          // version 8: the 9th event

        Assert.Equal([2L, 7L, 8L], _snapshots.Saved.Where(s => s.StreamId == stream).Select(s => s.Version));
        crate.Load(5);
        await Store(snapshotEvery: 3).SaveAsync(crate, Ct);          // version 9: no snapshot
        _events.Reads.Clear();

        var loaded = await Store(snapshotEvery: 3).LoadAsync<Crate>(id, Ct);

        Assert.Equal([(stream, 9L)], _events.Reads);
        Assert.Equal(9, loaded.OriginalVersion);
        Assert.Equal(crate.State.Loads, loaded.State.Loads);
        Assert.Equal("C-8", loaded.State.Label);
    }

    [Fact]
    public async Task The_snapshot_state_is_what_load_starts_from()
    {
        var id = Guid.NewGuid();
        var crate = Crate.Register(id, "real");
        await Store().SaveAsync(crate, Ct);
        var state = JsonSerializer.SerializeToElement(new CrateState { Label = "from snapshot" }, EventTypeRegistry.JsonOptions);
        await _snapshots.SaveAsync($"crate-{id:N}", new StoredSnapshot(0, AggregateStore.SnapshotTypeOf(typeof(CrateState)), state), Ct);

        Assert.Equal("from snapshot", (await Store().LoadAsync<Crate>(id, Ct)).State.Label);
    }

    [Fact]
    public async Task A_snapshot_of_another_shape_is_ignored_and_the_stream_replayed()
    {
        var id = Guid.NewGuid();
        await Store().SaveAsync(Crate.Register(id, "real"), Ct);
        var state = JsonSerializer.SerializeToElement(new { label = "stale shape" });
        await _snapshots.SaveAsync($"crate-{id:N}", new StoredSnapshot(0, "Some.Old.CrateState", state), Ct);

        Assert.Equal("real", (await Store().LoadAsync<Crate>(id, Ct)).State.Label);
        Assert.Equal(0L, _events.Reads[^1].FromVersion);
    }

    [Fact]
    public async Task Snapshot_every_zero_turns_snapshots_off()
    {
        var crate = Crate.Register(Guid.NewGuid(), "C-9");
        for (var i = 0; i < 10; i++)
        {
            crate.Load(1);
        }

        await Store(snapshotEvery: 0).SaveAsync(crate, Ct);

        Assert.Empty(_snapshots.Saved);
    }

    [Fact]
    public async Task Observers_are_told_which_versions_were_appended()
    {
        var id = Guid.NewGuid();
        await Store().SaveAsync(Crate.Register(id, "C-10"), Ct);
        var crate = await Store().LoadAsync<Crate>(id, Ct);
        crate.Load(1);
        crate.Load(2);

        await Store().SaveAsync(crate, Ct);

        var appended = _observed[^1];
        Assert.Equal($"crate-{id:N}", appended.StreamId);
        Assert.Equal(1, appended.FirstVersion);
        Assert.Equal(2, appended.LastVersion);
        Assert.Equal(2, appended.Events.Count);
    }

    private static ActivityListener ListenToWellWon()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "WellWon",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private sealed class RecordingObserver(List<AppendedEvents> observed) : IAppendObserver
    {
        public Task OnAppendedAsync(AppendedEvents appended, CancellationToken ct)
        {
            observed.Add(appended);
            return Task.CompletedTask;
        }
    }
}
