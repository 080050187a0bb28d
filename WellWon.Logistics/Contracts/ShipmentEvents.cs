using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Contracts;

// The facts of a shipment's stream ("logistics-shipment-{id}"); the tenant of every event's metadata is the shipment's company.
// Other contexts react to them (Chat opens a shipment's chat on ShipmentBooked; later Customs and Documents).
// Statuses, modes and milestone kinds are the names of ShipmentStatuses, TransportModes and MilestoneKinds.

/// <summary>A shipment was opened as a draft with everything known so far; <paramref name="Reference"/> is its number in its company.</summary>
[EventType("logistics.shipment-created.v1")]
public sealed record ShipmentCreated(
    Guid ShipmentId,
    Guid CompanyId,
    string Reference,
    string Mode,
    ShipmentHeader Header,
    IReadOnlyList<CargoLine> Cargo,
    IReadOnlyList<Container> Containers,
    IReadOnlyList<RouteLeg> Legs,
    Guid CreatedBy,
    DateTimeOffset CreatedAt) : IDomainEvent;

/// <summary>The header after a change (every field's new value).</summary>
[EventType("logistics.shipment-header-updated.v1")]
public sealed record ShipmentHeaderUpdated(Guid ShipmentId, ShipmentHeader Header, Guid UpdatedBy, DateTimeOffset UpdatedAt) : IDomainEvent;

/// <summary>The draft became a booking: the route and cargo are agreed and it is a real shipment for its company from now on.</summary>
[EventType("logistics.shipment-booked.v1")]
public sealed record ShipmentBooked(Guid ShipmentId, Guid CompanyId, string Reference, Guid MilestoneId, Guid BookedBy, DateTimeOffset BookedAt) : IDomainEvent;

[EventType("logistics.cargo-line-added.v1")]
public sealed record CargoLineAdded(Guid ShipmentId, CargoLine Line, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>The line as it is now (every field).</summary>
[EventType("logistics.cargo-line-updated.v1")]
public sealed record CargoLineUpdated(Guid ShipmentId, CargoLine Line, Guid By, DateTimeOffset At) : IDomainEvent;

[EventType("logistics.cargo-line-removed.v1")]
public sealed record CargoLineRemoved(Guid ShipmentId, Guid LineId, Guid By, DateTimeOffset At) : IDomainEvent;

[EventType("logistics.container-added.v1")]
public sealed record ContainerAdded(Guid ShipmentId, Container Container, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>The container as it is now (type and seals; the number is what names it).</summary>
[EventType("logistics.container-updated.v1")]
public sealed record ContainerUpdated(Guid ShipmentId, Container Container, Guid By, DateTimeOffset At) : IDomainEvent;

[EventType("logistics.container-removed.v1")]
public sealed record ContainerRemoved(Guid ShipmentId, string Number, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>A leg joined the route at the end.</summary>
[EventType("logistics.leg-added.v1")]
public sealed record LegAdded(Guid ShipmentId, RouteLeg Leg, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>The leg as it is now (its planned part; actual times come from milestones).</summary>
[EventType("logistics.leg-updated.v1")]
public sealed record LegUpdated(Guid ShipmentId, RouteLeg Leg, Guid By, DateTimeOffset At) : IDomainEvent;

[EventType("logistics.leg-removed.v1")]
public sealed record LegRemoved(Guid ShipmentId, Guid LegId, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// A milestone was reported. <paramref name="Status"/> is the shipment's status after it (a milestone never moves it backwards).
/// A departed milestone of a leg sets that leg's ATD, an arrived one its ATA.
/// </summary>
[EventType("logistics.milestone-recorded.v1")]
public sealed record MilestoneRecorded(Guid ShipmentId, Milestone Milestone, string Status, DateTimeOffset RecordedAt) : IDomainEvent;

[EventType("logistics.shipment-cancelled.v1")]
public sealed record ShipmentCancelled(Guid ShipmentId, Guid CompanyId, string Reason, Guid CancelledBy, DateTimeOffset CancelledAt) : IDomainEvent;

[EventType("logistics.note-added.v1")]
public sealed record NoteAdded(Guid ShipmentId, ShipmentNote Note) : IDomainEvent;

[EventType("logistics.document-attached.v1")]
public sealed record DocumentAttached(Guid ShipmentId, ShipmentDocument Document) : IDomainEvent;

[EventType("logistics.document-detached.v1")]
public sealed record DocumentDetached(Guid ShipmentId, Guid DocumentId, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// The reference reserved for a shipment that was never created is given back: this event takes the shipment's stream first, so
/// a creation still under way (a request that outlived its reservation) fails instead of using a number handed out again.
/// </summary>
[EventType("logistics.shipment-creation-abandoned.v1")]
public sealed record ShipmentCreationAbandoned(Guid ShipmentId, Guid CompanyId, string Reference, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// A leg's estimated arrival changed (a carrier's tracking feed or a user). <paramref name="PreviousEta"/> is what was expected
/// before; <paramref name="CarrierEventId"/> is the reporter's id of the update, recorded once per reporter like a milestone's.
/// </summary>
[EventType("logistics.leg-eta-revised.v1")]
public sealed record LegEtaRevised(
    Guid ShipmentId,
    Guid LegId,
    DateTimeOffset? PreviousEta,
    DateTimeOffset NewEta,
    MilestoneSource Source,
    string? CarrierEventId,
    DateTimeOffset RevisedAt) : IDomainEvent;

/// <summary>
/// The shipment's arrival at its final destination slipped past the company's delay threshold: <paramref name="PlannedEta"/> is
/// the last leg's ETA when the shipment was booked, <paramref name="ExpectedEta"/> the one now expected. Raised once per slip
/// beyond the threshold (a further slip raises it again with the new figure).
/// </summary>
[EventType("logistics.shipment-delayed.v1")]
public sealed record ShipmentDelayed(
    Guid ShipmentId,
    Guid CompanyId,
    string Reference,
    DateTimeOffset PlannedEta,
    DateTimeOffset ExpectedEta,
    TimeSpan Delay,
    DateTimeOffset DetectedAt) : IDomainEvent;
