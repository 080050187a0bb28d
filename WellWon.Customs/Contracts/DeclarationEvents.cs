using WellWon.Platform.Kernel;

namespace WellWon.Customs.Contracts;

// The facts of a declaration's stream ("customs-declaration-{id}"); the tenant of every event's metadata is the declaration's company.

/// <summary>A declaration was opened as a draft.</summary>
[EventType("customs.declaration-created.v1")]
public sealed record DeclarationCreated(Guid DeclarationId, Guid CompanyId, DeclarationHeader Header, Guid CreatedBy, DateTimeOffset CreatedAt) : IDomainEvent;

/// <summary>The header after a change (every field's new value).</summary>
[EventType("customs.declaration-header-updated.v1")]
public sealed record DeclarationHeaderUpdated(Guid DeclarationId, DeclarationHeader Header, Guid By, DateTimeOffset At) : IDomainEvent;

[EventType("customs.goods-item-added.v1")]
public sealed record GoodsItemAdded(Guid DeclarationId, GoodsItem Item, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>The item as it is now (every field).</summary>
[EventType("customs.goods-item-updated.v1")]
public sealed record GoodsItemUpdated(Guid DeclarationId, GoodsItem Item, Guid By, DateTimeOffset At) : IDomainEvent;

[EventType("customs.goods-item-removed.v1")]
public sealed record GoodsItemRemoved(Guid DeclarationId, Guid ItemId, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>The consignment's costs as they are now (the whole list).</summary>
[EventType("customs.declaration-costs-set.v1")]
public sealed record DeclarationCostsSet(Guid DeclarationId, IReadOnlyList<DeclarationCost> Costs, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>The draft passed every completeness rule; any change takes it back to draft.</summary>
[EventType("customs.declaration-checked.v1")]
public sealed record DeclarationChecked(Guid DeclarationId, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>The payments were calculated for the declaration as it was at <paramref name="Revision"/> (its content's revision).</summary>
[EventType("customs.declaration-calculated.v1")]
public sealed record DeclarationCalculated(Guid DeclarationId, int Revision, CalculationSheet Sheet, Guid By, DateTimeOffset At) : IDomainEvent;

[EventType("customs.declaration-submitted.v1")]
public sealed record DeclarationSubmitted(Guid DeclarationId, Guid CompanyId, Guid By, DateTimeOffset At) : IDomainEvent;

// A status event the customs gateway caused carries the gateway's own event id (GatewayEventId), so the same gateway event is
// applied once however often it is reported; recorded by a member, it has none. Added later with a default: older events read as before.

/// <summary>Customs registered the declaration under <paramref name="RegistrationNumber"/> (office/ddMMyy/serial).</summary>
[EventType("customs.declaration-registered.v1")]
public sealed record DeclarationRegistered(Guid DeclarationId, Guid CompanyId, string RegistrationNumber, DateTimeOffset RegisteredAt, string? GatewayEventId = null) : IDomainEvent;

/// <summary>Customs released the goods.</summary>
[EventType("customs.declaration-released.v1")]
public sealed record DeclarationReleased(Guid DeclarationId, Guid CompanyId, Guid? ShipmentId, DateTimeOffset ReleasedAt, string? GatewayEventId = null) : IDomainEvent;

/// <summary>
/// Customs refused to register the declaration or to release the goods; <paramref name="RecordedBy"/> is the member who recorded
/// the refusal (none when the customs gateway reported it). Added later with a default, so older events read as before.
/// </summary>
[EventType("customs.declaration-rejected.v1")]
public sealed record DeclarationRejected(Guid DeclarationId, Guid CompanyId, string Reason, DateTimeOffset RejectedAt, Guid? RecordedBy = null, string? GatewayEventId = null) : IDomainEvent;

/// <summary>The declarant withdrew the declaration before release.</summary>
[EventType("customs.declaration-recalled.v1")]
public sealed record DeclarationRecalled(Guid DeclarationId, Guid CompanyId, string Reason, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// A correction of a registered declaration (КДТ): its header, items and costs as corrected, and why. The one way a registered
/// or released declaration changes.
/// </summary>
[EventType("customs.declaration-corrected.v1")]
public sealed record DeclarationCorrected(
    Guid DeclarationId,
    DeclarationHeader Header,
    IReadOnlyList<GoodsItem> Items,
    IReadOnlyList<DeclarationCost> Costs,
    string Reason,
    Guid By,
    DateTimeOffset At) : IDomainEvent;
