using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Projections;
using WellWon.Platform.Tests.Relay;

namespace WellWon.Platform.Tests.Projections;

/// <summary>Rebuilding a projection from the log into a fresh table and swapping it in, while events keep coming and readers keep reading.</summary>
public sealed class RebuildTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static ProjectionRebuilder Rebuilder(FlowDatabase database, int batchSize = 200) =>
        new(
            database.Database.Services.GetRequiredService<IEventStore>(),
            database.DataSource,
            Options.Create(new ProjectionRebuildOptions { BatchSize = batchSize }),
            NullLogger<ProjectionRebuilder>.Instance);

    [Fact]
    public async Task A_rebuild_during_live_traffic_swaps_in_an_equal_table_that_readers_never_see_missing_empty_or_shrinking()
    {
        await using var database = new FlowDatabase();
        await database.InitializeAsync();
        var db = database.DataSource;
        var store = database.Database.Services.GetRequiredService<IEventStore>();
        var projection = await StreamCounterProjection.CreateLiveAsync(db, Ct);
        var streams = Enumerable.Range(0, 60).Select(_ => CounterEvents.Stream()).ToList();
        await CounterEvents.AppendAsync(store, streams, 3000, Ct);

        // The event processor's part: new events keep being applied to the live table, whatever its name points at.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var follower = database.Database.Services.GetRequiredService<LogSubscriptionFactory>()
            .Create("live-counters", new LogSubscriptionOptions { BatchSize = 100, MaxPollInterval = TimeSpan.FromMilliseconds(200) });
        var following = follower.RunAsync(
            async (batch, ct) =>
            {
                foreach (var e in batch)
                {
                    await projection.ApplyAsync(e, projection.Table, ct);
                }
            },
            stop.Token);
        await Eventually.Until(async () => await StreamCounterProjection.DriftFromLogAsync(db, projection.Table, Ct) == 0, TimeSpan.FromSeconds(20), "the live table catches up");

        // Readers keep reading; writers keep appending to old and new streams until the rebuild is over.
        var problems = new ConcurrentQueue<string>();
        var reads = 0;
        var reading = Task.Run(async () =>
        {
            await using var reader = NpgsqlDataSource.Create(database.Database.ConnectionString);
            var seen = 0L;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var rows = await StreamCounterProjection.RowCountAsync(reader, projection.Table, CancellationToken.None);
                    if (rows < seen)
                    {
                        problems.Enqueue($"{rows} rows after {seen}");
                    }

                    seen = rows;
                    Interlocked.Increment(ref reads);
                }
                catch (PostgresException e)
                {
                    problems.Enqueue(e.MessageText);
                }
            }
        }, CancellationToken.None);

        var newStreams = Enumerable.Range(0, 20).Select(_ => CounterEvents.Stream()).ToList();
        var appendedDuring = 0;
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            var random = new Random(7);
            while (!stopWriting.IsCancellationRequested)
            {
                var stream = random.Next(2) == 0 ? streams[random.Next(streams.Count)] : newStreams[random.Next(newStreams.Count)];
                await store.AppendAsync(stream, ExpectedVersion.Any, [CounterEvents.One(random.Next(1, 100)), CounterEvents.One(random.Next(1, 100))], CancellationToken.None);
                Interlocked.Add(ref appendedDuring, 2);
                await Task.Delay(3, CancellationToken.None);
            }
        }, CancellationToken.None);

        var steps = new ConcurrentQueue<RebuildStep>();
        var watch = Stopwatch.StartNew();
        var result = await Rebuilder(database).RebuildAsync(
            projection,
            new RebuildHooks { Progress = (step, _) => { steps.Enqueue(step); return Task.CompletedTask; } },
            Ct);
        watch.Stop();
        var appendedWhileRebuilding = Volatile.Read(ref appendedDuring);
        await stopWriting.CancelAsync();
        await writing;

        await Eventually.Until(async () => await StreamCounterProjection.DriftFromLogAsync(db, projection.Table, Ct) == 0, TimeSpan.FromSeconds(20), "the rebuilt table holds every event, those appended during the rebuild included");
        await Task.Delay(100, Ct);
        await stop.CancelAsync();
        await Task.WhenAll(following, reading);

        Assert.Empty(problems);
        Assert.True(appendedWhileRebuilding > 0);
        Assert.Equal(3000 + Volatile.Read(ref appendedDuring), await EventCountAsync(db));
        Assert.Equal(["stream_counts_by_total", "stream_counts_pkey"], await NamesAsync(db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'counters' ORDER BY 1"));
        Assert.Equal(["stream_counts_events_positive", "stream_counts_pkey"], await NamesAsync(db, "SELECT conname FROM pg_constraint WHERE conrelid = 'counters.stream_counts'::regclass ORDER BY 1"));
        Assert.Equal(["stream_counts"], await NamesAsync(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'counters'"));
        var done = steps.Select(s => s.Done).ToList();
        Assert.Equal(done.Order(), done);
        Assert.Equal(result.EventsScanned, done[^1]);
        Assert.True(steps.Last().Total >= result.EventsScanned);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"rebuilt {result.EventsScanned} events in {watch.ElapsedMilliseconds} ms ({result.EventsScanned / watch.Elapsed.TotalSeconds:F0} events/s); " +
            $"{appendedWhileRebuilding} appended meanwhile; {reads} reads of the live table, none failed, empty or shrinking");
    }

    [Fact]
    public async Task A_rebuild_that_fails_or_is_taken_over_leaves_the_live_table_alone_and_no_copy_behind()
    {
        await using var database = new FlowDatabase();
        await database.InitializeAsync();
        var db = database.DataSource;
        var store = database.Database.Services.GetRequiredService<IEventStore>();
        var projection = await StreamCounterProjection.CreateLiveAsync(db, Ct);
        await CounterEvents.AppendAsync(store, [.. Enumerable.Range(0, 10).Select(_ => CounterEvents.Stream())], 400, Ct);
        await database.UntilLogReadableAsync();
        await Rebuilder(database).RebuildAsync(projection, null, Ct);
        await using (var tamper = db.CreateCommand("UPDATE counters.stream_counts SET total = -1"))
        {
            await tamper.ExecuteNonQueryAsync(Ct);
        }

        var failing = new FailingCopy(projection, failAfter: 150);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Rebuilder(database, batchSize: 50).RebuildAsync(failing, null, Ct));
        var takenOver = await Assert.ThrowsAsync<InvalidOperationException>(() => Rebuilder(database).RebuildAsync(
            projection, new RebuildHooks { BeforeSwap = (_, _, _) => Task.FromResult(false) }, Ct));

        Assert.Contains("no longer", takenOver.Message, StringComparison.Ordinal);
        Assert.Equal(["stream_counts"], await NamesAsync(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'counters'"));
        Assert.Equal(["-1"], await NamesAsync(db, "SELECT DISTINCT total::text FROM counters.stream_counts"));
    }

    [Fact]
    public async Task A_projection_without_a_table_gets_one_once_however_many_workers_start_together()
    {
        await using var database = new FlowDatabase();
        await database.InitializeAsync();
        var projection = new StreamCounterProjection(database.DataSource);

        var created = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Rebuilder(database).EnsureTableAsync(projection, Ct)));

        Assert.Single(created, c => c);
        Assert.Equal(0, await StreamCounterProjection.RowCountAsync(database.DataSource, projection.Table, Ct));
    }

    internal static async Task<List<string>> NamesAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var names = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<int> EventCountAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("SELECT count(*)::int FROM event_store.events");
        return (int)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>The counters, except that writing a copy fails after a number of events (a bug met halfway through a rebuild).</summary>
    private sealed class FailingCopy(StreamCounterProjection inner, int failAfter) : IRebuildableProjection
    {
        private int _applied;

        public string Name => inner.Name;

        public IReadOnlySet<string> EventTypes => inner.EventTypes;

        public ProjectionTable Table => inner.Table;

        public Task CreateTableAsync(ProjectionTable table, CancellationToken ct) => inner.CreateTableAsync(table, ct);

        public Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct) =>
            table != inner.Table && Interlocked.Increment(ref _applied) > failAfter
                ? throw new InvalidOperationException("The projection met an event it cannot handle.")
                : inner.ApplyAsync(e, table, ct);
    }
}
