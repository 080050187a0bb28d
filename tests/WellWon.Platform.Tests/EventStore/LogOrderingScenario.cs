using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;

namespace WellWon.Platform.Tests.EventStore;

/// <summary>A reader of the whole log that the ordering scenario drives batch by batch.</summary>
internal interface ILogReader
{
    string Name { get; }

    Task<IReadOnlyList<RecordedEvent>> ReadNextAsync(CancellationToken ct);
}

/// <summary>The store's reader, restarting from its saved checkpoint before every batch (as a crashed relay would).</summary>
internal sealed class CheckpointedReader(IEventStore store, ICheckpointStore checkpoints, string name, int batchSize) : ILogReader
{
    public string Name => "checkpointed ReadAllAsync";

    public async Task<IReadOnlyList<RecordedEvent>> ReadNextAsync(CancellationToken ct)
    {
        var after = await checkpoints.LoadAsync(name, ct);
        var events = await store.ReadAllAsync(after, batchSize, ct);
        if (events.Count > 0)
        {
            await checkpoints.SaveAsync(name, events[^1].LogPosition, ct);
        }

        return events;
    }
}

/// <summary>What a scenario run committed and rolled back, and what one reader saw, in the order it saw it.</summary>
internal sealed record LogOrderingOutcome(
    IReadOnlyDictionary<Guid, (string Stream, long Version)> Committed,
    IReadOnlySet<Guid> RolledBack,
    IReadOnlyList<RecordedEvent> Seen,
    Guid HeldFirst,
    Guid CommittedSecond,
    TimeSpan Duration,
    int HeldTransactions,
    int Conflicts,
    int Batches)
{
    public IReadOnlyList<Guid> Missed => [.. Committed.Keys.Except(Seen.Select(e => e.EventId))];

    public string Summary(string reader) =>
        $"{reader}: {Committed.Count} events committed in {Committed.Values.Select(v => v.Stream).Distinct().Count()} streams, "
        + $"{RolledBack.Count} rolled back, {HeldTransactions} transactions held open 2-3 s, {Conflicts} version conflicts; "
        + $"reader saw {Seen.Count} ({Seen.Select(e => e.EventId).Distinct().Count()} distinct) in {Batches} batches, missed {Missed.Count}; "
        + $"scenario {Duration.TotalSeconds:F1} s";
}

/// <summary>
/// Concurrent writers on many streams (some transactions rolled back, some held open seconds after inserting) while readers
/// follow the whole log. It opens with a fixed interleaving that a reader ordering by position alone cannot survive:
/// transaction A inserts (position p) and stays open, B inserts p+1 and commits, the readers read, then A commits.
/// </summary>
internal sealed class LogOrderingScenario(NpgsqlDataSource dataSource, PostgresEventStore store)
{
    public int Writers { get; init; } = 8;

    public int EventsPerWriter { get; init; } = 300;

    public int Streams { get; init; } = 50;

    public int HeldPerWriter { get; init; } = 2;

    public int Seed { get; init; } = 20_240_611;

    /// <summary>A reader that has not caught up by then is judged as it stands.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<LogOrderingOutcome>> RunAsync(IReadOnlyList<ILogReader> readers, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var run = Guid.NewGuid().ToString("N")[..8];
        var committed = new ConcurrentDictionary<Guid, (string Stream, long Version)>();
        var rolledBack = new ConcurrentDictionary<Guid, byte>();
        var heldStreams = new ConcurrentDictionary<string, int>();
        var seen = readers.Select(_ => new List<RecordedEvent>()).ToList();
        var held = 0;
        var conflicts = 0;

        // The fixed interleaving: A takes position p and waits, B takes p+1 and commits, the readers look, A commits.
        var heldFirst = TestEvents.One("held-first");
        var committedSecond = TestEvents.One("committed-second");
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            var a = await PostgresEventStore.AppendInTransactionAsync(connection, transaction, $"gap-{run}a", ExpectedVersion.NoStream, [heldFirst], ct);
            var b = await store.AppendAsync($"gap-{run}b", ExpectedVersion.NoStream, [committedSecond], ct);
            if (b.LastGlobalPosition <= a.LastGlobalPosition)
            {
                throw new InvalidOperationException("The interleaving needs B's position after A's.");
            }

            for (var r = 0; r < readers.Count; r++)
            {
                seen[r].AddRange(await readers[r].ReadNextAsync(ct));
            }

            await transaction.CommitAsync(ct);
            committed[heldFirst.EventId] = ($"gap-{run}a", 0);
            committed[committedSecond.EventId] = ($"gap-{run}b", 0);
        }

        var writers = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w), ct)));
        var batches = await Task.WhenAll(readers.Select((reader, r) => FollowAsync(reader, seen[r])));
        await writers;

        return
        [
            .. readers.Select((_, r) => new LogOrderingOutcome(
                committed, rolledBack.Keys.ToHashSet(), seen[r], heldFirst.EventId, committedSecond.EventId, clock.Elapsed, held, conflicts, batches[r] + 1)),
        ];

        async Task<int> FollowAsync(ILogReader reader, List<RecordedEvent> into)
        {
            var count = 0;
            while (true)
            {
                // Checked before the read: when every writer is done and no transaction anywhere holds rows back,
                // an empty read means this reader has seen all it ever will.
                var settled = writers.IsCompleted && await NothingHeldBackAsync();
                var batch = await reader.ReadNextAsync(ct);
                count++;
                into.AddRange(batch);
                if (batch.Count > 0)
                {
                    continue;
                }

                if (settled || clock.Elapsed > Deadline)
                {
                    return count;
                }

                await Task.Delay(20, ct);
            }
        }

        async Task<bool> NothingHeldBackAsync()
        {
            await using var command = dataSource.CreateCommand(
                "SELECT NOT EXISTS (SELECT 1 FROM event_store.events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot()))");
            return (bool)(await command.ExecuteScalarAsync(ct))!;
        }

        async Task WriteAsync(int writer)
        {
            var random = new Random(Seed + writer);
            var heldAt = new HashSet<int>();
            while (heldAt.Count < HeldPerWriter)
            {
                heldAt.Add(random.Next(5, 100));
            }

            var holds = new List<Task>();
            var written = 0;
            for (var step = 0; written < EventsPerWriter; step++)
            {
                var stream = $"order{run}-{random.Next(Streams)}";
                if (heldStreams.TryGetValue(stream, out var holders) && holders > 0)
                {
                    // Writers step around a held stream: the readers are under test here, not writers queueing.
                    continue;
                }

                var events = TestEvents.Many(Math.Min(random.Next(1, 4), EventsPerWriter - written), $"w{writer}");
                if (heldAt.Contains(step))
                {
                    // Held in the background, so the writer goes on and the log moves past the open transaction.
                    var commit = random.Next(3) > 0;
                    var hold = TimeSpan.FromMilliseconds(random.Next(2000, 3000));
                    heldStreams.AddOrUpdate(stream, 1, (_, n) => n + 1);
                    holds.Add(Task.Run(
                        async () =>
                        {
                            try
                            {
                                await RawAppendAsync(stream, events, hold, commit);
                            }
                            finally
                            {
                                heldStreams.AddOrUpdate(stream, 0, (_, n) => n - 1);
                            }
                        },
                        ct));
                }
                else if (random.NextDouble() < 0.04)
                {
                    await RawAppendAsync(stream, events, TimeSpan.Zero, commit: false);
                }
                else if (random.Next(2) == 0)
                {
                    Record(stream, await store.AppendAsync(stream, ExpectedVersion.Any, events, ct), events);
                    written += events.Length;
                }
                else
                {
                    var version = await store.GetStreamVersionAsync(stream, ct);
                    try
                    {
                        var expected = version is { } v ? ExpectedVersion.Exactly(v) : ExpectedVersion.NoStream;
                        Record(stream, await store.AppendAsync(stream, expected, events, ct), events);
                        written += events.Length;
                    }
                    catch (WrongExpectedVersionException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }

            await Task.WhenAll(holds);
        }

        // The store's own append statement inside a transaction this test controls: held open after inserting, then committed or rolled back.
        async Task RawAppendAsync(string stream, EventData[] events, TimeSpan hold, bool commit)
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            AppendResult result;
            try
            {
                result = await PostgresEventStore.AppendInTransactionAsync(connection, transaction, stream, ExpectedVersion.Any, events, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // An exact-version writer took the version first; this transaction is dead and rolls back.
                Interlocked.Increment(ref conflicts);
                commit = false;
                hold = TimeSpan.Zero;
                result = new AppendResult(-1, -1);
            }

            if (hold > TimeSpan.Zero)
            {
                Interlocked.Increment(ref held);
                await Task.Delay(hold, ct);
            }

            if (commit)
            {
                await transaction.CommitAsync(ct);
                Record(stream, result, events);
            }
            else
            {
                await transaction.RollbackAsync(ct);
                foreach (var e in events)
                {
                    rolledBack[e.EventId] = 0;
                }
            }
        }

        void Record(string stream, AppendResult result, EventData[] events)
        {
            for (var i = 0; i < events.Length; i++)
            {
                committed[events[i].EventId] = (stream, result.NextExpectedVersion - events.Length + 1 + i);
            }
        }
    }
}
