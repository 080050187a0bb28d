using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Tests.Infrastructure;

namespace WellWon.Platform.Tests.EventStore;

[Collection(LogReadersCollection.Name)]
public sealed class LogSubscriptionTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly PostgresEventStore _store = database.Services.GetRequiredService<PostgresEventStore>();
    private readonly LogSubscriptionFactory _subscriptions = database.Services.GetRequiredService<LogSubscriptionFactory>();
    private readonly ICheckpointStore _checkpoints = database.Services.GetRequiredService<ICheckpointStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void Print(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [Fact]
    public async Task Catches_up_in_batches_then_a_notification_brings_a_live_event_within_a_second()
    {
        var streams = Enumerable.Range(0, 5).Select(_ => TestEvents.Stream("catch-up")).ToList();
        foreach (var stream in streams)
        {
            for (var i = 0; i < 5; i++)
            {
                await _store.AppendAsync(stream, ExpectedVersion.Any, TestEvents.Many(10), Ct);
            }
        }

        // Polling every 5 s: anything faster than that came through LISTEN/NOTIFY.
        var name = $"catch-up-{Guid.NewGuid():N}";
        var subscription = _subscriptions.Create(name, new LogSubscriptionOptions
        {
            BatchSize = 100,
            MinPollInterval = TimeSpan.FromSeconds(5),
            MaxPollInterval = TimeSpan.FromSeconds(5),
        });
        var received = new Recorder();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = subscription.RunAsync(received.HandleAsync, stop.Token);

        await received.WaitForAsync(e => streams.Contains(e.StreamId), 250, TimeSpan.FromSeconds(10));
        Assert.All(received.Batches, b => Assert.InRange(b.Count, 1, 100));
        foreach (var stream in received.Events.Where(e => streams.Contains(e.StreamId)).GroupBy(e => e.StreamId))
        {
            Assert.Equal(Enumerable.Range(0, 50).Select(v => (long)v), stream.Select(e => e.StreamVersion));
        }

        await Task.Delay(300, Ct);
        var live = TestEvents.One("live");
        var clock = Stopwatch.StartNew();
        await _store.AppendAsync(streams[0], ExpectedVersion.Exactly(49), [live], Ct);
        await received.WaitForAsync(e => e.EventId == live.EventId, 1, TimeSpan.FromSeconds(10));
        var latency = clock.Elapsed;
        Print($"caught up with 250 events in {received.Batches.Count - 1} batches; live event arrived {latency.TotalMilliseconds:F0} ms after its append (poll interval 5 s)");
        Assert.True(latency < TimeSpan.FromSeconds(1), $"live event took {latency.TotalMilliseconds:F0} ms");

        var lags = new ConcurrentBag<(string? Subscription, long Lag)>();
        using (var meters = new MeterListener())
        {
            meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "WellWon" && instrument.Name == "wellwon.log_subscription.lag")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "subscription")
                    {
                        lags.Add((tag.Value as string, value));
                    }
                }
            });
            meters.Start();
            meters.RecordObservableInstruments();
        }

        Assert.Contains(lags, l => l.Subscription == name && l.Lag == 0);

        await stop.CancelAsync();
        await running;
        var last = received.Events[^1].LogPosition;
        Assert.Equal(last, subscription.Position);
        Assert.Equal(last, await _checkpoints.LoadAsync(name, Ct));
        var head = await _store.GetHeadAsync(Ct);
        Assert.Equal(last, head.Readable);
        Assert.Equal(last.Position, head.LatestPosition);
    }

    [Fact]
    public async Task An_event_held_back_by_an_older_open_transaction_arrives_soon_after_it_ends_not_at_the_next_poll()
    {
        var stream = TestEvents.Stream("held-back");
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(1), Ct);
        var subscription = _subscriptions.Create($"held-back-{Guid.NewGuid():N}", new LogSubscriptionOptions
        {
            MinPollInterval = TimeSpan.FromSeconds(5),
            MaxPollInterval = TimeSpan.FromSeconds(5),
        });
        var received = new Recorder();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = subscription.RunAsync(received.HandleAsync, stop.Token);
        await received.WaitForAsync(e => e.StreamId == stream, 1, TimeSpan.FromSeconds(10));

        // A transaction that began before the append, elsewhere on the server, keeps the append unreadable until it ends:
        // the notification comes at once, the event only when the older transaction is gone.
        await using var older = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await older.OpenAsync(Ct);
        await using var transaction = await older.BeginTransactionAsync(Ct);
        await using (var begin = new NpgsqlCommand("SELECT pg_current_xact_id()", older, transaction))
        {
            await begin.ExecuteScalarAsync(Ct);
        }

        var held = TestEvents.One("held");
        await _store.AppendAsync(stream, ExpectedVersion.Exactly(0), [held], Ct);
        await Task.Delay(300, Ct);
        Assert.DoesNotContain(received.Events, e => e.EventId == held.EventId);

        var clock = Stopwatch.StartNew();
        await transaction.RollbackAsync(Ct);
        await received.WaitForAsync(e => e.EventId == held.EventId, 1, TimeSpan.FromSeconds(10));
        Print($"held-back event arrived {clock.Elapsed.TotalMilliseconds:F0} ms after the older transaction ended (poll interval 5 s)");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"the held-back event waited {clock.Elapsed.TotalMilliseconds:F0} ms, as long as a poll");

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Without_notifications_polling_still_delivers()
    {
        var subscription = _subscriptions.Create($"polling-{Guid.NewGuid():N}", new LogSubscriptionOptions
        {
            NotificationChannel = "wellwon_events_nobody_notifies",
            MinPollInterval = TimeSpan.FromMilliseconds(50),
            MaxPollInterval = TimeSpan.FromMilliseconds(400),
        });
        var received = new Recorder();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = subscription.RunAsync(received.HandleAsync, stop.Token);
        await Task.Delay(1000, Ct);

        var unheard = TestEvents.One("unheard");
        var clock = Stopwatch.StartNew();
        await _store.AppendAsync(TestEvents.Stream("polled"), ExpectedVersion.NoStream, [unheard], Ct);
        await received.WaitForAsync(e => e.EventId == unheard.EventId, 1, TimeSpan.FromSeconds(5));
        Print($"without notifications the event arrived {clock.Elapsed.TotalMilliseconds:F0} ms after its append (poll back-off 50-400 ms)");

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Keeps_delivering_after_its_connections_are_killed()
    {
        var subscription = _subscriptions.Create($"reconnect-{Guid.NewGuid():N}", new LogSubscriptionOptions
        {
            MinPollInterval = TimeSpan.FromMilliseconds(50),
            MaxPollInterval = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        });
        var received = new Recorder();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = subscription.RunAsync(received.HandleAsync, stop.Token);
        var stream = TestEvents.Stream("reconnect");
        var before = TestEvents.One("before");
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, [before], Ct);
        await received.WaitForAsync(e => e.EventId == before.EventId, 1, TimeSpan.FromSeconds(5));
        await WaitForListenerAsync();

        var killed = await KillOtherBackendsAsync();
        Assert.True(killed >= 1);

        var after = TestEvents.One("after");
        await AppendSurvivingBrokenPoolAsync(stream, ExpectedVersion.Exactly(0), after);
        await received.WaitForAsync(e => e.EventId == after.EventId, 1, TimeSpan.FromSeconds(10));
        await WaitForListenerAsync();
        Print($"killed {killed} backends; the subscription reconnected, listens again and received the next event");

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_failed_batch_is_handed_over_again_and_only_then_checkpointed()
    {
        var name = $"retrying-{Guid.NewGuid():N}";
        var options = new LogSubscriptionOptions { MinPollInterval = TimeSpan.FromMilliseconds(50), MaxPollInterval = TimeSpan.FromMilliseconds(200) };
        var stream = TestEvents.Stream("flaky");
        var events = TestEvents.Many(3);
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);

        var handed = new ConcurrentQueue<(bool Failed, Guid[] Ids)>();
        var failNext = true;
        var received = new Recorder();
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            var running = _subscriptions.Create(name, options).RunAsync(
                async (batch, ct) =>
                {
                    var ours = batch.Where(e => e.StreamId == stream).Select(e => e.EventId).ToArray();
                    if (ours.Length > 0 && failNext)
                    {
                        failNext = false;
                        handed.Enqueue((true, ours));
                        throw new InvalidOperationException("the read model is briefly unavailable");
                    }

                    handed.Enqueue((false, ours));
                    await received.HandleAsync(batch, ct);
                },
                stop.Token);

            await received.WaitForAsync(e => e.StreamId == stream, 3, TimeSpan.FromSeconds(5));
            await stop.CancelAsync();
            await running;
        }

        var withOurs = handed.Where(h => h.Ids.Length > 0).ToList();
        Assert.Equal(2, withOurs.Count);
        Assert.True(withOurs[0].Failed);
        Assert.Equal(withOurs[0].Ids, withOurs[1].Ids);
        Assert.Equal(events.Select(e => e.EventId), withOurs[1].Ids);
        Assert.Equal(received.Events[^1].LogPosition, await _checkpoints.LoadAsync(name, Ct));

        // Started again under the same name, it goes on from its checkpoint: nothing handled before comes back.
        var next = TestEvents.One("next");
        await _store.AppendAsync(stream, ExpectedVersion.Exactly(2), [next], Ct);
        var resumed = new Recorder();
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            var running = _subscriptions.Create(name, options).RunAsync(resumed.HandleAsync, stop.Token);
            await resumed.WaitForAsync(e => e.EventId == next.EventId, 1, TimeSpan.FromSeconds(5));
            await stop.CancelAsync();
            await running;
        }

        Assert.Equal([next.EventId], resumed.Events.Select(e => e.EventId));
    }

    private async Task<int> KillOtherBackendsAsync()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var kill = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
            connection);
        return (int)(long)(await kill.ExecuteScalarAsync(Ct))!;
    }

    private async Task WaitForListenerAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(Ct);
            await using var listening = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN ' || @channel",
                connection);
            listening.Parameters.AddWithValue("channel", PostgresEventStore.NotificationChannel);
            if ((long)(await listening.ExecuteScalarAsync(Ct))! > 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the subscription never listened (again)");
            await Task.Delay(100, Ct);
        }
    }

    // Pooled connections whose server process was killed fail once when next used; a caller retries, as a command handler would.
    private async Task AppendSurvivingBrokenPoolAsync(string stream, ExpectedVersion expected, EventData e)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _store.AppendAsync(stream, expected, [e], Ct);
                return;
            }
            catch (NpgsqlException) when (attempt < 10)
            {
            }
        }
    }

    private sealed class Recorder
    {
        private readonly Lock _gate = new();
        private readonly List<RecordedEvent> _events = [];
        private readonly List<IReadOnlyList<RecordedEvent>> _batches = [];

        public IReadOnlyList<RecordedEvent> Events
        {
            get { lock (_gate) { return [.. _events]; } }
        }

        public IReadOnlyList<IReadOnlyList<RecordedEvent>> Batches
        {
            get { lock (_gate) { return [.. _batches]; } }
        }

        public Task HandleAsync(IReadOnlyList<RecordedEvent> batch, CancellationToken ct)
        {
            lock (_gate)
            {
                _batches.Add(batch);
                _events.AddRange(batch);
            }

            return Task.CompletedTask;
        }

        public async Task WaitForAsync(Func<RecordedEvent, bool> match, int count, TimeSpan timeout)
        {
            var deadline = Stopwatch.StartNew();
            while (Events.Count(match) < count)
            {
                Assert.True(deadline.Elapsed < timeout, $"saw {Events.Count(match)} of {count} expected events within {timeout.TotalSeconds} s");
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }
        }
    }
}
