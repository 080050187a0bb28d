using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WellWon.Platform.EventStore.Postgres;

/// <summary>The event store's spans and metrics, under WellWon's own ActivitySource and Meter ("WellWon").</summary>
public sealed class EventStoreTelemetry
{
    public const string Name = "WellWon";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly ConcurrentDictionary<ILogSubscription, byte> _subscriptions = new();

    public EventStoreTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        AppendDuration = meter.CreateHistogram<double>(
            "wellwon.event_store.append.duration",
            unit: "s",
            description: "Time to append events to a stream, by stream category and outcome.");
        meter.CreateObservableGauge(
            "wellwon.log_subscription.lag",
            () => _subscriptions.Keys.Select(s => new Measurement<long>(s.Lag, new KeyValuePair<string, object?>("subscription", s.Name))),
            unit: "{event}",
            description: "Global positions between the newest committed event and the last one a subscription handled.");
    }

    internal Histogram<double> AppendDuration { get; }

    internal void Track(ILogSubscription subscription) => _subscriptions.TryAdd(subscription, 0);

    internal void Untrack(ILogSubscription subscription) => _subscriptions.TryRemove(subscription, out _);

    /// <summary>"shipment-3f2a…" → "shipment": spans and metrics are tagged by category, never by stream, to keep cardinality low.</summary>
    internal static string CategoryOf(string streamId)
    {
        var dash = streamId.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? streamId[..dash] : streamId;
    }
}
