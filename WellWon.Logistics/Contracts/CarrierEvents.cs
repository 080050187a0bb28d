using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Contracts;

// The facts of a company's carrier ("logistics-carrier-{id}"); the tenant of every event's metadata is the carrier's company.
// Credentials never appear here: only that someone set them, and when.

/// <summary>How WellWon follows a carrier's shipments: its tracking feed's base URL and how many requests a minute it takes.</summary>
public sealed record CarrierTracking(bool Enabled, string? BaseUrl, int RequestsPerMinute);

/// <summary>A company added a carrier to its registry; <paramref name="Code"/> (SCAC, IATA or the company's own) is what names it in milestones.</summary>
[EventType("logistics.carrier-registered.v1")]
public sealed record CarrierRegistered(
    Guid CarrierId, Guid CompanyId, string Code, string Name, IReadOnlyList<string> Modes, CarrierTracking Tracking, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>The carrier as it is now (every field but its code, which never changes).</summary>
[EventType("logistics.carrier-updated.v1")]
public sealed record CarrierUpdated(
    Guid CarrierId, Guid CompanyId, string Name, IReadOnlyList<string> Modes, CarrierTracking Tracking, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>Someone set the carrier's API credentials (stored encrypted outside the log; the event says only who and when).</summary>
[EventType("logistics.carrier-credentials-set.v1")]
public sealed record CarrierCredentialsSet(Guid CarrierId, Guid CompanyId, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>The carrier is no longer used: its shipments are no longer tracked through it and its code is free again.</summary>
[EventType("logistics.carrier-retired.v1")]
public sealed record CarrierRetired(Guid CarrierId, Guid CompanyId, Guid By, DateTimeOffset At) : IDomainEvent;
