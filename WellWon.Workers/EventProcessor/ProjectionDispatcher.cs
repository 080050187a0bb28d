using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.ExceptionServices;
using WellWon.Platform.Messaging;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;

namespace WellWon.Workers.EventProcessor;

/// <summary>
/// The event processor's message handler: turns the message back into the <see cref="Platform.EventStore.RecordedEvent"/> and
/// applies it to every projection that reads its type, sync ones included (applied again here, idempotently, so a sync run that
/// failed or timed out in the Api heals). Each projection gets a "project {name}" span under the transport's consumer span.
/// Every projection is tried even when one fails; then the failure is thrown, so the transport retries the message (the others
/// see it again and ignore it, being idempotent) and in the end dead-letters it. After an <see cref="INotifyingProjection"/> applied
/// the event, its change notifications are pushed inside its span ("signalr push …" becomes the project span's child); a push that
/// fails counts as a failure of the message, so a retry pushes again (at least once; clients ignore versions they hold).
/// </summary>
public sealed partial class ProjectionDispatcher
{
    private readonly ProjectionRegistry _registry;
    private readonly ProjectionPositions _positions;
    private readonly IChangeNotifier? _notifier;
    private readonly ILogger<ProjectionDispatcher> _logger;
    private readonly Counter<long> _applied;
    private readonly Histogram<double> _duration;

    /// <param name="notifier">Absent in a process that pushes nothing (no <c>AddWellWonChangeNotifier</c>); notifications are then skipped.</param>
    public ProjectionDispatcher(
        ProjectionRegistry registry, ProjectionPositions positions, IMeterFactory meters, ILogger<ProjectionDispatcher> logger, IChangeNotifier? notifier = null)
    {
        _registry = registry;
        _positions = positions;
        _notifier = notifier;
        _logger = logger;
        var meter = meters.Create(Extensions.TelemetryName);
        _applied = meter.CreateCounter<long>("wellwon.projection.applied", "{event}", "Events applied by the event processor, by projection and outcome.");
        _duration = meter.CreateHistogram<double>("wellwon.projection.apply.duration", "s", "Time a projection took to apply one event in the event processor.");
    }

    public async ValueTask HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var projections = _registry.For(message.Message.Type);
        if (projections.Count == 0)
        {
            // A type of this context that no projection reads (sagas and notifications may).
            return;
        }

        var e = message.Message.ToRecordedEvent();
        List<Exception>? failures = null;
        foreach (var projection in projections)
        {
            using var activity = MessagingTelemetry.Source.StartActivity($"project {projection.Name}");
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag("wellwon.projection", projection.Name);
                activity.SetTag("wellwon.event.type", e.EventType);
                activity.SetTag("wellwon.global_position", e.GlobalPosition);
            }

            var started = Stopwatch.GetTimestamp();
            var outcome = "ok";
            try
            {
                await projection.ApplyAsync(e, ct);
                _positions.Applied(projection.Name, e.GlobalPosition);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                outcome = "failed";
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                activity?.AddException(ex);
                LogProjectionFailed(ex, projection.Name, e.EventType, e.StreamId, message.DeliveryCount);
                (failures ??= []).Add(ex);
            }

            var tags = new TagList { { "projection", projection.Name }, { "outcome", outcome } };
            _applied.Add(1, tags);
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);

            if (outcome == "ok" && projection is INotifyingProjection notifying && _notifier is not null
                && await PushAsync(notifying, e, message.DeliveryCount, ct) is { } pushFailure)
            {
                activity?.SetStatus(ActivityStatusCode.Error, pushFailure.Message);
                (failures ??= []).Add(pushFailure);
            }
        }

        switch (failures)
        {
            case [var only]:
                ExceptionDispatchInfo.Throw(only);
                break;
            case { Count: > 1 }:
                throw new AggregateException($"{failures.Count} projections failed on {e.EventType} of {e.StreamId}.", failures);
        }
    }

    /// <summary>Pushes the projection's notifications for <paramref name="e"/> under the current (project) span; returns the first failure.</summary>
    private async Task<Exception?> PushAsync(INotifyingProjection projection, Platform.EventStore.RecordedEvent e, int delivery, CancellationToken ct)
    {
        try
        {
            foreach (var (audience, change) in projection.ChangesFor(e))
            {
                await _notifier!.NotifyAsync(audience, change, ct);
            }

            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogPushFailed(ex, projection.Name, e.EventType, e.StreamId, delivery);
            return ex;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection} failed on {EventType} of {StreamId} (delivery {Delivery}); the message will be retried")]
    private partial void LogProjectionFailed(Exception e, string projection, string eventType, string streamId, int delivery);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection} applied {EventType} of {StreamId} but its change notification failed (delivery {Delivery}); the message will be retried")]
    private partial void LogPushFailed(Exception e, string projection, string eventType, string streamId, int delivery);
}
