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

    private const int Rounds = 3;

    public async Task<(ReadResult WellWon, ReadResult Marten)> RunAsync(CancellationToken ct)
    {
        var count = options.Scale.ReadEvents;
        await using var ourDatabase = await BenchDatabase.CreateAsync(options.Postgres, "read_wellwon", ct);
        await using var ours = await WellWonAppendTarget.CreateAsync(ourDatabase.DataSource, ct);
        await using var martenDatabase = await BenchDatabase.CreateAsync(options.Postgres, "read_marten", ct);
        await using var marten = await MartenAppendTarget.CreateAsync(martenDatabase.DataSource, ct);
        await SeedAsync(ours, count, ct);
        await SeedAsync(marten, count, ct);
        await VacuumAsync(ourDatabase, ct);
        await VacuumAsync(martenDatabase, ct);

        // A first full read of each warms the JIT and the buffer cache; then they take turns and the median counts.
        await ReadOursAsync(ours.Store, count, ct);
        await ReadMartenAsync(marten.Store, count, ct);
        var ourReads = new List<ReadResult>();
        var martenReads = new List<ReadResult>();
        for (var round = 0; round < Rounds; round++)
        {
            ourReads.Add(await ReadOursAsync(ours.Store, count, ct));
            martenReads.Add(await ReadMartenAsync(marten.Store, count, ct));
        }

        var (our, their) = (Median(ourReads), Median(martenReads));
        await Console.Error.WriteLineAsync($"  read wellwon: {our.EventsPerSecond:N0} events/s ({our.Events} events in {our.Elapsed.TotalSeconds:N2} s, median of {Rounds})");
        await Console.Error.WriteLineAsync($"  read marten:  {their.EventsPerSecond:N0} events/s ({their.Events} events in {their.Elapsed.TotalSeconds:N2} s, median of {Rounds})");
        return (our, their);
    }

    private static ReadResult Median(List<ReadResult> reads) => reads.OrderBy(r => r.EventsPerSecond).ElementAt(reads.Count / 2);

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
