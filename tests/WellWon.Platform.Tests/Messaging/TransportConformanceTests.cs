using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using WellWon.Platform.Messaging;

namespace WellWon.Platform.Tests.Messaging;

/// <summary>How fast a transport under test must retry, redeliver and claim, so the suite stays short.</summary>
public sealed record TransportTestSettings(
    TimeSpan ClaimMinIdle,
    int MaxDeliveries,
    int HandlerAttempts,
    TimeSpan RetryBaseDelay,
    TimeSpan RetryMaxDelay)
{
    public static TransportTestSettings Fast { get; } =
        new(TimeSpan.FromSeconds(1), MaxDeliveries: 3, HandlerAttempts: 2, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40));
}

/// <summary>A transport wired as in production, against a real broker, with its own names so tests can run side by side.</summary>
public abstract class TransportUnderTest : IAsyncDisposable
{
    public abstract IMessagePublisher Publisher { get; }

    public abstract IMessageConsumer Consumer { get; }

    public abstract IDeadLetterStore DeadLetters { get; }

    /// <summary>What the broker holds for <paramref name="topic"/> right now, read directly, without any consumer group.</summary>
    public abstract Task<IReadOnlyList<TransportMessage>> ReadTopicAsync(string topic, CancellationToken ct);

    public abstract ValueTask DisposeAsync();
}

/// <summary>
/// What every transport of WellWon's bus must do, run against each adapter (Redis Streams here, Kafka where a broker answers).
/// </summary>
public abstract class TransportConformanceTests
{
    private static readonly ActivitySource TestSource = new("WellWon.Tests.Messaging");

    protected abstract Task<TransportUnderTest> CreateTransportAsync(TransportTestSettings settings);

    /// <summary>Whether <see cref="ReceivedMessage.DeliveryCount"/> survives a consumer's death (a broker-side count).</summary>
    protected virtual bool CountsDeliveriesAcrossConsumers => true;

    /// <summary>Whether a dead consumer's messages pass to another only after they sat idle for the claim time (not so where leaving hands them over).</summary>
    protected virtual bool ClaimsOnlyAfterIdleTime => true;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Published_messages_reach_a_consumer_group_with_every_field_intact()
    {
        await using var transport = await CreateTransportAsync(TransportTestSettings.Fast);
        var (topic, group) = (NewName("topic"), NewName("group"));
        using var counters = new CounterProbe(topic);
        var sent = Enumerable.Range(0, 12).Select(i => NewMessage($"shipment-{i % 3}", i / 3)).ToList();

        await transport.Publisher.PublishAsync(topic, sent, Ct);
        var received = new ConcurrentDictionary<Guid, ReceivedMessage>();
        await using (new RunningConsumer(transport.Consumer, new(topic, group, "c1"), (m, _) =>
        {
            received[m.Message.MessageId] = m;
            return ValueTask.CompletedTask;
        }))
        {
            await WaitUntilAsync(() => received.Count == sent.Count, "all 12 messages");
        }

        foreach (var expected in sent)
        {
            var actual = received[expected.MessageId];
            Assert.Equal(topic, actual.Topic);
            Assert.Equal(group, actual.Group);
            Assert.Equal(1, actual.DeliveryCount);
            AssertSameMessage(expected, actual.Message);
        }

        Assert.Equal(12, counters.Sum("wellwon.transport.published"));
        Assert.Equal(12, counters.Sum("wellwon.transport.consumed"));
    }

    [Fact]
    public async Task An_acknowledged_message_is_not_delivered_again_after_a_restart()
    {
        await using var transport = await CreateTransportAsync(TransportTestSettings.Fast);
        var (topic, group) = (NewName("topic"), NewName("group"));
        var first = Enumerable.Range(0, 3).Select(i => NewMessage("order-1", i)).ToList();
        await transport.Publisher.PublishAsync(topic, first, Ct);

        var firstRun = new ConcurrentQueue<Guid>();
        await using (new RunningConsumer(transport.Consumer, new(topic, group, "c1"), Record(firstRun)))
        {
            await WaitUntilAsync(() => firstRun.Count == 3, "the first three messages");
        }

        var later = NewMessage("order-1", 3);
        await transport.Publisher.PublishAsync(topic, [later], Ct);
        var secondRun = new ConcurrentQueue<Guid>();
        await using (new RunningConsumer(transport.Consumer, new(topic, group, "c1"), Record(secondRun)))
        {
            await WaitUntilAsync(() => secondRun.Contains(later.MessageId), "the message published after the restart");
            await Task.Delay(300, Ct); // room for a wrong redelivery to show up
        }

        Assert.Equal(first.Select(m => m.MessageId), firstRun);
        Assert.Equal([later.MessageId], secondRun);
    }

    [Fact]
    public async Task A_message_whose_consumer_died_mid_handler_is_delivered_again_to_the_restarted_consumer()
    {
        await using var transport = await CreateTransportAsync(TransportTestSettings.Fast);
        var (topic, group) = (NewName("topic"), NewName("group"));
        var message = NewMessage("invoice-7", 0);
        await transport.Publisher.PublishAsync(topic, [message], Ct);

        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var crashed = new RunningConsumer(transport.Consumer, new(topic, group, "c1"), async (_, ct) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await crashed.StopAsync();

        var again = new ConcurrentQueue<ReceivedMessage>();
        await using (new RunningConsumer(transport.Consumer, new(topic, group, "c1"), (m, _) =>
        {
            again.Enqueue(m);
            return ValueTask.CompletedTask;
        }))
        {
            await WaitUntilAsync(() => !again.IsEmpty, "the redelivery");
        }

        var redelivered = Assert.Single(again);
        Assert.Equal(message.MessageId, redelivered.Message.MessageId);
        if (CountsDeliveriesAcrossConsumers)
        {
            Assert.Equal(2, redelivered.DeliveryCount);
        }
    }

    [Fact]
    public async Task Another_consumer_claims_the_pending_messages_of_a_dead_one_after_the_idle_time()
    {
        var settings = TransportTestSettings.Fast;
        await using var transport = await CreateTransportAsync(settings);
        var (topic, group) = (NewName("topic"), NewName("group"));
        var messages = new[] { NewMessage("shipment-9", 0), NewMessage("shipment-9", 1), NewMessage("shipment-9", 2) };
        await transport.Publisher.PublishAsync(topic, messages, Ct);

        var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var takenAt = Stopwatch.StartNew();
        var consumerA = new RunningConsumer(transport.Consumer, new(topic, group, "consumer-a"), async (_, ct) =>
        {
            if (taken.TrySetResult())
            {
                takenAt.Restart();
            }

            await Task.Delay(Timeout.Infinite, ct);
        });
        await taken.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await consumerA.StopAsync();

        var claimed = new ConcurrentQueue<(ReceivedMessage Message, TimeSpan At)>();
        await using (new RunningConsumer(transport.Consumer, new(topic, group, "consumer-b"), (m, _) =>
        {
            claimed.Enqueue((m, takenAt.Elapsed));
            return ValueTask.CompletedTask;
        }))
        {
            await WaitUntilAsync(() => claimed.Count == 3, "consumer B to claim consumer A's messages");
        }

        Assert.Equal(messages.Select(m => m.MessageId), claimed.Select(c => c.Message.Message.MessageId));
        // Claimed only once the first message had sat idle for the configured time (a little slack for clock granularity).
        if (ClaimsOnlyAfterIdleTime)
        {
            Assert.True(claimed.First().At >= settings.ClaimMinIdle - TimeSpan.FromMilliseconds(150),
                $"claimed after {claimed.First().At.TotalMilliseconds} ms, before the idle time of {settings.ClaimMinIdle.TotalMilliseconds} ms");
        }
        if (CountsDeliveriesAcrossConsumers)
        {
            Assert.Equal(2, claimed.First().Message.DeliveryCount);
        }
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_dead_lettered_with_its_error_and_its_key_moves_on()
    {
        var settings = TransportTestSettings.Fast;
        await using var transport = await CreateTransportAsync(settings);
        var (topic, group) = (NewName("topic"), NewName("group"));
        using var counters = new CounterProbe(topic);
        var poison = new[] { NewMessage("k1", 0), NewMessage("k3", 0), NewMessage("k4", 0) };
        var fine = new[] { NewMessage("k1", 1), NewMessage("k2", 0) };
        var failing = new ConcurrentDictionary<Guid, bool>(poison.ToDictionary(m => m.MessageId, _ => true));
        var calls = new ConcurrentQueue<Guid>();
        var handled = new ConcurrentQueue<Guid>();
        await transport.Publisher.PublishAsync(topic, [poison[0], fine[0], fine[1], poison[1], poison[2]], Ct);

        await using var consumer = new RunningConsumer(transport.Consumer, new(topic, group, "c1"), (m, _) =>
        {
            calls.Enqueue(m.Message.MessageId);
            if (failing.ContainsKey(m.Message.MessageId))
            {
                throw new InvalidOperationException($"poison {m.Message.MessageId}");
            }

            handled.Enqueue(m.Message.MessageId);
            return ValueTask.CompletedTask;
        });
        var deadLetters = new List<DeadLetter>();
        await WaitUntilAsync(async () =>
        {
            deadLetters = [.. (await transport.DeadLetters.ListAsync(topic, null, 100, Ct)).Items];
            return deadLetters.Count == 3 && handled.Count == 2;
        }, "three dead letters and the two good messages");

        // Every delivery ran the handler HandlerAttempts times; the key's next message waited for the last one.
        var triesPerPoison = settings.MaxDeliveries * settings.HandlerAttempts;
        Assert.Equal(triesPerPoison, calls.Count(id => id == poison[0].MessageId));
        var order = calls.Where(id => id == poison[0].MessageId || id == fine[0].MessageId).ToList();
        Assert.Equal(fine[0].MessageId, order[^1]);
        Assert.Equal(triesPerPoison, order.Count - 1);

        Assert.Equal(poison.Select(m => m.MessageId).Order(), deadLetters.Select(d => d.Message!.MessageId).Order());
        foreach (var deadLetter in deadLetters)
        {
            Assert.Equal(topic, deadLetter.Topic);
            Assert.Equal(group, deadLetter.Group);
            Assert.Equal(settings.MaxDeliveries, deadLetter.Attempts);
            Assert.Equal(typeof(InvalidOperationException).FullName, deadLetter.Error.Type);
            Assert.Equal($"poison {deadLetter.Message!.MessageId}", deadLetter.Error.Message);
            Assert.Contains(nameof(A_message_that_keeps_failing_is_dead_lettered_with_its_error_and_its_key_moves_on), deadLetter.Error.StackTrace);
            AssertSameMessage(poison.Single(p => p.MessageId == deadLetter.Message.MessageId), deadLetter.Message);
        }

        Assert.Equal(3, counters.Sum("wellwon.transport.dead_lettered"));
        Assert.True(counters.Sum("wellwon.transport.retries") >= 3 * (triesPerPoison - 1));
    }

    [Fact]
    public async Task Dead_letters_are_paged_and_a_replayed_one_is_delivered_again()
    {
        await using var transport = await CreateTransportAsync(TransportTestSettings.Fast with { MaxDeliveries = 1, HandlerAttempts = 1 });
        var (topic, group) = (NewName("topic"), NewName("group"));
        var poison = Enumerable.Range(0, 3).Select(i => NewMessage($"k{i}", 0)).ToList();
        var failing = new ConcurrentDictionary<Guid, bool>(poison.ToDictionary(m => m.MessageId, _ => true));
        var handled = new ConcurrentQueue<ReceivedMessage>();
        await transport.Publisher.PublishAsync(topic, poison, Ct);

        await using var consumer = new RunningConsumer(transport.Consumer, new(topic, group, "c1"), (m, _) =>
        {
            if (failing.ContainsKey(m.Message.MessageId))
            {
                throw new InvalidOperationException("not yet");
            }

            handled.Enqueue(m);
            return ValueTask.CompletedTask;
        });
        await WaitUntilAsync(async () => (await transport.DeadLetters.ListAsync(topic, null, 10, Ct)).Items.Count == 3, "three dead letters");

        var page1 = await transport.DeadLetters.ListAsync(topic, null, 2, Ct);
        Assert.Equal(2, page1.Items.Count);
        Assert.NotNull(page1.NextPageToken);
        var page2 = await transport.DeadLetters.ListAsync(topic, page1.NextPageToken, 2, Ct);
        var last = Assert.Single(page2.Items);
        Assert.Null(page2.NextPageToken);
        var all = page1.Items.Append(last).ToList();
        Assert.Equal(3, all.Select(d => d.Id).Distinct().Count());

        var toReplay = all[0];
        failing.TryRemove(toReplay.Message!.MessageId, out _);
        Assert.True(await transport.DeadLetters.ReplayAsync(topic, toReplay.Id, Ct));
        await WaitUntilAsync(() => handled.Any(h => h.Message.MessageId == toReplay.Message.MessageId), "the replayed message");
        AssertSameMessage(poison.Single(p => p.MessageId == toReplay.Message.MessageId), handled.Single().Message);

        Assert.True(await transport.DeadLetters.DeleteAsync(topic, all[1].Id, Ct));
        Assert.False(await transport.DeadLetters.DeleteAsync(topic, all[1].Id, Ct));
        Assert.False(await transport.DeadLetters.ReplayAsync(topic, all[1].Id, Ct));
        var remaining = await transport.DeadLetters.ListAsync(topic, null, 10, Ct);
        Assert.Equal([all[2].Id], remaining.Items.Select(d => d.Id));
    }

    [Fact]
    public async Task Each_key_is_handled_in_order_by_two_consumers_even_when_one_dies()
    {
        const int keys = 20, perKey = 50;
        await using var transport = await CreateTransportAsync(TransportTestSettings.Fast);
        var (topic, group) = (NewName("topic"), NewName("group"));
        var seen = new ConcurrentDictionary<string, List<long>>();
        var byConsumer = new ConcurrentDictionary<string, int>();
        var failedOnce = new ConcurrentDictionary<Guid, bool>();

        var redelivered = 0;
        var c1Dying = 0;
        var c1Stuck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // c1 is slow; once it is told to die it hangs inside a handler, so it surely dies with a message in flight.
        MessageHandler Handler(string consumer) => async (m, ct) =>
        {
            if (consumer == "c1" && Volatile.Read(ref c1Dying) == 1)
            {
                c1Stuck.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }

            await Task.Delay(consumer == "c1" ? 20 : Random.Shared.Next(0, 2), ct);
            if (m.DeliveryCount > 1)
            {
                Interlocked.Increment(ref redelivered);
            }

            // Some messages fail once: retries must not reorder a key either.
            if (m.Message.StreamVersion % 13 == 7 && failedOnce.TryAdd(m.Message.MessageId, true))
            {
                throw new InvalidOperationException("transient");
            }

            var list = seen.GetOrAdd(m.Message.Key, _ => []);
            lock (list)
            {
                list.Add(m.Message.StreamVersion);
            }

            byConsumer.AddOrUpdate(consumer, 1, (_, n) => n + 1);
        };

        var c1 = new RunningConsumer(transport.Consumer, new(topic, group, "c1"), Handler("c1"));
        await using var c2 = new RunningConsumer(transport.Consumer, new(topic, group, "c2"), Handler("c2"));
        RunningConsumer? c3 = null;
        try
        {
            for (var round = 0; round < perKey; round++)
            {
                var batch = Enumerable.Range(0, keys).Select(k => NewMessage($"stream-{k}", round)).ToList();
                await transport.Publisher.PublishAsync(topic, batch, Ct);
                if (round == perKey / 2)
                {
                    Volatile.Write(ref c1Dying, 1);
                    await c1Stuck.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
                    await c1.StopAsync(); // c1 dies half-way: its partitions and pending messages move to c2 and c3
                    c3 = new RunningConsumer(transport.Consumer, new(topic, group, "c3"), Handler("c3"));
                }

                await Task.Delay(15, Ct);
            }

            await WaitUntilAsync(() => seen.Count == keys && seen.Values.All(l => { lock (l) { return l.Distinct().Count() == perKey; } }),
                "every message of every key", TimeSpan.FromSeconds(25));
        }
        finally
        {
            await c1.DisposeAsync();
            if (c3 is not null)
            {
                await c3.DisposeAsync();
            }
        }

        foreach (var (key, list) in seen)
        {
            // At-least-once allows a message to be handled again right after itself (a redelivery), never out of order.
            var collapsed = list.Where((v, i) => i == 0 || list[i - 1] != v).ToList();
            Assert.True(collapsed.SequenceEqual(Enumerable.Range(0, perKey).Select(i => (long)i)),
                $"{key} was handled as {string.Join(",", list)}");
        }

        Assert.True(byConsumer.Count >= 2, $"only {string.Join(", ", byConsumer.Keys)} handled messages");
        if (CountsDeliveriesAcrossConsumers)
        {
            Assert.True(redelivered > 0, "c1 died with nothing in flight; the hand-over was not exercised");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"handled by {string.Join(", ", byConsumer.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"))}; {redelivered} redelivered after c1 died");
    }

    [Fact]
    public async Task Messages_are_readable_as_soon_as_publish_returns()
    {
        await using var transport = await CreateTransportAsync(TransportTestSettings.Fast);
        var topic = NewName("topic");
        var sent = Enumerable.Range(0, 100).Select(i => NewMessage($"company-{i % 10}", i / 10)).ToList();

        await transport.Publisher.PublishAsync(topic, sent, Ct);
        var stored = await transport.ReadTopicAsync(topic, Ct);

        Assert.Equal(sent.Select(m => m.MessageId).Order(), stored.Select(m => m.MessageId).Order());
        foreach (var key in sent.Select(m => m.Key).Distinct())
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), stored.Where(m => m.Key == key).Select(m => m.StreamVersion));
        }
    }

    [Fact]
    public async Task The_consumer_span_continues_the_trace_of_the_message()
    {
        var publishSpans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "WellWon" or "WellWon.Tests.Messaging",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.Kind == ActivityKind.Producer) publishSpans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);

        await using var transport = await CreateTransportAsync(TransportTestSettings.Fast);
        var (topic, group) = (NewName("topic"), NewName("group"));
        var fromCommand = NewMessage("user-1", 0);
        var upstream = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, null, isRemote: true);
        var fromEvent = NewMessage("user-2", 0) with
        {
            Headers = new Dictionary<string, string> { [TransportHeaders.TraceParent] = $"00-{upstream.TraceId}-{upstream.SpanId}-01" },
        };

        ActivityTraceId commandTrace;
        using (var command = TestSource.StartActivity("command"))
        {
            Assert.NotNull(command);
            commandTrace = command.TraceId;
            await transport.Publisher.PublishAsync(topic, [fromCommand, fromEvent], Ct);
        }

        var spans = new ConcurrentDictionary<Guid, (ActivityTraceId Trace, ActivitySpanId Parent, string Name)>();
        await using (new RunningConsumer(transport.Consumer, new(topic, group, "c1"), (m, _) =>
        {
            var current = Activity.Current!;
            spans[m.Message.MessageId] = (current.TraceId, current.ParentSpanId, current.DisplayName);
            return ValueTask.CompletedTask;
        }))
        {
            await WaitUntilAsync(() => spans.Count == 2, "both messages");
        }

        var publish = Assert.Single(publishSpans, a => a.TraceId == commandTrace);
        Assert.Equal($"publish {topic}", publish.DisplayName);
        Assert.Contains(publish.Links, l => l.Context.TraceId == upstream.TraceId);

        // Published without a trace context: the consumer span is a child of the publish span, in the command's trace.
        Assert.Equal((commandTrace, publish.SpanId, $"process {topic}"), spans[fromCommand.MessageId]);
        // Published with the trace context of the write that produced the event: that trace goes on.
        Assert.Equal((upstream.TraceId, upstream.SpanId, $"process {topic}"), spans[fromEvent.MessageId]);
    }

    protected static string NewName(string what) => $"{what}-{Guid.NewGuid():N}";

    protected static TransportMessage NewMessage(string key, long version) => new()
    {
        Key = key,
        MessageId = Guid.NewGuid(),
        Type = "test.thing-happened.v1",
        Payload = JsonSerializer.SerializeToUtf8Bytes(new { key, version, text = "grüße, 货物" }),
        GlobalPosition = 10_000 + version,
        StreamVersion = version,
        Headers = new Dictionary<string, string>
        {
            [TransportHeaders.CorrelationId] = Guid.NewGuid().ToString(),
            [TransportHeaders.TenantId] = Guid.NewGuid().ToString(),
            [TransportHeaders.RecordedAt] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        },
    };

    protected static void AssertSameMessage(TransportMessage expected, TransportMessage actual)
    {
        Assert.Equal(expected.MessageId, actual.MessageId);
        Assert.Equal(expected.Key, actual.Key);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Payload.ToArray(), actual.Payload.ToArray());
        Assert.Equal(expected.GlobalPosition, actual.GlobalPosition);
        Assert.Equal(expected.StreamVersion, actual.StreamVersion);
        foreach (var (name, value) in expected.Headers)
        {
            Assert.Equal(value, actual.Headers.GetValueOrDefault(name));
        }
    }

    private static MessageHandler Record(ConcurrentQueue<Guid> into) => (m, _) =>
    {
        into.Enqueue(m.Message.MessageId);
        return ValueTask.CompletedTask;
    };

    protected static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, timeout);

    protected static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Waited {limit.TotalSeconds} s for {what}.");
            }

            await Task.Delay(20, Ct);
        }
    }

    /// <summary>A consumer running in the background, stopped (as by a crash of its process) with <see cref="StopAsync"/>.</summary>
    protected sealed class RunningConsumer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public RunningConsumer(IMessageConsumer consumer, ConsumerSubscription subscription, MessageHandler handler) =>
            _run = Task.Run(() => consumer.RunAsync(subscription, handler, _stop.Token));

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }
    }

    /// <summary>Sums the bus counters for one topic, so tests running side by side do not see each other's numbers.</summary>
    protected sealed class CounterProbe : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _sums = new();

        public CounterProbe(string topic)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "WellWon" && instrument.Name.StartsWith("wellwon.transport.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "messaging.destination.name" && (string?)tag.Value == topic)
                    {
                        _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
                    }
                }
            });
            _listener.Start();
        }

        public long Sum(string instrument) => _sums.GetValueOrDefault(instrument);

        public void Dispose() => _listener.Dispose();
    }
}
