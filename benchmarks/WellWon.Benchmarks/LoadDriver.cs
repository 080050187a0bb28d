using System.Diagnostics;

namespace WellWon.Benchmarks;

/// <summary>What one worker does once: an append, a request. Each worker owns its state (its stream, its user).</summary>
public delegate Task Operation(CancellationToken ct);

/// <summary>Completed operations, the wall time they took and their latencies (sorted Stopwatch ticks).</summary>
public sealed record LoadResult(int Workers, long Operations, long Failures, TimeSpan Elapsed, long[] LatencyTicks)
{
    public double OperationsPerSecond => Operations / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double P50Ms => LoadDriver.Percentile(LatencyTicks, 0.50);

    public double P95Ms => LoadDriver.Percentile(LatencyTicks, 0.95);

    public double P99Ms => LoadDriver.Percentile(LatencyTicks, 0.99);

    /// <summary>Several runs of the same load as one: operations over the summed wall time, latencies pooled.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> runs) =>
        new(
            runs[0].Workers,
            runs.Sum(r => r.Operations),
            runs.Sum(r => r.Failures),
            TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)),
            [.. runs.SelectMany(r => r.LatencyTicks).Order()]);
}

/// <summary>
/// A closed-loop load: every worker runs its operation back to back, a fixed number of times or until the time cap,
/// whichever comes first; all start together and the clock stops when the last one finishes.
/// </summary>
public static class LoadDriver
{
    public static async Task<LoadResult> RunAsync(IReadOnlyList<Operation> workers, int operationsPerWorker, TimeSpan maxDuration, CancellationToken ct)
    {
        var latencies = new long[workers.Count][];
        var completed = new int[workers.Count];
        var failures = new long[workers.Count];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var startedAt = 0L;
        var deadline = 0L;

        var tasks = workers.Select((operation, index) => Task.Run(async () =>
        {
            var mine = latencies[index] = new long[operationsPerWorker];
            await start.Task;
            for (var i = 0; i < operationsPerWorker && Stopwatch.GetTimestamp() < Volatile.Read(ref deadline); i++)
            {
                var before = Stopwatch.GetTimestamp();
                try
                {
                    await operation(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures[index]++;
                    if (failures[index] == 1)
                    {
                        await Console.Error.WriteLineAsync($"  worker {index} failed: {e.GetType().Name}: {e.Message}");
                    }
                }

                mine[i] = Stopwatch.GetTimestamp() - before;
                completed[index] = i + 1;
            }
        }, ct)).ToArray();

        startedAt = Stopwatch.GetTimestamp();
        Volatile.Write(ref deadline, startedAt + (long)(maxDuration.TotalSeconds * Stopwatch.Frequency));
        start.SetResult();
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(startedAt);

        var all = latencies.SelectMany((l, i) => l.Take(completed[i])).Order().ToArray();
        var failed = failures.Sum();
        return new LoadResult(workers.Count, all.Length - failed, failed, elapsed, all);
    }

    /// <summary>Nearest-rank percentile of sorted Stopwatch ticks, in milliseconds.</summary>
    public static double Percentile(long[] sortedTicks, double p)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * sortedTicks.Length) - 1;
        return sortedTicks[Math.Clamp(rank, 0, sortedTicks.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
