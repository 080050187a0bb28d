using System.Collections.Immutable;

namespace WellWon.CarrierSimulator.Timeline;

/// <summary>A leg as subscribed: its planned departure and arrival may be missing (then the simulator plans them).</summary>
public sealed record PlannedLeg(
    string LegId, string From, string To, string Mode, string? Vessel, string? Voyage, DateTimeOffset? Etd, DateTimeOffset? Eta);

/// <summary>
/// One event of a shipment's voyage. <see cref="Release"/> is when it happens, counted from the subscription on the real clock;
/// <see cref="EstimatedArrival"/> (eta events) is in the plan's own time, so a revision compares with the leg's booked ETA.
/// </summary>
public sealed record SimulatedEvent(
    string EventId,
    string Type,
    string Classifier,
    TimeSpan Release,
    string Location,
    string LegId,
    string? Vessel,
    string? Voyage,
    DateTimeOffset? EstimatedArrival,
    string? Reason);

/// <summary>
/// The whole voyage of a subscribed shipment, computed once: picked up shortly after subscribing; per leg departed at its origin,
/// arrived at its destination and, between legs, transshipped there; for a late shipment an exception and two ETA revisions of the
/// late leg and every leg after it (half the delay, then all of it: the delay carries on to the final arrival); out for delivery and
/// delivered only after a final road leg. Event ids are <c>SIMU-{reference}-{legIndex}-{type}[-n]</c>, the same on every run.
/// </summary>
public static class ShipmentTimeline
{
    public const string Actual = "ACT";
    public const string Estimated = "EST";

    // The plan's own waits: pickup before the first departure and delivery after a road arrival.
    private static readonly TimeSpan PickupLead = TimeSpan.FromHours(12);
    private static readonly TimeSpan DeliveryRun = TimeSpan.FromHours(12);
    private static readonly TimeSpan DefaultConnection = TimeSpan.FromDays(1);

    public static ImmutableArray<SimulatedEvent> Build(
        string reference, IReadOnlyList<PlannedLeg> legs, DateTimeOffset subscribedAt, Pace pace, Lateness? lateness)
    {
        var events = ImmutableArray.CreateBuilder<SimulatedEvent>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var plan = Plan(legs, subscribedAt);

        void Add(int leg, string type, TimeSpan release, string location, DateTimeOffset? eta = null, string? reason = null, bool withVessel = true)
        {
            var id = $"{SimulatorOptions.CarrierCode}-{reference}-{leg}-{type}";
            var n = seen[id] = seen.GetValueOrDefault(id) + 1;
            events.Add(new SimulatedEvent(
                n == 1 ? id : $"{id}-{n}", type, type == "eta" ? Estimated : Actual, release, location, legs[leg].LegId,
                withVessel ? legs[leg].Vessel : null, withVessel ? legs[leg].Voyage : null, eta, reason));
        }

        var at = TimeSpan.Zero;
        var pickup = pace.Wait(PickupLead);
        Add(0, "picked-up", at + (pickup / 5), legs[0].From, withVessel: false);
        at += pickup;

        for (var i = 0; i < legs.Count; i++)
        {
            var (etd, eta) = plan[i];
            var length = pace.Leg(eta - etd);
            Add(i, "departed", at, legs[i].From);
            if (lateness is { } late && late.LegIndex == i)
            {
                var firstNews = at + (length * 0.3);
                var fullNews = at + (length * 0.6);
                var half = TimeSpan.FromHours(Math.Round(late.Delay.TotalHours / 2));
                Add(i, "exception", firstNews, legs[i].To, reason: ReasonFor(legs[i]));
                for (var j = i; j < legs.Count; j++)
                {
                    Add(j, "eta", firstNews, legs[j].To, plan[j].Eta + half);
                }

                for (var j = i; j < legs.Count; j++)
                {
                    Add(j, "eta", fullNews, legs[j].To, plan[j].Eta + late.Delay);
                }
            }

            at += length;
            Add(i, "arrived", at, legs[i].To);
            if (i < legs.Count - 1)
            {
                var connection = pace.Wait(plan[i + 1].Etd - eta);
                Add(i, "transshipped", at + (connection / 2), legs[i].To, withVessel: false);
                at += connection;
            }
        }

        var last = legs.Count - 1;
        if (legs[last].Mode == "road")
        {
            var delivery = pace.Wait(DeliveryRun);
            Add(last, "out-for-delivery", at + (delivery / 5), legs[last].To, withVessel: false);
            Add(last, "delivered", at + delivery, legs[last].To, withVessel: false);
        }

        return events.ToImmutable();
    }

    /// <summary>Each leg's planned departure and arrival: as subscribed, else after the previous leg, lasting what its mode takes.</summary>
    public static IReadOnlyList<(DateTimeOffset Etd, DateTimeOffset Eta)> Plan(IReadOnlyList<PlannedLeg> legs, DateTimeOffset subscribedAt)
    {
        var plan = new List<(DateTimeOffset, DateTimeOffset)>(legs.Count);
        var ready = subscribedAt + PickupLead;
        foreach (var leg in legs)
        {
            var etd = leg.Etd ?? ready;
            var eta = leg.Eta is { } planned && planned > etd ? planned : etd + TypicalDuration(leg.Mode);
            plan.Add((etd, eta));
            ready = eta + DefaultConnection;
        }

        return plan;
    }

    private static TimeSpan TypicalDuration(string mode) => mode switch
    {
        "air" => TimeSpan.FromDays(1),
        "road" => TimeSpan.FromDays(2),
        "rail" => TimeSpan.FromDays(12),
        _ => TimeSpan.FromDays(14),
    };

    private static string ReasonFor(PlannedLeg leg) => leg.Mode switch
    {
        "air" => $"Flight rescheduled at {leg.From}",
        "road" => $"Queue at the border on the way to {leg.To}",
        "rail" => $"Wagon shortage at {leg.From}",
        _ => $"Port congestion at {leg.To}",
    };
}
