using Grpc.Core;
using WellWon.Platform.EventStore;
using WellWon.Platform.KurrentDB.Tests.Fake;
using ReadOptions = WellWon.Platform.KurrentDB.Protocol.ReadReq.Types.Options;

namespace WellWon.Platform.KurrentDB.Tests.Client;

/// <summary>The catch-up subscription on the wire: what it asks for, and how it recovers from every way a call can end.</summary>
public sealed class SubscriptionTests
{
    private static readonly KurrentDbSubscriptionOptions Fast = new() { BatchSize = 2, MinRetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(200) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_subscription_asks_for_all_after_its_checkpoint_with_the_non_system_filter()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();
        await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(3), Ct);
        var name = $"ask-{Guid.NewGuid():N}";
        var all = await client.Store.ReadAllAsync(LogPosition.Start, 10, Ct);
        await client.Checkpoints.SaveAsync(name, all[0].LogPosition, Ct);
        var recorder = new DeliveryRecorder(client.Checkpoints, name);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var subscription = client.Subscriptions.Create(name, Fast);
        var running = subscription.RunAsync(recorder.HandleAsync, stop.Token);
        await recorder.WaitForAsync(_ => true, 2);
        await WaitUntilAsync(() => subscription.IsLive);
        await stop.CancelAsync();
        await running;

        var request = Assert.Single(client.Server.State.SubscriptionRequests).Options;
        Assert.Equal(ReadOptions.CountOptionOneofCase.Subscription, request.CountOptionCase);
        Assert.Equal(ReadOptions.Types.ReadDirection.Forwards, request.ReadDirection);
        Assert.Equal((all[0].TransactionId, (ulong)all[0].GlobalPosition), (request.All.Position.CommitPosition, request.All.Position.PreparePosition));
        Assert.Equal(@"^[^\$]", request.Filter.EventType.Regex);
        Assert.True(request.Filter.CheckpointIntervalMultiplier > 0, "the server refuses a multiplier of 0");
        Assert.Equal(ReadOptions.Types.UUIDOption.ContentOneofCase.String, request.UuidOption.ContentCase);
        Assert.Equal(all.Skip(1).Select(e => e.EventId), recorder.Delivered.Select(e => e.EventId));
    }

    [Theory]
    [InlineData(DropKind.Unavailable)]
    [InlineData(DropKind.Cancelled)]
    [InlineData(DropKind.DeadlineExceeded)]
    [InlineData(DropKind.Aborted)]
    [InlineData(DropKind.ConnectionReset)]
    [InlineData(DropKind.StreamEnd)]
    public async Task A_dropped_subscription_resumes_from_its_checkpoint_without_losing_or_redelivering_a_checkpointed_event(DropKind drop)
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();
        var appended = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            var e = TestEvents.One($"e{i}");
            await client.Store.AppendAsync(stream, ExpectedVersion.Any, [e], Ct);
            appended.Add(e.EventId);
        }

        client.Server.Faults.Drops.Enqueue(new PlannedDrop(AfterEvents: 5, drop));
        var name = $"drop-{drop}-{Guid.NewGuid():N}";
        var recorder = new DeliveryRecorder(client.Checkpoints, name);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var subscription = client.Subscriptions.Create(name, Fast);
        var running = subscription.RunAsync(recorder.HandleAsync, stop.Token);

        await recorder.WaitForAsync(_ => true, 10);
        var live = TestEvents.One("live");
        await client.Store.AppendAsync(stream, ExpectedVersion.Exactly(9), [live], Ct);
        await recorder.WaitForAsync(e => e.EventId == live.EventId, 1);
        await stop.CancelAsync();
        await running;

        Assert.Empty(recorder.Violations);
        Assert.Equal(appended.Append(live.EventId), recorder.Delivered.Select(e => e.EventId));
        Assert.Equal(2, subscription.Subscriptions);
        // The second call starts exactly at the checkpoint saved before it: nothing skipped, nothing checkpointed repeated.
        var requests = client.Server.State.SubscriptionRequests.ToList();
        var secondCall = client.Server.State.SubscriptionCalls.ToList()[1];
        Assert.Equal(ReadOptions.Types.AllOptions.AllOptionOneofCase.Start, requests[0].Options.All.AllOptionCase);
        var checkpoint = client.Checkpoints.Saves.LastOrDefault(s => s.Name == name && s.At < secondCall).Position;
        Assert.Equal(checkpoint, StartOf(requests[1].Options.All));
        if (drop != DropKind.ConnectionReset)
        {
            // Ended by a status or by the stream's end, the call first delivered all five events sent before it; a reset stream may lose what was in flight.
            Assert.Equal(recorder.Delivered[4].LogPosition, checkpoint);
        }
    }

    private static LogPosition StartOf(ReadOptions.Types.AllOptions all) =>
        all.AllOptionCase == ReadOptions.Types.AllOptions.AllOptionOneofCase.Position
            ? new LogPosition(all.Position.CommitPosition, (long)all.Position.PreparePosition)
            : LogPosition.Start;

    [Fact]
    public async Task A_failing_handler_ends_the_call_and_its_batch_comes_again_from_the_checkpoint()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();
        for (var i = 0; i < 6; i++)
        {
            await client.Store.AppendAsync(stream, ExpectedVersion.Any, [TestEvents.One($"e{i}")], Ct);
        }

        var name = $"flaky-{Guid.NewGuid():N}";
        var recorder = new DeliveryRecorder(client.Checkpoints, name) { FailOnce = e => e.StreamVersion == 3 };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var subscription = client.Subscriptions.Create(name, Fast);
        var running = subscription.RunAsync(recorder.HandleAsync, stop.Token);
        await recorder.WaitForAsync(_ => true, 6);
        await stop.CancelAsync();
        await running;

        Assert.Empty(recorder.Violations);
        Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L], recorder.Delivered.Select(e => e.StreamVersion));
        Assert.Equal(2, subscription.Subscriptions);
        // Batches are cut where the arrivals happen to pause, so which events shared the failed batch varies; the call after
        // the failure must resume right after the last event handled before that batch, whichever it was.
        var failed = Assert.IsAssignableFrom<IReadOnlyList<RecordedEvent>>(recorder.FailedBatch);
        Assert.Contains(failed, e => e.StreamVersion == 3);
        var handledBefore = recorder.Delivered.TakeWhile(e => e.EventId != failed[0].EventId).ToList();
        Assert.NotEmpty(handledBefore);
        var resumedAt = client.Server.State.SubscriptionRequests.Last().Options.All.Position;
        Assert.Equal((ulong)handledBefore[^1].GlobalPosition, resumedAt.PreparePosition);
    }

    [Fact]
    public async Task The_servers_checkpoints_move_the_checkpoint_past_a_run_of_system_events()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();
        await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(3), Ct);
        for (var i = 0; i < 40; i++)
        {
            await client.Store.AppendAsync("$stats-node", ExpectedVersion.Any, [TestEvents.One(type: "$statsCollected")], Ct);
        }

        var name = $"filtered-{Guid.NewGuid():N}";
        var recorder = new DeliveryRecorder(client.Checkpoints, name);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var subscription = client.Subscriptions.Create(name, new KurrentDbSubscriptionOptions { BatchSize = 32 });
        var running = subscription.RunAsync(recorder.HandleAsync, stop.Token);
        await WaitUntilAsync(() => subscription.IsLive);
        await stop.CancelAsync();
        await running;

        var last = client.Server.Log.Snapshot()[^1];
        Assert.Equal(3, recorder.Delivered.Count);
        Assert.Equal(new LogPosition(last.Commit, (long)last.Prepare), await client.Checkpoints.LoadAsync(name, Ct));
        Assert.True(client.Checkpoints.Saves.Count(s => s.Name == name) >= 2, "the scan past system events was checkpointed on the way");
    }

    [Fact]
    public async Task Refused_subscriptions_are_retried_with_a_doubling_delay_until_one_is_accepted()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();
        await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(1), Ct);
        for (var i = 0; i < 4; i++)
        {
            client.Server.Faults.Subscriptions.Enqueue(new RpcException(new Status(StatusCode.Unavailable, "Server Is Not Ready")));
        }

        var name = $"backoff-{Guid.NewGuid():N}";
        var recorder = new DeliveryRecorder(client.Checkpoints, name);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var options = new KurrentDbSubscriptionOptions { MinRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromSeconds(1) };
        var running = client.Subscriptions.Create(name, options).RunAsync(recorder.HandleAsync, stop.Token);
        await recorder.WaitForAsync(_ => true, 1);
        await stop.CancelAsync();
        await running;

        var calls = client.Server.State.SubscriptionCalls.ToList();
        Assert.Equal(5, calls.Count);
        var gaps = calls.Zip(calls.Skip(1)).Select(p => (p.Second - p.First).TotalMilliseconds).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"gaps between attempts: {string.Join(", ", gaps.Select(g => $"{g:F0} ms"))}");
        // 50, 100, 200, 400 ms (each at least its delay; scheduling only adds).
        Assert.All(gaps.Select((gap, i) => (gap, expected: 50 << i)), g => Assert.True(g.gap >= g.expected * 0.9, $"{g.gap:F0} ms < {g.expected} ms"));
    }

    [Fact]
    public async Task Resetting_the_connection_under_a_live_subscription_resubscribes_and_keeps_delivering()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();
        var name = $"reset-{Guid.NewGuid():N}";
        var recorder = new DeliveryRecorder(client.Checkpoints, name);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var subscription = client.Subscriptions.Create(name, Fast);
        var running = subscription.RunAsync(recorder.HandleAsync, stop.Token);
        await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(2), Ct);
        await recorder.WaitForAsync(_ => true, 2);
        await WaitUntilAsync(() => subscription.IsLive);

        client.Connection.Reset();
        await client.Store.AppendAsync(stream, ExpectedVersion.Exactly(1), TestEvents.Many(2), Ct);
        await recorder.WaitForAsync(_ => true, 4);
        await stop.CancelAsync();
        await running;

        Assert.Empty(recorder.Violations);
        Assert.Equal([0L, 1L, 2L, 3L], recorder.Delivered.Select(e => e.StreamVersion));
        Assert.True(subscription.Subscriptions >= 2);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the condition did not come true in time");
            await Task.Delay(20, Ct);
        }
    }
}
