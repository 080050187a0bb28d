namespace WellWon.Logistics.Tracking;

// The carrier tracking API v1 as WellWon speaks it (JSON camelCase, UTC ISO-8601 times): what is sent and what comes back.

/// <summary>The body of <c>PUT /v1/subscriptions/{reference}</c>.</summary>
public sealed record TrackingSubscription(string Reference, string Mode, IReadOnlyList<TrackingLeg> Legs, IReadOnlyList<string> Containers);

public sealed record TrackingLeg(string LegId, string From, string To, string Mode, string? Vessel, string? Voyage, DateTimeOffset? Etd, DateTimeOffset? Eta);

/// <summary>One event of a carrier's feed, checked: an id, a known type, a time, and for <c>eta</c> the leg and its new ETA.</summary>
public sealed record CarrierEvent(
    string EventId,
    string Type,
    string? Classifier,
    DateTimeOffset OccurredAt,
    string? Location,
    string? LegId,
    string? Vessel,
    string? Voyage,
    DateTimeOffset? EstimatedArrival,
    string? Reason);

/// <summary>A page of events after a cursor; <see cref="Next"/> is passed back as <c>after</c>.</summary>
public sealed record CarrierEventPage(IReadOnlyList<CarrierEvent> Events, string Next);

/// <summary>The event types of the feed.</summary>
public static class CarrierEventTypes
{
    public const string PickedUp = "picked-up";
    public const string Departed = "departed";
    public const string Transshipped = "transshipped";
    public const string Arrived = "arrived";
    public const string OutForDelivery = "out-for-delivery";
    public const string Delivered = "delivered";
    public const string Exception = "exception";
    public const string Eta = "eta";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        PickedUp, Departed, Transshipped, Arrived, OutForDelivery, Delivered, Exception, Eta,
    };
}

/// <summary>Why a call to a carrier's feed failed.</summary>
public enum TrackingFailure
{
    /// <summary>404: the carrier does not know the reference (never subscribed, or it forgot).</summary>
    NotSubscribed,

    /// <summary>The answer was not what the API promises (bad JSON, missing fields, unknown types): nothing of it is used.</summary>
    Malformed,

    /// <summary>401/403: the key is missing or wrong.</summary>
    Unauthorized,

    /// <summary>5xx, 429, a timeout or the network, after every attempt.</summary>
    Unavailable,

    /// <summary>Any other answer (a 400 for a body the carrier refused).</summary>
    Rejected,
}

/// <summary>A call to a carrier's feed failed in a way <see cref="Failure"/> names.</summary>
public sealed class CarrierTrackingException(TrackingFailure failure, string carrier, string reference, string message, Exception? inner = null)
    : Exception($"{carrier} {reference}: {message}", inner)
{
    public TrackingFailure Failure { get; } = failure;

    public string Carrier { get; } = carrier;

    public string Reference { get; } = reference;
}
