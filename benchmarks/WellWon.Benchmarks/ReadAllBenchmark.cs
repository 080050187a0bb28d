using System.Diagnostics;
using Marten;
using WellWon.Platform.EventStore;

namespace WellWon.Benchmarks;

/// <summary>The events per second of one whole-log read and how many it saw.</summary>
public sealed record ReadResult(long Events, TimeSpan Elapsed)
{
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Figure 2: reading the whole log from the start in pages of 1,000 — WellWon's commit-safe ReadAllAsync against Marten's
/// QueryAllRawEvents ordered by sequence — over the same number of events, each store seeded on its own fresh database.
/// </summary>
public sealed class ReadAllBenchmark(BenchOptions options)
{
    public const int PageSize = 1_000;

    private const int EventsPerSeedAppend = 100;

    private const int SeedWriters = 4;

    public async Task<(ReadResult WellWon, ReadResult Marten)> RunAsync(CancellationToken ct)
    {
        var count = options.Scale.ReadEvents;
        ReadResult ours;
        await using (var database = await BenchDatabase.CreateAsync(options.Postgres, "read_wellwon", ct))
        await using (var target = await WellWonAppendTarget.CreateAsync(database.DataSource, ct))
        {
            await SeedAsync(target, count, ct);
            await VacuumAsync(database, ct);
            // The first full read warms the JIT and the buffer cache; the second is the figure.
            await ReadOursAsync(target.Store, count, ct);
            ours = await ReadOursAsync(target.Store, count, ct);
        }

        await Console.Error.WriteLineAsync($"  read wellwon: {ours.EventsPerSecond:N0} events/s ({ours.Events} events in {ours.Elapsed.TotalSeconds:N2} s)");

        ReadResult marten;
        await using (var database = await BenchDatabase.CreateAsync(options.Postgres, "read_marten", ct))
        await using (var target = await MartenAppendTarget.CreateAsync(database.DataSource, ct))
        {
            await SeedAsync(target, count, ct);
            await VacuumAsync(database, ct);
            await ReadMartenAsync(target.Store, count, ct);
            marten = await ReadMartenAsync(target.Store, count, ct);
        }

        await Console.Error.WriteLineAsync($"  read marten:  {marten.EventsPerSecond:N0} events/s ({marten.Events} events in {marten.Elapsed.TotalSeconds:N2} s)");
        return (ours, marten);
    }

    private static async Task SeedAsync(IAppendTarget target, int count, CancellationToken ct)
    {
        var appends = (count + EventsPerSeedAppend - 1) / EventsPerSeedAppend;
        var streams = Enumerable.Range(0, appends).Select(i => target.CreateWriter(i, EventsPerSeedAppend)).ToList();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, SeedWriters).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < streams.Count; i = Interlocked.Increment(ref next))
            {
                await streams[i](ct);
            }
        }, ct)));
    }

    // Seeding leaves the table as a steady log would be: statistics known, visibility map set.
    private static async Task VacuumAsync(BenchDatabase database, CancellationToken ct)
    {
        await using var command = database.DataSource.CreateCommand("VACUUM ANALYZE");
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<ReadResult> ReadOursAsync(IEventStore store, int count, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var after = LogPosition.Start;
        long seen = 0;
        while (seen < count)
        {
            var page = await store.ReadAllAsync(after, Math.Min(PageSize, count - (int)seen), ct);
            if (page.Count == 0)
            {
                break;
            }

            seen += page.Count;
            after = page[^1].LogPosition;
        }

        return new ReadResult(seen, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<ReadResult> ReadMartenAsync(DocumentStore store, int count, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var after = 0L;
        long seen = 0;
        await using var session = store.QuerySession();
        while (seen < count)
        {
            var take = Math.Min(PageSize, count - (int)seen);
            var page = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(take)
                .ToListAsync(ct);
            if (page.Count == 0)
            {
                break;
            }

            seen += page.Count;
            after = page[^1].Sequence;
        }

        return new ReadResult(seen, Stopwatch.GetElapsedTime(started));
    }
}
