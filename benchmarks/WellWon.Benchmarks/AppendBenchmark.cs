using Npgsql;

namespace WellWon.Benchmarks;

/// <summary>One cell of figure 1, with the events the store holds afterwards: a store that lost an event has no figure.</summary>
public sealed record AppendRun(LoadResult Result, int BatchSize, long Expected, long Stored)
{
    public bool Complete => Result.Failures == 0 && Stored == Expected;

    public double EventsPerSecond => Result.Operations * BatchSize / Math.Max(Result.Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Figure 1: events appended per second by 1, 16 and 64 writers, each on its own stream, into each store on its own fresh
/// database. The three stores of a row take turns in short rounds, so load from elsewhere on the machine falls on all of them alike.
/// </summary>
public sealed class AppendBenchmark(BenchOptions options)
{
    public static readonly int[] Writers = [1, 16, 64];

    public static readonly int[] BatchSizes = [1, 10];

    public static readonly string[] Stores = ["wellwon", "raw", "marten"];

    private const int Rounds = 3;

    /// <summary>Results by (store, batch size, writers).</summary>
    public async Task<Dictionary<(string Store, int Batch, int Writers), AppendRun>> RunAsync(CancellationToken ct)
    {
        var results = new Dictionary<(string, int, int), AppendRun>();
        foreach (var batch in BatchSizes)
        {
            foreach (var writers in Writers)
            {
                foreach (var (store, run) in await RunRowAsync(batch, writers, ct))
                {
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

    private async Task<Dictionary<string, AppendRun>> RunRowAsync(int batch, int writers, CancellationToken ct)
    {
        var total = batch == 1 ? options.Scale.AppendsPerRowSingle : options.Scale.AppendsPerRowBatch;
        var perWriterPerRound = Math.Max(2, (total + (writers * Rounds) - 1) / (writers * Rounds));
        var capPerRound = options.Scale.AppendCap / Rounds;

        var stores = new List<(string Name, BenchDatabase Database, IAppendTarget Target, List<Operation> Writers)>();
        try
        {
            foreach (var name in Stores)
            {
                var database = await BenchDatabase.CreateAsync(options.Postgres, $"append_{name}", ct);
                IAppendTarget target = name switch
                {
                    "wellwon" => await WellWonAppendTarget.CreateAsync(database.DataSource, ct),
                    "raw" => await RawNpgsqlAppendTarget.CreateAsync(database.DataSource, ct),
                    "marten" => await MartenAppendTarget.CreateAsync(database.DataSource, ct),
                    _ => throw new ArgumentOutOfRangeException(nameof(batch)),
                };
                stores.Add((name, database, target, Enumerable.Range(0, writers).Select(w => target.CreateWriter(w, batch)).ToList()));
            }

            // Warm-up on the same writers: JIT, connection pool, and each stream's first append are not what is measured.
            var appended = stores.ToDictionary(s => s.Name, _ => 0L);
            foreach (var store in stores)
            {
                appended[store.Name] += (await LoadDriver.RunAsync(store.Writers, Math.Max(2, perWriterPerRound / 4), BenchScale.WarmUpCap, ct)).Operations;
            }

            var rounds = stores.ToDictionary(s => s.Name, _ => new List<LoadResult>());
            for (var round = 0; round < Rounds; round++)
            {
                // Rotating the order keeps any one store from always running first after a checkpoint.
                foreach (var store in stores.Skip(round % stores.Count).Concat(stores.Take(round % stores.Count)))
                {
                    await CheckpointAsync(store.Database.DataSource, ct);
                    var result = await LoadDriver.RunAsync(store.Writers, perWriterPerRound, capPerRound, ct);
                    rounds[store.Name].Add(result);
                    appended[store.Name] += result.Operations;
                }
            }

            var runs = new Dictionary<string, AppendRun>();
            foreach (var store in stores)
            {
                var table = store.Name switch { "wellwon" => "event_store.events", "raw" => "raw_events.events", _ => "marten.mt_events" };
                await using var count = store.Database.DataSource.CreateCommand($"SELECT count(*) FROM {table}");
                var stored = (long)(await count.ExecuteScalarAsync(ct))!;
                runs[store.Name] = new AppendRun(LoadResult.Combine(rounds[store.Name]), batch, appended[store.Name] * batch, stored);
            }

            return runs;
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.Target.DisposeAsync();
                await store.Database.DisposeAsync();
            }
        }
    }

    // Starts every measured round from a clean WAL state, so one store's checkpoint does not land in another's figure.
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
