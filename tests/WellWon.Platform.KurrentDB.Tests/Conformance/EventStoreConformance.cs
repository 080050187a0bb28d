using System.Collections.Concurrent;
using System.Text.Json;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.KurrentDB.Tests.Conformance;

/// <summary>
/// What every WellWon event store must do, whatever holds the log: optimistic concurrency with no-stream / any / exact
/// semantics, retries recognised, stream reads both ways, one total order of the whole log read page by page from a
/// position, and checkpointed subscriptions that survive dropped connections, handler failures and restarts without losing
/// an event or handing a checkpointed one over again (at least once, never skipped). Each test uses streams of its own, so
/// a shared live server with other data is fine.
/// </summary>
public abstract class EventStoreConformance<TTarget>(TTarget target)
    where TTarget : EventStoreTarget
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The target, or a visible skip that says why it cannot run here.</summary>
    protected TTarget Target
    {
        get
        {
            if (target.Unavailable is { } why)
            {
                Assert.Skip(why);
            }

            return target;
        }
    }

    private IEventStore Store => Target.Store;

    [Fact]
    public async Task Appended_events_read_back_in_order_with_their_data_and_metadata()
    {
        var stream = Stream("order");
        var events = Events(5);

        var result = await Store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);

        Assert.Equal(4, result.NextExpectedVersion);
        var read = await Store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 100, Ct).ToListAsync(Ct);
        Assert.Equal(events.Select(e => e.EventId), read.Select(e => e.EventId));
        Assert.Equal([0, 1, 2, 3, 4], read.Select(e => e.StreamVersion));
        Assert.All(read, e => Assert.Equal(stream, e.StreamId));
        Assert.Equal(events.Select(e => e.EventType), read.Select(e => e.EventType));
        Assert.Equal("item-3", read[3].Data.GetProperty("label").GetString());
        Assert.Equal(3, read[3].Data.GetProperty("n").GetInt32());
        // Correlation, causation, tenant, user and the W3C trace context travel with every event.
        Assert.Equal(events.Select(e => e.Metadata), read.Select(e => e.Metadata));
        Assert.All(read, e => Assert.InRange(e.RecordedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));

        Assert.Equal([2, 3], (await Store.ReadStreamAsync(stream, 2, ReadDirection.Forwards, 2, Ct).ToListAsync(Ct)).Select(e => e.StreamVersion));
        Assert.Equal([4, 3, 2], (await Store.ReadStreamAsync(stream, long.MaxValue, ReadDirection.Backwards, 3, Ct).ToListAsync(Ct)).Select(e => e.StreamVersion));
        Assert.Equal([1, 0], (await Store.ReadStreamAsync(stream, 1, ReadDirection.Backwards, 10, Ct).ToListAsync(Ct)).Select(e => e.StreamVersion));
        Assert.Empty(await Store.ReadStreamAsync(stream, 5, ReadDirection.Forwards, 10, Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_missing_stream_reads_empty_and_has_no_version()
    {
        var stream = Stream("missing");

        Assert.Empty(await Store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 10, Ct).ToListAsync(Ct));
        Assert.Empty(await Store.ReadStreamAsync(stream, long.MaxValue, ReadDirection.Backwards, 10, Ct).ToListAsync(Ct));
        Assert.Null(await Store.GetStreamVersionAsync(stream, Ct));

        await Store.AppendAsync(stream, ExpectedVersion.NoStream, Events(3), Ct);
        Assert.Equal(2, await Store.GetStreamVersionAsync(stream, Ct));
    }

    [Fact]
    public async Task No_stream_accepts_only_a_stream_that_does_not_exist_yet()
    {
        var stream = Stream("no-stream");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, Events(2), Ct);

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.AppendAsync(stream, ExpectedVersion.NoStream, Events(1), Ct));

        Assert.Equal(stream, conflict.StreamId);
        Assert.Equal(ExpectedVersion.NoStream, conflict.Expected);
        Assert.Equal(1, conflict.Actual);
        Assert.Equal(1, await Store.GetStreamVersionAsync(stream, Ct));
    }

    [Fact]
    public async Task An_exact_version_must_be_the_version_of_the_last_event()
    {
        var stream = Stream("exact");
        var missing = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.AppendAsync(stream, ExpectedVersion.Exactly(0), Events(1), Ct));
        Assert.Null(missing.Actual);

        await Store.AppendAsync(stream, ExpectedVersion.NoStream, Events(3), Ct);
        var behind = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.AppendAsync(stream, ExpectedVersion.Exactly(1), Events(1), Ct));
        var ahead = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.AppendAsync(stream, ExpectedVersion.Exactly(7), Events(1), Ct));
        var result = await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), Events(2), Ct);

        Assert.Equal(2, behind.Actual);
        Assert.Equal(2, ahead.Actual);
        Assert.Equal(ExpectedVersion.Exactly(1), behind.Expected);
        Assert.Equal(4, result.NextExpectedVersion);
        Assert.Equal([0, 1, 2, 3, 4], (await Store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 10, Ct).ToListAsync(Ct)).Select(e => e.StreamVersion));
    }

    [Fact]
    public async Task Any_appends_to_a_new_or_an_existing_stream()
    {
        var stream = Stream("any");

        var first = await Store.AppendAsync(stream, ExpectedVersion.Any, Events(2), Ct);
        var second = await Store.AppendAsync(stream, ExpectedVersion.Any, Events(3), Ct);

        Assert.Equal((1L, 4L), (first.NextExpectedVersion, second.NextExpectedVersion));
        Assert.Equal(4, await Store.GetStreamVersionAsync(stream, Ct));
    }

    [Fact]
    public async Task Of_parallel_appends_expecting_the_same_version_exactly_one_wins()
    {
        var stream = Stream("race");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, Events(3), Ct);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var events = Events(2, $"racer-{i}");
            try
            {
                await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), events, Ct);
                return events;
            }
            catch (WrongExpectedVersionException e)
            {
                Assert.True(e.Actual >= 3, $"a loser sees the winner's version, not {e.Actual}");
                return null;
            }
        })).ToList();

        start.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        var winner = Assert.Single(outcomes, o => o is not null)!;
        var stored = await Store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 100, Ct).ToListAsync(Ct);
        Assert.Equal(5, stored.Count);
        Assert.Equal(winner.Select(e => e.EventId), stored.Skip(3).Select(e => e.EventId));
    }

    [Fact]
    public async Task A_retried_append_returns_the_original_version_and_stores_one_copy()
    {
        var stream = Stream("retry");
        var events = Events(3);

        var first = await Store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);
        var retried = await Store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);
        var next = await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), Events(1), Ct);

        Assert.Equal(first.NextExpectedVersion, retried.NextExpectedVersion);
        Assert.Equal(3, next.NextExpectedVersion);
        Assert.Equal(4, (await Store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 100, Ct).ToListAsync(Ct)).Count);
    }

    [Fact]
    public async Task The_whole_log_is_one_order_across_streams()
    {
        var head = await Target.HeadAsync(Ct);
        var (a, b) = (Stream("left"), Stream("right"));
        var appended = new List<Guid>();
        for (var round = 0; round < 4; round++)
        {
            foreach (var stream in new[] { a, b })
            {
                var events = Events(2, $"{stream}-{round}");
                await Store.AppendAsync(stream, ExpectedVersion.Any, events, Ct);
                appended.AddRange(events.Select(e => e.EventId));
            }
        }

        var ours = (await ReadAllAfterAsync(head, pageSize: 1000, [a, b], appended.Count)).ToList();

        // Sequential appends are read back in the order they were made, whatever their stream.
        Assert.Equal(appended, ours.Select(e => e.EventId));
        Assert.True(ours.Zip(ours.Skip(1)).All(p => p.First.LogPosition < p.Second.LogPosition), "log positions grow strictly");
        Assert.All(ours, e => Assert.True(e.LogPosition > head));
        foreach (var stream in ours.GroupBy(e => e.StreamId))
        {
            Assert.Equal(Enumerable.Range(0, 8).Select(v => (long)v), stream.Select(e => e.StreamVersion));
        }
    }

    [Fact]
    public async Task Reading_the_log_page_by_page_from_a_position_neither_skips_nor_repeats()
    {
        var head = await Target.HeadAsync(Ct);
        var streams = Enumerable.Range(0, 3).Select(i => Stream($"paged{i}")).ToList();
        var appended = new List<Guid>();
        foreach (var round in Enumerable.Range(0, 4))
        {
            foreach (var stream in streams)
            {
                var events = Events(round + 1, $"{stream}-{round}");
                await Store.AppendAsync(stream, ExpectedVersion.Any, events, Ct);
                appended.AddRange(events.Select(e => e.EventId));
            }
        }

        var paged = await ReadAllAfterAsync(head, pageSize: 4, streams, appended.Count);
        Assert.Equal(appended, paged.Select(e => e.EventId));

        // From the position of the 10th event: exactly the events after it.
        var tenth = paged[9].LogPosition;
        var rest = await ReadAllAfterAsync(tenth, pageSize: 7, streams, appended.Count - 10);
        Assert.Equal(appended.Skip(10), rest.Select(e => e.EventId));
    }

    [Fact]
    public async Task A_subscription_starts_after_its_checkpoint_and_follows_new_appends()
    {
        var stream = Stream("follow");
        var history = Events(5);
        var head = await Target.HeadAsync(Ct);
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, history, Ct);
        var all = await ReadAllAfterAsync(head, pageSize: 1000, [stream], 5);
        var name = $"follow-{Guid.NewGuid():N}";
        await Target.Checkpoints.SaveAsync(name, all[2].LogPosition, Ct);

        var recorder = new Recorder(Target.Checkpoints, name, [stream]);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = Target.Subscriptions.Create(name, 100).RunAsync(recorder.HandleAsync, stop.Token);
        await recorder.WaitForAsync(2, Patience);
        var live = Events(3, "live");
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(4), live, Ct);
        await recorder.WaitForAsync(5, Patience);
        await stop.CancelAsync();
        await running;

        Assert.Equal(history.Skip(3).Concat(live).Select(e => e.EventId), recorder.Delivered.Select(e => e.EventId));
        Assert.Empty(recorder.Violations);
    }

    [Fact]
    public async Task A_subscription_survives_dropped_connections_without_losing_or_redelivering_checkpointed_events()
    {
        var name = $"drops-{Guid.NewGuid():N}";
        await Target.Checkpoints.SaveAsync(name, await Target.HeadAsync(Ct), Ct);
        var streams = Enumerable.Range(0, 3).Select(i => Stream($"drop{i}")).ToList();
        var recorder = new Recorder(Target.Checkpoints, name, streams);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = Target.Subscriptions.Create(name, 10).RunAsync(recorder.HandleAsync, stop.Token);

        var appended = await AppendRoundsAsync(streams, rounds: 5, perAppend: 2);
        await recorder.WaitForAsync(15, Patience);
        await BreakConnectionsAsync("mid-catch-up");
        appended.AddRange(await AppendRoundsAsync(streams, rounds: 5, perAppend: 2));
        await recorder.WaitForAsync(appended.Count, Patience, distinct: true);
        await BreakConnectionsAsync("while live");
        var last = await AppendRoundsAsync(streams, rounds: 1, perAppend: 1);
        appended.AddRange(last);
        await recorder.WaitForAsync(appended.Count, Patience, distinct: true);
        await stop.CancelAsync();
        await running;

        Assert.Empty(recorder.Violations);
        Assert.Equal(appended.Order(), recorder.Delivered.Select(e => e.EventId).Distinct().Order());
        foreach (var stream in recorder.Delivered.DistinctBy(e => e.EventId).GroupBy(e => e.StreamId))
        {
            // First deliveries come in version order per stream.
            Assert.Equal(Enumerable.Range(0, stream.Count()).Select(v => (long)v), stream.Select(e => e.StreamVersion));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{appended.Count} events, {recorder.Delivered.Count} deliveries ({recorder.Delivered.Count - appended.Count} repeated, none of them checkpointed)");
    }

    [Fact]
    public async Task A_failed_batch_is_handed_over_again_before_the_checkpoint_moves()
    {
        var name = $"flaky-{Guid.NewGuid():N}";
        await Target.Checkpoints.SaveAsync(name, await Target.HeadAsync(Ct), Ct);
        var stream = Stream("flaky");
        var recorder = new Recorder(Target.Checkpoints, name, [stream]) { FailFirstDeliveryOf = 1 };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = Target.Subscriptions.Create(name, 100).RunAsync(recorder.HandleAsync, stop.Token);

        var events = Events(3);
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);
        await recorder.WaitForAsync(3, Patience, distinct: true);
        await WaitUntilAsync(async () => (await Target.Checkpoints.LoadAsync(name, Ct)) >= recorder.Delivered[^1].LogPosition);
        await stop.CancelAsync();
        await running;

        Assert.True(recorder.Failures >= 1);
        Assert.Empty(recorder.Violations);
        Assert.Equal(events.Select(e => e.EventId), recorder.Delivered.Select(e => e.EventId).Distinct());
        Assert.True(recorder.CheckpointAtFailure < recorder.Delivered.First(e => e.StreamVersion == 1).LogPosition, "the checkpoint had not passed the failed event");
    }

    [Fact]
    public async Task A_restarted_subscription_resumes_after_its_checkpoint()
    {
        var name = $"restart-{Guid.NewGuid():N}";
        await Target.Checkpoints.SaveAsync(name, await Target.HeadAsync(Ct), Ct);
        var stream = Stream("restart");
        var before = Events(5);
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, before, Ct);

        var first = new Recorder(Target.Checkpoints, name, [stream]);
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            var running = Target.Subscriptions.Create(name, 100).RunAsync(first.HandleAsync, stop.Token);
            await first.WaitForAsync(5, Patience);
            await WaitUntilAsync(async () => (await Target.Checkpoints.LoadAsync(name, Ct)) >= first.Delivered[^1].LogPosition);
            await stop.CancelAsync();
            await running;
        }

        var after = Events(4);
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(4), after, Ct);
        var second = new Recorder(Target.Checkpoints, name, [stream]);
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            var running = Target.Subscriptions.Create(name, 100).RunAsync(second.HandleAsync, stop.Token);
            await second.WaitForAsync(4, Patience);
            await stop.CancelAsync();
            await running;
        }

        Assert.Equal(before.Select(e => e.EventId), first.Delivered.Select(e => e.EventId));
        Assert.Equal(after.Select(e => e.EventId), second.Delivered.Select(e => e.EventId));
        Assert.Empty(first.Violations.Concat(second.Violations));
    }

    private static string Stream(string category) => $"conformance{category}-{Guid.NewGuid():N}";

    private static EventData[] Events(int count, string label = "item") =>
        [.. Enumerable.Range(0, count).Select(i => new EventData(
            Guid.NewGuid(),
            "test.thing-happened.v1",
            JsonSerializer.SerializeToElement(new { label = label == "item" ? $"item-{i}" : $"{label}-{i}", n = i }),
            new EventMetadata
            {
                CorrelationId = Guid.NewGuid(),
                CausationId = Guid.NewGuid(),
                TenantId = Guid.NewGuid(),
                UserId = Guid.NewGuid(),
                TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            }))];

    private async Task<List<Guid>> AppendRoundsAsync(IReadOnlyList<string> streams, int rounds, int perAppend)
    {
        var appended = new List<Guid>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var stream in streams)
            {
                var events = Events(perAppend, $"{stream}-{round}");
                await AppendSurvivingDropsAsync(stream, events);
                appended.AddRange(events.Select(e => e.EventId));
            }
        }

        return appended;
    }

    // Right after a drop the writer's own pooled connection may be the broken one; the same ids make a retry safe.
    private async Task AppendSurvivingDropsAsync(string stream, EventData[] events)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Store.AppendAsync(stream, ExpectedVersion.Any, events, Ct);
                return;
            }
            catch (Exception e) when (attempt < 5 && e is not WrongExpectedVersionException and not OperationCanceledException)
            {
                await Task.Delay(100 * attempt, Ct);
            }
        }
    }

    /// <summary>Reads the log after <paramref name="from"/> page by page until <paramref name="count"/> events of <paramref name="streams"/> came back.</summary>
    private async Task<List<RecordedEvent>> ReadAllAfterAsync(LogPosition from, int pageSize, IReadOnlyCollection<string> streams, int count)
    {
        var position = from;
        var ours = new List<RecordedEvent>();
        var seen = new HashSet<Guid>();
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (ours.Count < count)
        {
            var page = await Store.ReadAllAsync(position, pageSize, Ct);
            Assert.True(page.Count <= pageSize, $"a page holds at most {pageSize} events");
            if (page.Count == 0)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, $"only {ours.Count} of {count} events came back");
                await Task.Delay(50, Ct);
                continue;
            }

            Assert.All(page, e => Assert.True(e.LogPosition > position, "a page starts after the position it was read from"));
            Assert.All(page, e => Assert.False(e.EventType.StartsWith('$'), "system events are not WellWon's"));
            foreach (var e in page.Where(e => streams.Contains(e.StreamId)))
            {
                Assert.True(seen.Add(e.EventId), $"event {e.EventId} came back twice");
                ours.Add(e);
            }

            position = page[^1].LogPosition;
        }

        return ours;
    }

    // A reader that is itself reconnecting holds no connection for a moment; wait until there is one to break.
    private async Task BreakConnectionsAsync(string when)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5);
        while (await Target.DropConnectionsAsync() == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"no connection to break {when}");
            await Task.Delay(50, Ct);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the condition did not come true in time");
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>
    /// A subscription handler that records what it gets for the test's own streams and checks, at every batch, that nothing in it
    /// is at or before the checkpoint saved for the subscription: re-delivery is allowed only for events not yet checkpointed.
    /// </summary>
    private sealed class Recorder(ICheckpointStore checkpoints, string name, IReadOnlyCollection<string> streams)
    {
        private readonly ConcurrentQueue<RecordedEvent> _delivered = new();
        private readonly ConcurrentQueue<string> _violations = new();
        private readonly HashSet<Guid> _failedOnce = [];
        private int _failures;

        /// <summary>When set, the first batch holding this version of the stream fails once.</summary>
        public long? FailFirstDeliveryOf { get; init; }

        public LogPosition CheckpointAtFailure { get; private set; }

        public int Failures => Volatile.Read(ref _failures);

        public IReadOnlyList<RecordedEvent> Delivered => [.. _delivered];

        public IReadOnlyList<string> Violations => [.. _violations];

        public async Task HandleAsync(IReadOnlyList<RecordedEvent> batch, CancellationToken ct)
        {
            var checkpoint = await checkpoints.LoadAsync(name, ct);
            for (var i = 1; i < batch.Count; i++)
            {
                if (batch[i].LogPosition <= batch[i - 1].LogPosition)
                {
                    _violations.Enqueue($"batch out of log order at {batch[i].EventId}");
                }
            }

            var ours = batch.Where(e => streams.Contains(e.StreamId)).ToList();
            foreach (var e in ours.Where(e => e.LogPosition <= checkpoint))
            {
                _violations.Enqueue($"{e.StreamId}@{e.StreamVersion} delivered again after the checkpoint {checkpoint} had passed it");
            }

            if (FailFirstDeliveryOf is { } version && ours.FirstOrDefault(e => e.StreamVersion == version) is { } victim && _failedOnce.Add(victim.EventId))
            {
                CheckpointAtFailure = checkpoint;
                Interlocked.Increment(ref _failures);
                throw new InvalidOperationException("The handler fails once, on purpose.");
            }

            foreach (var e in ours)
            {
                _delivered.Enqueue(e);
            }
        }

        public async Task WaitForAsync(int count, TimeSpan timeout, bool distinct = false)
        {
            var deadline = DateTimeOffset.UtcNow + timeout;
            while ((distinct ? _delivered.Select(e => e.EventId).Distinct().Count() : _delivered.Count) < count)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, $"only {_delivered.Count} of {count} events were delivered within {timeout.TotalSeconds:0} s");
                await Task.Delay(20, Ct);
            }
        }
    }
}

public sealed class PostgresEventStoreConformance(PostgresTarget target)
    : EventStoreConformance<PostgresTarget>(target), IClassFixture<PostgresTarget>;

public sealed class KurrentDbFakeEventStoreConformance(KurrentDbFakeTarget target)
    : EventStoreConformance<KurrentDbFakeTarget>(target), IClassFixture<KurrentDbFakeTarget>;

public sealed class KurrentDbLiveEventStoreConformance(KurrentDbLiveTarget target)
    : EventStoreConformance<KurrentDbLiveTarget>(target), IClassFixture<KurrentDbLiveTarget>;
