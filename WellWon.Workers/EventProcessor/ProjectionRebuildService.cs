using System.Diagnostics;
using Microsoft.Extensions.Options;
using WellWon.Platform.Projections;

namespace WellWon.Workers.EventProcessor;

/// <summary>
/// Runs the rebuilds that the admin endpoint queues in <c>platform.projection_state</c>. They run here, in the worker, rather than
/// in the Api: a rebuild outlives the request and an Api restart (the request is a row, not a task in memory), replays the log next
/// to the projections' live writers without taking the Api's threads and connections, and with the claim (<c>SKIP LOCKED</c>) and
/// heartbeat exactly one worker runs it; if that worker dies, another takes it over once the heartbeat is stale, and one that
/// stops hands it back at once. Progress is written with each heartbeat, so every process reads it from the table.
/// </summary>
public sealed partial class ProjectionRebuildService(
    ProjectionRegistry registry,
    ProjectionStateStore store,
    ProjectionRebuilder rebuilder,
    ConsumerIdentity identity,
    IOptions<EventProcessorOptions> options,
    ILogger<ProjectionRebuildService> logger) : BackgroundService
{
    // Unique per run: a restarted process must not pass for the owner of a rebuild its previous life claimed.
    private readonly string _owner = $"{identity.Name}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var rebuildable = registry.All.OfType<IRebuildableProjection>().ToDictionary(p => p.Name, StringComparer.Ordinal);
        if (rebuildable.Count == 0)
        {
            return;
        }

        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            string? claimed = null;
            try
            {
                claimed = await store.ClaimRebuildAsync(rebuildable.Keys, _owner, o.RebuildStaleAfter, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogClaimFailed(e);
            }

            if (claimed is not null)
            {
                await RunAsync(rebuildable[claimed], stoppingToken);
                continue;
            }

            await Task.Delay(o.RebuildPollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RunAsync(IRebuildableProjection projection, CancellationToken ct)
    {
        var name = projection.Name;
        var lastBeat = Stopwatch.GetTimestamp();
        var last = new RebuildStep();
        var hooks = new RebuildHooks
        {
            Progress = async (step, token) =>
            {
                last = step;
                if (Stopwatch.GetElapsedTime(lastBeat) < options.Value.RebuildHeartbeatInterval)
                {
                    return;
                }

                lastBeat = Stopwatch.GetTimestamp();
                if (!await store.ReportRebuildProgressAsync(name, _owner, step.Done, step.Total, step.Rate, token))
                {
                    throw new InvalidOperationException($"The rebuild of '{name}' was taken over or cancelled; this worker stops it.");
                }
            },
            BeforeSwap = (connection, transaction, token) => ProjectionStateStore.LockRebuildOwnershipAsync(connection, transaction, name, _owner, token),
        };

        LogClaimed(name, _owner);
        try
        {
            var result = await rebuilder.RebuildAsync(projection, hooks, ct);
            var seconds = result.Elapsed.TotalSeconds;
            await store.CompleteRebuildAsync(
                name, _owner, result.EventsScanned, Math.Max(last.Total, result.EventsScanned), seconds > 0 ? result.EventsScanned / seconds : null, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await Quietly(() => store.ReleaseRebuildAsync(name, _owner, CancellationToken.None));
        }
        catch (Exception e)
        {
            LogRebuildFailed(e, name);
            await Quietly(() => store.FailRebuildAsync(name, _owner, e.Message, CancellationToken.None));
        }
    }

    private async Task Quietly(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e)
        {
            // The heartbeat goes stale and another worker picks the rebuild up.
            LogClaimFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuild of {Projection} claimed by {Owner}")]
    private partial void LogClaimed(string projection, string owner);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuild of {Projection} failed; the live table is untouched")]
    private partial void LogRebuildFailed(Exception e, string projection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read or update the rebuild queue; retrying")]
    private partial void LogClaimFailed(Exception e);
}
