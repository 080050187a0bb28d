using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Tests.Infrastructure;

namespace WellWon.Platform.Tests.EventStore;

public sealed class PostgresEventStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly PostgresEventStore _store = database.Services.GetRequiredService<PostgresEventStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appended_events_read_back_forwards_and_backwards()
    {
        var stream = TestEvents.Stream("order");
        var events = TestEvents.Many(5);

        var result = await _store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);

        Assert.Equal(4, result.NextExpectedVersion);
        var forwards = await _store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 100, Ct).ToListAsync(Ct);
        Assert.Equal(events.Select(e => e.EventId), forwards.Select(e => e.EventId));
        Assert.Equal([0, 1, 2, 3, 4], forwards.Select(e => e.StreamVersion));
        Assert.Equal(result.LastGlobalPosition, forwards[^1].GlobalPosition);
        Assert.True(forwards.Zip(forwards.Skip(1)).All(p => p.First.GlobalPosition < p.Second.GlobalPosition));

        var fromTwo = await _store.ReadStreamAsync(stream, 2, ReadDirection.Forwards, 2, Ct).ToListAsync(Ct);
        Assert.Equal([2, 3], fromTwo.Select(e => e.StreamVersion));

        var backwards = await _store.ReadStreamAsync(stream, long.MaxValue, ReadDirection.Backwards, 3, Ct).ToListAsync(Ct);
        Assert.Equal([4, 3, 2], backwards.Select(e => e.StreamVersion));

        var backwardsFromOne = await _store.ReadStreamAsync(stream, 1, ReadDirection.Backwards, 10, Ct).ToListAsync(Ct);
        Assert.Equal([1, 0], backwardsFromOne.Select(e => e.StreamVersion));

        Assert.Equal(4, await _store.GetStreamVersionAsync(stream, Ct));
        Assert.Null(await _store.GetStreamVersionAsync(TestEvents.Stream(), Ct));
        Assert.Empty(await _store.ReadStreamAsync(TestEvents.Stream(), 0, ReadDirection.Forwards, 10, Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task Data_metadata_transaction_and_time_round_trip()
    {
        var stream = TestEvents.Stream();
        var sent = TestEvents.One("round-trip");

        await _store.AppendAsync(stream, ExpectedVersion.NoStream, [sent], Ct);

        var read = Assert.Single(await _store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 10, Ct).ToListAsync(Ct));
        Assert.Equal(sent.EventType, read.EventType);
        Assert.Equal("round-trip", read.Data.GetProperty("label").GetString());
        Assert.Equal(sent.Metadata, read.Metadata);
        Assert.True(read.TransactionId > 0);
        Assert.InRange(read.RecordedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        // Metadata is stored camelCase and without nulls, as every other reader of the table (SQL, tooling) expects.
        await using var command = database.DataSource.CreateCommand("SELECT metadata::text FROM event_store.events WHERE event_id = @id");
        command.Parameters.AddWithValue("id", sent.EventId);
        var json = (string)(await command.ExecuteScalarAsync(Ct))!;
        Assert.Contains("\"correlationId\"", json, StringComparison.Ordinal);
        Assert.Contains("\"traceParent\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("causationId", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_parallel_appends_with_the_same_expected_version_one_wins()
    {
        var stream = TestEvents.Stream("race");
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(3), Ct);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await _store.AppendAsync(stream, ExpectedVersion.Exactly(2), [TestEvents.One($"racer-{i}")], Ct);
                return "won";
            }
            catch (WrongExpectedVersionException e)
            {
                Assert.Equal(3, e.Actual);
                return "lost";
            }
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(o => o == "won"));
        Assert.Equal(19, outcomes.Count(o => o == "lost"));
        var stored = await _store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 100, Ct).ToListAsync(Ct);
        Assert.Equal([0, 1, 2, 3], stored.Select(e => e.StreamVersion));
    }

    [Fact]
    public async Task Twenty_parallel_appends_with_any_version_all_land_without_gaps()
    {
        var stream = TestEvents.Stream("any");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = Enumerable.Range(0, 20).Select(i => TestEvents.One($"any-{i}")).ToList();

        var appends = sent.Select(e => Task.Run(async () =>
        {
            await start.Task;
            return await _store.AppendAsync(stream, ExpectedVersion.Any, [e], Ct);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(0, 20).Select(v => (long)v), results.Select(r => r.NextExpectedVersion).Order());
        var stored = await _store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 100, Ct).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(0, 20).Select(v => (long)v), stored.Select(e => e.StreamVersion));
        Assert.Equal(sent.Select(e => e.EventId).Order(), stored.Select(e => e.EventId).Order());
    }

    [Fact]
    public async Task A_retried_append_returns_the_original_result_and_stores_one_copy()
    {
        var stream = TestEvents.Stream("retry");
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(2), Ct);
        var events = TestEvents.Many(3, "retried");

        var first = await _store.AppendAsync(stream, ExpectedVersion.Exactly(1), events, Ct);
        var again = await _store.AppendAsync(stream, ExpectedVersion.Exactly(1), events, Ct);
        await _store.AppendAsync(stream, ExpectedVersion.Exactly(4), TestEvents.Many(1), Ct);
        var later = await _store.AppendAsync(stream, ExpectedVersion.Exactly(1), events, Ct);
        var asAny = await _store.AppendAsync(stream, ExpectedVersion.Any, events, Ct);

        Assert.Equal(new AppendResult(4, first.LastGlobalPosition), first);
        Assert.Equal(first, again);
        Assert.Equal(first, later);
        Assert.Equal(first, asAny);
        var stored = await _store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 100, Ct).ToListAsync(Ct);
        Assert.Equal(6, stored.Count);

        var newStream = TestEvents.Stream("retry");
        var created = TestEvents.Many(2);
        var original = await _store.AppendAsync(newStream, ExpectedVersion.NoStream, created, Ct);
        Assert.Equal(original, await _store.AppendAsync(newStream, ExpectedVersion.NoStream, created, Ct));
    }

    [Fact]
    public async Task Concurrent_copies_of_one_request_store_it_once()
    {
        var stream = TestEvents.Stream("retry");
        var events = TestEvents.Many(2);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var copies = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await _store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(copies);

        Assert.Single(results.Distinct());
        Assert.Equal(2, (await _store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 100, Ct).ToListAsync(Ct)).Count);
    }

    [Fact]
    public async Task Appends_that_expect_another_state_fail_and_write_nothing()
    {
        var stream = TestEvents.Stream("stale");
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(3), Ct);

        var stale = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => _store.AppendAsync(stream, ExpectedVersion.Exactly(0), TestEvents.Many(1), Ct));
        var ahead = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => _store.AppendAsync(stream, ExpectedVersion.Exactly(7), TestEvents.Many(1), Ct));
        var exists = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => _store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(1), Ct));
        var missing = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => _store.AppendAsync(TestEvents.Stream(), ExpectedVersion.Exactly(0), TestEvents.Many(1), Ct));
        var empty = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => _store.AppendAsync(stream, ExpectedVersion.Exactly(1), [], Ct));

        Assert.All([stale, ahead, exists, empty], e => Assert.Equal(2, e.Actual));
        Assert.Null(missing.Actual);
        Assert.Equal(2, await _store.GetStreamVersionAsync(stream, Ct));
        Assert.Equal(2, (await _store.AppendAsync(stream, ExpectedVersion.Exactly(2), [], Ct)).NextExpectedVersion);
    }

    [Fact]
    public async Task An_event_id_stored_in_another_stream_is_refused()
    {
        var taken = TestEvents.One();
        await _store.AppendAsync(TestEvents.Stream(), ExpectedVersion.NoStream, [taken], Ct);
        var other = TestEvents.Stream();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.AppendAsync(other, ExpectedVersion.NoStream, [taken], Ct));
        Assert.Null(await _store.GetStreamVersionAsync(other, Ct));
    }

    [Fact]
    public async Task An_append_is_one_transaction_and_wakes_listeners_on_commit()
    {
        await using var listener = await database.DataSource.OpenConnectionAsync(Ct);
        string? payload = null;
        listener.Notification += (_, e) => payload = e.Payload;
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresEventStore.NotificationChannel}", listener))
        {
            await listen.ExecuteNonQueryAsync(Ct);
        }

        var stream = TestEvents.Stream("notify");
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(4), Ct);

        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Equal(stream, payload);
        var stored = await _store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 10, Ct).ToListAsync(Ct);
        Assert.Single(stored.Select(e => e.TransactionId).Distinct());
    }

    [Fact]
    public async Task An_append_records_a_span_and_its_latency()
    {
        var spans = new List<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "WellWon",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(activities);
        var latencies = new List<(double Seconds, string? Category, string? Outcome)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "WellWon" && instrument.Name == "wellwon.event_store.append.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? category = null, outcome = null;
            foreach (var tag in tags)
            {
                category = tag.Key == "wellwon.stream.category" ? tag.Value as string : category;
                outcome = tag.Key == "wellwon.outcome" ? tag.Value as string : outcome;
            }

            lock (latencies) { latencies.Add((value, category, outcome)); }
        });
        meters.Start();

        var stream = TestEvents.Stream("traced");
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(2), Ct);

        Activity span;
        lock (spans) { span = Assert.Single(spans, s => (string?)s.GetTagItem("wellwon.stream.id") == stream); }
        Assert.Equal("event-store append traced", span.DisplayName);
        Assert.Equal(2, span.GetTagItem("wellwon.event.count"));
        Assert.Equal(1L, span.GetTagItem("wellwon.stream.version"));
        lock (latencies) { Assert.Contains(latencies, l => l.Category == "traced" && l.Outcome == "appended" && l.Seconds > 0); }
    }
}
