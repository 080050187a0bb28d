using Npgsql;

namespace WellWon.Benchmarks;

/// <summary>Figure 1: events appended per second by 1, 16 and 64 writers, each on its own stream, into each store on a fresh database.</summary>
public sealed class AppendBenchmark(BenchOptions options)
{
    public static readonly int[] Writers = [1, 16, 64];

    public static readonly int[] BatchSizes = [1, 10];

    public static readonly string[] Stores = ["wellwon", "raw", "marten"];

    /// <summary>Results by (store, batch size, writers).</summary>
    public async Task<Dictionary<(string Store, int Batch, int Writers), LoadResult>> RunAsync(CancellationToken ct)
    {
        var results = new Dictionary<(string, int, int), LoadResult>();
        foreach (var batch in BatchSizes)
        {
            foreach (var writers in Writers)
            {
                foreach (var store in Stores)
                {
                    var result = await RunOneAsync(store, batch, writers, ct);
                    results[(store, batch, writers)] = result;
                    await Console.Error.WriteLineAsync(
                        $"  append {store,-7} batch {batch,2} writers {writers,2}: {result.Operations * batch / result.Elapsed.TotalSeconds,10:N0} events/s  " +
                        $"p50 {result.P50Ms:N1} ms  p99 {result.P99Ms:N1} ms  ({result.Operations} appends in {result.Elapsed.TotalSeconds:N1} s, {result.Failures} failed)");
                }
            }
        }

        return results;
    }

    private async Task<LoadResult> RunOneAsync(string store, int batch, int writers, CancellationToken ct)
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
        await LoadDriver.RunAsync(operations, Math.Max(2, perWriter / 10), BenchScale.WarmUpCap, ct);
        await CheckpointAsync(database.DataSource, ct);
        return await LoadDriver.RunAsync(operations, perWriter, options.Scale.AppendCap, ct);
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
