using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Messaging;
using WellWon.Platform.Projections;
using WellWon.Platform.Tests.Fakes;
using WellWon.Platform.Tests.Projections;

namespace WellWon.Platform.Tests.Relay;

/// <summary>The relay against the real PostgreSQL and Redis: every event reaches the bus, one relay at a time, traced.</summary>
public sealed class RelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ITestOutputHelper? Output => TestContext.Current.TestOutputHelper;

    [Fact]
    public async Task A_relay_stopped_mid_stream_and_started_again_republishes_at_most_one_batch_and_skips_nothing()
    {
        await using var database = new FlowDatabase();
        await database.InitializeAsync();
        var db = database.DataSource;
        var store = database.Database.Services.GetRequiredService<IEventStore>();
        var bus = TestBus.Create(TimeSpan.FromSeconds(2), batchSize: 50);
        var projection = await StreamCounterProjection.CreateLiveAsync(db, Ct);
        try
        {
            // The consumer side: a group applying every message to the per-stream counters.
            await using var consumerNode = await RelayNode.CreateAsync(db, bus);
            var received = new ConcurrentDictionary<Guid, byte>();
            using var consuming = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var consumer = consumerNode.Services.GetRequiredService<IMessageConsumer>().RunAsync(
                new ConsumerSubscription(StreamCounterProjection.Topic, "test-projection", "test-consumer"),
                async (message, ct) =>
                {
                    await projection.ApplyAsync(message.Message.ToRecordedEvent(), projection.Table, ct);
                    received.TryAdd(message.Message.MessageId, 0);
                },
                consuming.Token);

            var streams = Enumerable.Range(0, 40).Select(_ => CounterEvents.Stream()).ToList();
            // Writing holds at half until the first relay is stopped, so the stop falls mid-stream however slow the machine is.
            var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writing = CounterEvents.AppendAsync(store, streams, 1200, Ct, pause: TimeSpan.FromMilliseconds(10), halfway: halfway.Task);

            var first = await RelayNode.StartAsync(db, bus);
            await Eventually.Until(() => first.Relay.PublishedEvents >= 300, TimeSpan.FromSeconds(20), "the first relay publishes");
            await first.StopAsync();
            var publishedByFirst = first.Relay.PublishedEvents;
            Assert.False(writing.IsCompleted, "the relay must be stopped while events are still being written");
            await first.DisposeAsync();

            await using var second = await RelayNode.StartAsync(db, bus);
            halfway.SetResult();
            await writing;
            await Eventually.Until(() => received.Count == 1200, TimeSpan.FromSeconds(20), "every event reaches the consumer");

            var onBus = await bus.ReadTopicAsync(StreamCounterProjection.Topic);
            var stored = await EventIdsAsync(database);
            Assert.Equal(stored.ToHashSet(), onBus.Select(m => m.MessageId).ToHashSet());
            var duplicates = onBus.Count - stored.Count;
            Assert.InRange(duplicates, 0, bus.BatchSize);

            // Per stream, the first sighting of each event comes in version order with no gap.
            foreach (var stream in onBus.GroupBy(m => m.Key))
            {
                var firstSightings = stream.DistinctBy(m => m.MessageId).Select(m => m.StreamVersion).ToList();
                Assert.Equal(Enumerable.Range(0, firstSightings.Count).Select(v => (long)v), firstSightings);
            }

            Assert.Equal(0, await StreamCounterProjection.DriftFromLogAsync(db, StreamCounterProjection.LiveTable, Ct));
            Output?.WriteLine($"first relay published {publishedByFirst} before it was stopped; {duplicates} events were published twice after the restart (batch size {bus.BatchSize})");
            await consuming.CancelAsync();
            await consumer;
        }
        finally
        {
            await bus.DeleteKeysAsync();
        }
    }

    [Fact]
    public async Task A_batch_on_the_bus_whose_checkpoint_was_not_saved_is_published_again_never_lost()
    {
        await using var database = new FlowDatabase();
        await database.InitializeAsync();
        var store = database.Database.Services.GetRequiredService<IEventStore>();
        var bus = TestBus.Create(TimeSpan.FromSeconds(2), batchSize: 20);
        FailAfterPublish? failing = null;
        try
        {
            await CounterEvents.AppendAsync(store, [.. Enumerable.Range(0, 10).Select(_ => CounterEvents.Stream())], 100, Ct);
            // Full batches from the start: what another class's open transaction hides would come in smaller ones.
            await database.UntilLogReadableAsync();
            await using var node = await RelayNode.StartAsync(database.DataSource, bus, inner => failing = new FailAfterPublish(inner, failOnCall: 3));
            var stored = await EventIdsAsync(database);
            await Eventually.Until(
                async () => (await bus.ReadTopicAsync(StreamCounterProjection.Topic)).Select(m => m.MessageId).ToHashSet().SetEquals(stored),
                TimeSpan.FromSeconds(10),
                "every event reaches the bus");
            await Eventually.Until(async () => (await CheckpointAsync(database)) == await LastReadableAsync(database), TimeSpan.FromSeconds(5), "the checkpoint reaches the head");

            var onBus = await bus.ReadTopicAsync(StreamCounterProjection.Topic);
            Assert.Equal(20, failing!.FailedBatchSize);
            Assert.Equal(stored.Count + failing.FailedBatchSize, onBus.Count);
        }
        finally
        {
            await bus.DeleteKeysAsync();
        }
    }

    [Fact]
    public async Task Of_two_relays_one_publishes_and_the_other_takes_over_within_the_lease_when_the_first_stops_renewing()
    {
        await using var database = new FlowDatabase();
        await database.InitializeAsync();
        var store = database.Database.Services.GetRequiredService<IEventStore>();
        var bus = TestBus.Create(TimeSpan.FromSeconds(1.5));
        try
        {
            await using var a = await RelayNode.StartAsync(database.DataSource, bus);
            await using var b = await RelayNode.StartAsync(database.DataSource, bus);
            var bothLeading = 0;
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var watcher = Task.Run(async () =>
            {
                while (!watching.IsCancellationRequested)
                {
                    if (a.Relay.IsLeading && b.Relay.IsLeading)
                    {
                        Interlocked.Increment(ref bothLeading);
                    }

                    await Task.Delay(2, CancellationToken.None);
                }
            }, CancellationToken.None);

            await Eventually.Until(() => a.Relay.IsLeading || b.Relay.IsLeading, TimeSpan.FromSeconds(5), "one relay leads");
            var (leader, standby) = a.Relay.IsLeading ? (a, b) : (b, a);
            await CounterEvents.AppendAsync(store, [.. Enumerable.Range(0, 10).Select(_ => CounterEvents.Stream())], 200, Ct);
            await Eventually.Until(() => leader.Relay.PublishedEvents == 200, TimeSpan.FromSeconds(10), "the leader publishes");
            await Task.Delay(bus.LeaseTime, Ct);
            Assert.False(standby.Relay.IsLeading);
            Assert.Equal(0, standby.Relay.PublishedEvents);

            leader.CutOffRedis();
            var takeover = await Eventually.Until(() => standby.Relay.IsLeading, TimeSpan.FromSeconds(10), "the standby takes over");
            Assert.False(leader.Relay.IsLeading);
            Assert.InRange(takeover, TimeSpan.Zero, bus.LeaseTime + TimeSpan.FromSeconds(1));

            await CounterEvents.AppendAsync(store, [.. Enumerable.Range(0, 10).Select(_ => CounterEvents.Stream())], 200, Ct);
            await Eventually.Until(() => standby.Relay.PublishedEvents >= 200, TimeSpan.FromSeconds(10), "the new leader publishes");
            await watching.CancelAsync();
            await watcher;

            Assert.Equal(0, bothLeading);
            Assert.Equal((await EventIdsAsync(database)).ToHashSet(), (await bus.ReadTopicAsync(StreamCounterProjection.Topic)).Select(m => m.MessageId).ToHashSet());
            Output?.WriteLine($"lease {bus.LeaseTime.TotalSeconds} s: the standby took over {takeover.TotalMilliseconds:F0} ms after the leader's Redis connection was cut");
        }
        finally
        {
            await bus.DeleteKeysAsync();
        }
    }

    [Fact]
    public async Task A_relay_that_finds_its_lease_taken_stops_publishing_at_once_and_resumes_when_it_can_take_it_again()
    {
        await using var database = new FlowDatabase();
        await database.InitializeAsync();
        var store = database.Database.Services.GetRequiredService<IEventStore>();
        var bus = TestBus.Create(TimeSpan.FromSeconds(1.5));
        try
        {
            await using var node = await RelayNode.StartAsync(database.DataSource, bus);
            await Eventually.Until(() => node.Relay.IsLeading, TimeSpan.FromSeconds(5), "the relay leads");
            await using var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis);
            await redis.GetDatabase().StringSetAsync(bus.LockKey, "another-relay", TimeSpan.FromSeconds(30));

            var stopped = await Eventually.Until(() => !node.Relay.IsLeading, TimeSpan.FromSeconds(3), "the relay notices");
            Assert.InRange(stopped, TimeSpan.Zero, (bus.LeaseTime / 3) + TimeSpan.FromMilliseconds(500));
            var stream = CounterEvents.Stream();
            await store.AppendAsync(stream, ExpectedVersion.NoStream, [CounterEvents.One(1), CounterEvents.One(2)], Ct);
            await Task.Delay(bus.LeaseTime, Ct);
            Assert.Equal(0, node.Relay.PublishedEvents);
            Assert.Empty(await bus.ReadTopicAsync(StreamCounterProjection.Topic));

            await redis.GetDatabase().KeyDeleteAsync(bus.LockKey);
            await Eventually.Until(() => node.Relay.PublishedEvents == 2, TimeSpan.FromSeconds(5), "the relay leads again and publishes");
            Output?.WriteLine($"the relay stopped {stopped.TotalMilliseconds:F0} ms after its lease was taken (renewal every {(bus.LeaseTime / 3).TotalMilliseconds:F0} ms)");
        }
        finally
        {
            await bus.DeleteKeysAsync();
        }
    }

    [Fact]
    public async Task The_publish_span_links_every_events_trace_and_the_lag_gauge_reaches_zero()
    {
        await using var database = new FlowDatabase();
        await database.InitializeAsync();
        var store = database.Database.Services.GetRequiredService<IEventStore>();
        var bus = TestBus.Create(TimeSpan.FromSeconds(2));
        var one = ActivityTraceId.CreateRandom();
        var other = ActivityTraceId.CreateRandom();
        var third = ActivityTraceId.CreateRandom();
        string TraceParent(ActivityTraceId trace) => $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "WellWon",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName.StartsWith("relay publish", StringComparison.Ordinal)
                    && (activity.Links.Any(l => l.Context.TraceId == one || l.Context.TraceId == third)))
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        try
        {
            // Two requests' events in the first batch, then one request's alone.
            await store.AppendAsync(CounterEvents.Stream(), ExpectedVersion.NoStream, [CounterEvents.One(1, TraceParent(one)), CounterEvents.One(2, TraceParent(one))], Ct);
            var last = await store.AppendAsync(CounterEvents.Stream(), ExpectedVersion.NoStream, [CounterEvents.One(3, TraceParent(other))], Ct);
            // Transactions of other tests (other databases, same server) can hold the readable head back for a moment.
            await Eventually.Until(async () => await LastReadableAsync(database) >= last.LastGlobalPosition, TimeSpan.FromSeconds(5), "all three are readable");
            await using var node = await RelayNode.StartAsync(database.DataSource, bus);
            await Eventually.Until(() => node.Relay.PublishedEvents == 3, TimeSpan.FromSeconds(5), "the first batch is published");
            await store.AppendAsync(CounterEvents.Stream(), ExpectedVersion.NoStream, [CounterEvents.One(4, TraceParent(third))], Ct);
            await Eventually.Until(() => node.Relay.PublishedEvents == 4, TimeSpan.FromSeconds(5), "the second batch is published");

            var mixed = Assert.Single(spans, s => s.Links.Any(l => l.Context.TraceId == one));
            Assert.Equal("relay publish counter", mixed.OperationName);
            Assert.Equal(3, mixed.Links.Count());
            Assert.Equal(new HashSet<ActivityTraceId> { one, other }, mixed.Links.Select(l => l.Context.TraceId).ToHashSet());
            Assert.Null(mixed.ParentId);
            var single = Assert.Single(spans, s => s.Links.Any(l => l.Context.TraceId == third));
            Assert.Equal(third, single.TraceId);

            var lag = new ConcurrentBag<long>();
            var meter = node.Services.GetRequiredService<IMeterFactory>().Create("WellWon");
            using var meters = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Meter == meter && instrument.Name == "wellwon.relay.lag")
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            meters.SetMeasurementEventCallback<long>((_, value, _, _) => lag.Add(value));
            meters.Start();
            await Eventually.Until(() =>
            {
                lag.Clear();
                meters.RecordObservableInstruments();
                return lag.Count == 1 && lag.Single() == 0;
            }, TimeSpan.FromSeconds(5), "the leader reports a lag of 0 once it has published the head");
        }
        finally
        {
            await bus.DeleteKeysAsync();
        }
    }

    private static async Task<long> CheckpointAsync(FlowDatabase database)
    {
        await using var command = database.DataSource.CreateCommand("SELECT coalesce(max(position), 0) FROM event_store.checkpoints WHERE name = 'relay'");
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<long> LastReadableAsync(FlowDatabase database) =>
        (await database.Database.Services.GetRequiredService<PostgresEventStore>().GetHeadAsync(Ct)).Readable.Position;

    private static async Task<List<Guid>> EventIdsAsync(FlowDatabase database)
    {
        await using var command = database.DataSource.CreateCommand("SELECT event_id FROM event_store.events");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(Ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}

/// <summary>Publishes, then fails once on the chosen call: the bus has the batch, the relay believes it failed (a crash before the checkpoint).</summary>
internal sealed class FailAfterPublish(IMessagePublisher inner, int failOnCall) : IMessagePublisher
{
    private int _calls;

    public int FailedBatchSize { get; private set; }

    public async Task PublishAsync(string topic, IReadOnlyList<TransportMessage> messages, CancellationToken ct)
    {
        await inner.PublishAsync(topic, messages, ct);
        if (Interlocked.Increment(ref _calls) == failOnCall)
        {
            FailedBatchSize = messages.Count;
            throw new TimeoutException("The acknowledgement did not arrive in time.");
        }
    }
}
