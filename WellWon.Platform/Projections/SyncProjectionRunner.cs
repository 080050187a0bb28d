using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Platform.Projections;

public sealed class ProjectionOptions
{
    public const string Section = "Projections";

    /// <summary>How long a save waits for its sync projections before it answers anyway; the worker's copy heals what was missed.</summary>
    public TimeSpan SyncBudget { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Counts and times sync projection runs, by projection and outcome (ok, failed, timeout).</summary>
public sealed class ProjectionTelemetry
{
    // The meter belongs to the factory (shared by name, disposed with the container).
    public ProjectionTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Extensions.TelemetryName);
        SyncRuns = meter.CreateCounter<long>("wellwon.projections.sync", "{run}", "Sync projection runs after an append, by projection and outcome.");
        SyncDuration = meter.CreateHistogram<double>("wellwon.projections.sync.duration", "s", "Time a sync projection took for one append.");
    }

    public Counter<long> SyncRuns { get; }

    public Histogram<double> SyncDuration { get; }
}

/// <summary>
/// After an append, runs the <see cref="SyncProjectionAttribute"/> projections that read any of the appended event types,
/// so the user reads their own write at once. Bounded by <see cref="ProjectionOptions.SyncBudget"/>: a failure or a
/// timeout is logged and counted, never thrown, because the events are stored and the worker applies them again (idempotently).
/// The events are read back from the store, so projections see real positions and recorded times.
/// </summary>
public sealed partial class SyncProjectionRunner(
    ProjectionRegistry registry,
    IEventStore events,
    ProjectionTelemetry telemetry,
    IOptions<ProjectionOptions> options,
    ILogger<SyncProjectionRunner> logger) : IAppendObserver
{
    public async Task OnAppendedAsync(AppendedEvents appended, CancellationToken ct)
    {
        var projections = registry.SyncFor(appended.Events.Select(e => e.EventType));
        if (projections.Count == 0)
        {
            return;
        }

        var budget = options.Value.SyncBudget;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(budget);
        try
        {
            var recorded = new List<RecordedEvent>(appended.Events.Count);
            await foreach (var e in events.ReadStreamAsync(appended.StreamId, appended.FirstVersion, ReadDirection.Forwards, appended.Events.Count, deadline.Token))
            {
                recorded.Add(e);
            }

            var runs = projections.Select(p => RunAsync(p, recorded, appended.StreamId, deadline.Token)).ToArray();
            // WaitAsync: a projection that ignores its token still does not hold the request past the budget.
            await Task.WhenAll(runs).WaitAsync(budget, ct);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            LogBudgetExceeded(logger, appended.StreamId, budget.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReadBackFailed(logger, ex, appended.StreamId);
        }
    }

    private async Task RunAsync(IProjection projection, IReadOnlyList<RecordedEvent> recorded, string streamId, CancellationToken ct)
    {
        using var activity = MessageTelemetry.ActivitySource.StartActivity($"projection {projection.Name}");
        activity?.SetTag("wellwon.projection", projection.Name);
        activity?.SetTag("wellwon.stream", streamId);
        var started = Stopwatch.GetTimestamp();
        string outcome;
        try
        {
            foreach (var e in recorded)
            {
                if (projection.EventTypes.Contains(e.EventType))
                {
                    await projection.ApplyAsync(e, ct);
                }
            }

            outcome = "ok";
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = "timeout";
            LogProjectionTimedOut(logger, projection.Name, streamId);
        }
        catch (Exception ex)
        {
            outcome = "failed";
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.AddException(ex);
            LogProjectionFailed(logger, ex, projection.Name, streamId);
        }

        activity?.SetTag("wellwon.outcome", outcome);
        var tags = new TagList { { "projection", projection.Name }, { "outcome", outcome } };
        telemetry.SyncRuns.Add(1, tags);
        telemetry.SyncDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync projections of {StreamId} did not finish within {BudgetMs} ms; the event processor will apply them")]
    private static partial void LogBudgetExceeded(ILogger logger, string streamId, double budgetMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Events just appended to {StreamId} could not be read back for sync projections")]
    private static partial void LogReadBackFailed(ILogger logger, Exception exception, string streamId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync projection {Projection} timed out on {StreamId}")]
    private static partial void LogProjectionTimedOut(ILogger logger, string projection, string streamId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sync projection {Projection} failed on {StreamId}; the event processor will apply it")]
    private static partial void LogProjectionFailed(ILogger logger, Exception exception, string projection, string streamId);
}
