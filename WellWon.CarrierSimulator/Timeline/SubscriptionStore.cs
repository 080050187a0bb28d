using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace WellWon.CarrierSimulator.Timeline;

/// <summary>A tracked shipment: its legs as subscribed and its voyage, counted from <see cref="SubscribedAt"/>.</summary>
public sealed record Subscription(
    string Reference,
    string Mode,
    ImmutableArray<PlannedLeg> Legs,
    ImmutableArray<string> Containers,
    DateTimeOffset SubscribedAt,
    ImmutableArray<SimulatedEvent> Timeline)
{
    /// <summary>How many events have happened by <paramref name="now"/>: the cursor never passes this.</summary>
    public int HappenedBy(DateTimeOffset now)
    {
        var elapsed = now - SubscribedAt;
        var count = 0;
        while (count < Timeline.Length && Timeline[count].Release <= elapsed)
        {
            count++;
        }

        return count;
    }

    internal bool SameAs(string mode, ImmutableArray<PlannedLeg> legs, ImmutableArray<string> containers) =>
        Mode == mode && Legs.SequenceEqual(legs) && Containers.SequenceEqual(containers, StringComparer.Ordinal);
}

/// <summary>
/// The subscriptions, in memory only: a restarted simulator knows none (clients get 404, subscribe again and read the same ids).
/// </summary>
public sealed class SubscriptionStore(TimeProvider clock, IOptions<SimulatorOptions> options)
{
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Lock _writes = new();

    public int Count => _subscriptions.Count;

    public Subscription? Find(string reference) => _subscriptions.GetValueOrDefault(reference);

    public IEnumerable<Subscription> All => _subscriptions.Values;

    /// <summary>
    /// Subscribes, or keeps the subscription as it is when nothing changed. A changed route keeps what already happened (so cursors
    /// stay valid) and replans the rest; events of the new plan that would lie in the past happen now.
    /// </summary>
    public Subscription Subscribe(string reference, string mode, ImmutableArray<PlannedLeg> legs, ImmutableArray<string> containers)
    {
        lock (_writes)
        {
            var now = clock.GetUtcNow();
            var existing = Find(reference);
            if (existing is not null && existing.SameAs(mode, legs, containers))
            {
                return existing;
            }

            var subscribedAt = existing?.SubscribedAt ?? now;
            var settings = options.Value;
            var timeline = ShipmentTimeline.Build(
                reference, legs, subscribedAt, Pace.From(settings), Lateness.For(settings.Seed, reference, legs.Length));
            if (existing is not null)
            {
                var happened = existing.Timeline[..existing.HappenedBy(now)];
                var elapsed = now - subscribedAt;
                var ids = happened.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
                timeline = [.. happened, .. timeline.Where(e => !ids.Contains(e.EventId))
                    .Select(e => e.Release < elapsed ? e with { Release = elapsed } : e)];
            }

            var subscription = new Subscription(reference, mode, legs, containers, subscribedAt, timeline);
            _subscriptions[reference] = subscription;
            return subscription;
        }
    }

    public bool Unsubscribe(string reference) => _subscriptions.TryRemove(reference, out _);
}
