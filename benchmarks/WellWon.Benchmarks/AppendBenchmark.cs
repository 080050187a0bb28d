using Npgsql;

namespace WellWon.Benchmarks;

/// <summary>One row of figure 1, with the events the store holds afterwards: a store that lost an event has no figure.</summary>
public sealed record AppendRun(LoadResult Result, int BatchSize, long Expected, long Stored)
{
    public bool Complete => Result.Failures == 0 && Stored == Expected;

    public double EventsPerSecond => Result.Operations * BatchSize / Math.Max(Result.Elapsed.TotalSeconds, 1e-9);
}

/// <summary>Figure 1: events appended per second by 1, 16 and 64 writers, each on its own stream, into each store on a fresh database.</summary>
public sealed class AppendBenchmark(BenchOptions options)
{
    public static readonly int[] Writers = [1, 16, 64];

    public static readonly int[] BatchSizes = [1, 10];

    public static readonly string[] Stores = ["wellwon", "raw", "marten"];

    /// <summary>Results by (store, batch size, writers).</summary>
    public async Task<Dictionary<(string Store, int Batch, int Writers), AppendRun>> RunAsync(CancellationToken ct)
    {
        var results = new Dictionary<(string, int, int), AppendRun>();
        foreach (var batch in BatchSizes)
        {
            foreach (var writers in Writers)
            {
                foreach (var store in Stores)
                {
                    var run = await RunOneAsync(store, batch, writers, ct);
                    results[(store, batch, writers)] = run;
                    var result = run.Result;
                    await Console.Error.WriteLineAsync(
                        $"  append {store,-7} batch {batch,2} writers {writers,2}: {run.EventsPerSecond,10:N0} events/s  " +
                        $"p50 {result.P50Ms:N1} ms  p99 {result.P99Ms:N1} ms  ({result.Operations} appends in {result.Elapsed.TotalSeconds:N1} s, " +
                        $"{result.Failures} failed, {run.Stored:N0} of {run.Expected:N0} events stored)");
                }
            }
        }

        return results;
    }

    private async Task<AppendRun> RunOneAsync(string store, int batch, int writers, CancellationToken ct)
    {
        await using var database = await BenchDatabase.CreateAsync(options.Postgres, $"append_{store}", ct);
        await using IAppendTarget target = store switch
        {
            "wellwon" => await WellWonAppendTarget.CreateAsync(database.DataSource, ct),
            "raw" => await RawNpgsqlAppendTarget.CreateAsync(database.DataSource, ct),
            "marten" => await MartenAppendTarget.CreateAsync(database.DataSource, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(store)),
        };

        var total = batch == 1 ? options.Scale.AppendsPerRowSingle : options.Scale.AppendsPerRowBatch;
        var perWriter = Math.Max(5, (total + writers - 1) / writers);
        var operations = Enumerable.Range(0, writers).Select(w => target.CreateWriter(w, batch)).ToList();

        // Warm-up on the same writers: JIT, connection pool, and each stream's first append are not what is measured.
        var warmUp = await LoadDriver.RunAsync(operations, Math.Max(2, perWriter / 10), BenchScale.WarmUpCap, ct);
        await CheckpointAsync(database.DataSource, ct);
        var measured = await LoadDriver.RunAsync(operations, perWriter, options.Scale.AppendCap, ct);

        var table = store switch { "wellwon" => "event_store.events", "raw" => "raw_events.events", _ => "marten.mt_events" };
        await using var count = database.DataSource.CreateCommand($"SELECT count(*) FROM {table}");
        var stored = (long)(await count.ExecuteScalarAsync(ct))!;
        return new AppendRun(measured, batch, (warmUp.Operations + measured.Operations) * batch, stored);
    }

    // Starts every measured run from a clean WAL state, so one store's checkpoint does not land in another's figure.
    private static async Task CheckpointAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("CHECKPOINT");
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException)
        {
            // CHECKPOINT needs superuser or pg_checkpoint; without it the run is merely a little noisier.
        }
    }
}
