using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Tests.Infrastructure;

namespace WellWon.Platform.Tests.EventStore;

/// <summary>
/// One run of the ordering scenario, followed at the same time by the store's checkpointed reader and by a naive reader
/// that orders by position alone, so both face exactly the same writes and the same interleavings.
/// </summary>
public sealed class LogOrderingRun : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    internal LogOrderingOutcome Checkpointed { get; private set; } = null!;

    internal LogOrderingOutcome Naive { get; private set; } = null!;

    internal long StoredEvents { get; private set; }

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        var store = _database.Services.GetRequiredService<PostgresEventStore>();
        var checkpoints = _database.Services.GetRequiredService<ICheckpointStore>();
        ILogReader[] readers =
        [
            new CheckpointedReader(store, checkpoints, "ordering-test", batchSize: 100),
            new NaiveReader(_database.DataSource, batchSize: 100),
        ];

        var outcomes = await new LogOrderingScenario(_database.DataSource, store).RunAsync(readers, TestContext.Current.CancellationToken);
        (Checkpointed, Naive) = (outcomes[0], outcomes[1]);

        await using var count = _database.DataSource.CreateCommand("SELECT count(*) FROM event_store.events");
        StoredEvents = (long)(await count.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}

/// <summary>
/// Reading the whole log must never skip an event, however long a writer holds its transaction (ARCHITECTURE.md §3).
/// In the "log readers" collection: a held transaction stalls every log reader on the server (xmin is cluster-wide),
/// so these do not run beside the subscription tests' latency checks.
/// </summary>
[Collection(LogReadersCollection.Name)]
public sealed class LogOrderingTests(LogOrderingRun run) : IClassFixture<LogOrderingRun>
{
    private static void Print(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [Fact]
    public void The_log_reader_sees_every_committed_event_once_in_stream_order_despite_slow_and_rolled_back_writers()
    {
        var outcome = run.Checkpointed;
        Print(outcome.Summary("checkpointed ReadAllAsync"));

        var seenIds = outcome.Seen.Select(e => e.EventId).ToList();
        Assert.Equal(run.StoredEvents, outcome.Committed.Count);
        Assert.Equal(seenIds.Count, seenIds.Distinct().Count());
        Assert.Empty(outcome.Missed);
        Assert.Empty(seenIds.Except(outcome.Committed.Keys));
        Assert.NotEmpty(outcome.RolledBack);
        Assert.Empty(seenIds.Intersect(outcome.RolledBack));
        Assert.True(outcome.HeldTransactions > 0);
        Assert.True(seenIds.IndexOf(outcome.HeldFirst) < seenIds.IndexOf(outcome.CommittedSecond), "A's transaction is older, so its event comes first.");

        foreach (var stream in outcome.Seen.GroupBy(e => e.StreamId))
        {
            Assert.Equal(Enumerable.Range(0, stream.Count()).Select(v => (long)v), stream.Select(e => e.StreamVersion));
        }

        Assert.All(outcome.Seen, e => Assert.Equal(outcome.Committed[e.EventId], (e.StreamId, e.StreamVersion)));
        Assert.True(outcome.Seen.Zip(outcome.Seen.Skip(1)).All(p => p.First.LogPosition < p.Second.LogPosition), "log positions only go up");
    }

    [Fact]
    public void A_reader_ordering_by_position_alone_misses_events_in_the_same_scenario()
    {
        var outcome = run.Naive;
        Print(outcome.Summary("naive ORDER BY global_position"));

        Assert.Contains(outcome.HeldFirst, outcome.Missed);
        Assert.NotEmpty(outcome.Missed);
        Assert.Empty(outcome.Seen.Select(e => e.EventId).Intersect(outcome.RolledBack));
    }
}

/// <summary>Tests whose log readers must not be stalled by another test's deliberately long transactions.</summary>
[CollectionDefinition(Name)]
public sealed class LogReadersCollection
{
    public const string Name = "log readers";
}
