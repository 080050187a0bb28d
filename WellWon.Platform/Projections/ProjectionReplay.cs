using WellWon.Platform.EventStore;

namespace WellWon.Platform.Projections;

/// <summary>Where a replay stands: events of the log read, events handed to the projection, and the last log position read.</summary>
public readonly record struct ReplayProgress(long Scanned, long Applied, LogPosition Position);

/// <summary>
/// Replays the whole log (<see cref="IEventStore.ReadAllAsync"/>, commit-safe order) into a copy of a projection's table, keeping
/// only the event types it reads, until a read comes back short: the copy has then caught up with what readers may see.
/// </summary>
internal sealed class ProjectionReplay(IEventStore events, ProjectionRebuildOptions options)
{
    public async Task<ReplayProgress> RunAsync(
        IRebuildableProjection projection,
        ProjectionTable table,
        ReplayProgress from,
        Func<ReplayProgress, CancellationToken, Task>? onBatch,
        CancellationToken ct)
    {
        var progress = from;
        while (true)
        {
            var batch = await events.ReadAllAsync(progress.Position, options.BatchSize, ct);
            if (batch.Count == 0)
            {
                return progress;
            }

            var relevant = batch.Where(e => projection.EventTypes.Contains(e.EventType)).ToList();
            await ApplyAsync(projection, table, relevant, ct);
            progress = new ReplayProgress(progress.Scanned + batch.Count, progress.Applied + relevant.Count, batch[^1].LogPosition);
            if (onBatch is not null)
            {
                await onBatch(progress, ct);
            }

            if (batch.Count < options.BatchSize)
            {
                return progress;
            }
        }
    }

    private async Task ApplyAsync(IRebuildableProjection projection, ProjectionTable table, List<RecordedEvent> relevant, CancellationToken ct)
    {
        if (relevant.Count == 0)
        {
            return;
        }

        // Each stream's events in log order (which is their version order); different streams side by side.
        var streams = relevant.GroupBy(e => e.StreamId, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(
            streams,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = ct },
            async (stream, token) =>
            {
                foreach (var e in stream)
                {
                    await projection.ApplyAsync(e, table, token);
                }
            });
    }
}
