using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using WellWon.Platform.EventStore;
using WellWon.Platform.Messaging;

namespace WellWon.Platform.Relay;

/// <summary>The relay's spans and metrics: <c>wellwon.relay.lag</c>, <c>wellwon.relay.leading</c>, <c>wellwon.relay.published</c>.</summary>
public sealed class RelayTelemetry
{
    private readonly ConcurrentDictionary<EventRelay, byte> _relays = new();

    // The meter belongs to the factory (shared by name, disposed with the container).
    public RelayTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Microsoft.Extensions.Hosting.Extensions.TelemetryName);
        // Only the leading relay reports lag, so a sum or max over instances is the lag of the relay that matters.
        meter.CreateObservableGauge(
            "wellwon.relay.lag",
            () => _relays.Keys.Select(r => r.Lag).OfType<long>().Select(lag => new Measurement<long>(lag)),
            "{event}",
            "Global positions between the newest committed event and the last one the leading relay published.");
        meter.CreateObservableGauge(
            "wellwon.relay.leading",
            () => _relays.Keys.Select(r => new Measurement<int>(r.IsLeading ? 1 : 0)),
            "{relay}",
            "1 while this process's relay holds the lease and publishes; the sum over processes should be 1.");
        Published = meter.CreateCounter<long>("wellwon.relay.published", "{event}", "Events the relay published and the bus acknowledged, by topic.");
    }

    internal Counter<long> Published { get; }

    internal void Track(EventRelay relay) => _relays.TryAdd(relay, 0);

    internal void Untrack(EventRelay relay) => _relays.TryRemove(relay, out _);

    /// <summary>
    /// The span around one topic's share of a relay batch. A batch carries events of many requests and a span has one parent,
    /// so the span links to every event's trace rather than adopting one of them; each message keeps its own traceparent, and the
    /// consumer's span is parented to the write that produced the event, which is what continues each request's trace end to end.
    /// When every event of the batch comes from one trace (one command's events: the usual case at low load), the span is also
    /// that trace's child, so the relay hop shows in the request's own waterfall. The transport's publish span is this one's child.
    /// </summary>
    internal static Activity? StartPublish(string topic, IReadOnlyList<RecordedEvent> events)
    {
        var links = new List<ActivityLink>();
        var seen = new HashSet<(ActivityTraceId, ActivitySpanId)>();
        ActivityContext? sharedTrace = null;
        var oneTrace = true;
        foreach (var e in events)
        {
            if (e.Metadata.TraceParent is not { } traceParent
                || !ActivityContext.TryParse(traceParent, e.Metadata.TraceState, isRemote: true, out var context))
            {
                oneTrace = false;
                continue;
            }

            if (seen.Add((context.TraceId, context.SpanId)))
            {
                links.Add(new ActivityLink(context));
            }

            sharedTrace ??= context;
            oneTrace &= sharedTrace.Value.TraceId == context.TraceId;
        }

        var parent = oneTrace && sharedTrace is { } only ? only : default;
        var activity = MessagingTelemetry.Source.StartActivity($"relay publish {topic}", ActivityKind.Internal, parent, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.batch.message_count", events.Count);
            activity.SetTag("wellwon.relay.first_position", events[0].GlobalPosition);
            activity.SetTag("wellwon.relay.last_position", events[^1].GlobalPosition);
        }

        return activity;
    }
}
