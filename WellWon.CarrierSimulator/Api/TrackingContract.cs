using System.Collections.Immutable;
using WellWon.CarrierSimulator.Timeline;

namespace WellWon.CarrierSimulator.Api;

/// <summary>The body of <c>PUT /v1/subscriptions/{reference}</c> (tracking API v1).</summary>
public sealed record SubscriptionRequest(string? Reference, string? Mode, IReadOnlyList<LegRequest?>? Legs, IReadOnlyList<string?>? Containers)
{
    private static readonly string[] ShipmentModes = ["sea", "air", "rail", "road", "multimodal"];
    private static readonly string[] LegModes = ["sea", "air", "rail", "road"];
    private const int MaxText = 64;

    /// <summary>What is wrong with the body, by field (empty when it can be tracked).</summary>
    public Dictionary<string, string[]> Problems(string reference)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Problem(string field, string message) => problems[field] = [message];

        if (reference.Length > MaxText)
        {
            Problem("reference", $"A reference has at most {MaxText} characters.");
        }

        if (Reference is not null && Reference != reference)
        {
            Problem("reference", $"The body's reference '{Reference}' is not the one in the path, '{reference}'.");
        }

        if (Mode is null || !ShipmentModes.Contains(Mode))
        {
            Problem("mode", $"The mode is one of {string.Join(", ", ShipmentModes)}.");
        }

        if (Legs is not { Count: > 0 })
        {
            Problem("legs", "A tracked shipment has at least one leg.");
        }

        for (var i = 0; i < (Legs?.Count ?? 0); i++)
        {
            var leg = Legs![i];
            var at = $"legs[{i}]";
            if (leg is null)
            {
                Problem(at, "A leg is an object.");
                continue;
            }

            if (leg.LegId is not { Length: > 0 and <= MaxText })
            {
                Problem($"{at}.legId", $"A leg id has 1 to {MaxText} characters.");
            }

            if (!IsUnLocode(leg.From))
            {
                Problem($"{at}.from", "The origin is a UN/LOCODE such as CNSHA.");
            }

            if (!IsUnLocode(leg.To))
            {
                Problem($"{at}.to", "The destination is a UN/LOCODE such as RUVVO.");
            }

            if (leg.Mode is null || !LegModes.Contains(leg.Mode))
            {
                Problem($"{at}.mode", $"A leg's mode is one of {string.Join(", ", LegModes)}.");
            }

            if (leg.Etd is { } etd && leg.Eta is { } eta && eta <= etd)
            {
                Problem($"{at}.eta", "A leg arrives after it departs.");
            }

            if (leg.Vessel is { Length: > MaxText } || leg.Voyage is { Length: > MaxText })
            {
                Problem($"{at}.vessel", $"A vessel or voyage has at most {MaxText} characters.");
            }
        }

        if (Containers is not null && Containers.Any(c => c is not { Length: > 0 and <= MaxText }))
        {
            Problem("containers", $"A container number has 1 to {MaxText} characters.");
        }

        return problems;
    }

    public ImmutableArray<PlannedLeg> PlannedLegs() =>
        [.. Legs!.Select(l => new PlannedLeg(l!.LegId!, l.From!, l.To!, l.Mode!, l.Vessel, l.Voyage, l.Etd, l.Eta))];

    public ImmutableArray<string> ContainerNumbers() => [.. (Containers ?? []).Select(c => c!)];

    // Two letters of the country, then three letters or digits 2-9 (UN/LOCODE).
    private static bool IsUnLocode(string? code) =>
        code is { Length: 5 }
        && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1])
        && code[2..].All(c => char.IsAsciiLetterUpper(c) || c is >= '2' and <= '9');
}

public sealed record LegRequest(
    string? LegId, string? From, string? To, string? Mode, string? Vessel, string? Voyage, DateTimeOffset? Etd, DateTimeOffset? Eta);

public sealed record SubscriptionResponse(string Reference, string Status);

/// <summary>One event as a carrier's feed reports it; times are UTC and serialise with a Z.</summary>
public sealed record TrackingEvent(
    string EventId,
    string Type,
    string Classifier,
    DateTime OccurredAt,
    string Location,
    string LegId,
    string? Vessel,
    string? Voyage,
    DateTime? EstimatedArrival,
    string? Reason)
{
    public static TrackingEvent From(SimulatedEvent e, DateTimeOffset subscribedAt)
    {
        var occurred = subscribedAt + e.Release;
        // Whole seconds, rounded down: an event never reports a time later than the moment it became visible.
        var seconds = new DateTime(occurred.UtcTicks - (occurred.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        return new(e.EventId, e.Type, e.Classifier, seconds, e.Location, e.LegId, e.Vessel, e.Voyage,
            e.EstimatedArrival?.UtcDateTime, e.Reason);
    }
}

public sealed record EventsPage(IReadOnlyList<TrackingEvent> Events, string Next);
