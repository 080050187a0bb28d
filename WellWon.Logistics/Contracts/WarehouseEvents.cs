using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Contracts;

// The facts of a warehouse's stream ("logistics-warehouse-{id}"); the tenant of every event's metadata is the warehouse's company.
// Quantities are packages of a shipment's cargo line; a location of "" is goods received and not yet put away.

/// <summary>A company opened a warehouse at <paramref name="UnLocode"/>.</summary>
[EventType("logistics.warehouse-created.v1")]
public sealed record WarehouseCreated(Guid WarehouseId, Guid CompanyId, string Name, string? Address, string UnLocode, Guid By, DateTimeOffset At) : IDomainEvent;

[EventType("logistics.warehouse-location-added.v1")]
public sealed record WarehouseLocationAdded(Guid WarehouseId, string Code, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>What went wrong with part of a receipt: damage or shortage, the packages expected and received, and why.</summary>
public sealed record ReceiptDiscrepancy(string Kind, int Expected, int Received, string Reason);

/// <summary>Packages of a cargo line arrived; <paramref name="Expected"/> is the line's packages as the shipment held them then.</summary>
[EventType("logistics.goods-received.v1")]
public sealed record GoodsReceived(
    Guid WarehouseId,
    Guid ReceiptId,
    Guid ShipmentId,
    Guid CargoLineId,
    int Expected,
    int Received,
    IReadOnlyList<ReceiptDiscrepancy> Discrepancies,
    Guid By,
    DateTimeOffset At) : IDomainEvent;

/// <summary>Received packages not yet put away went to a location.</summary>
[EventType("logistics.goods-put-away.v1")]
public sealed record GoodsPutAway(Guid WarehouseId, Guid ShipmentId, Guid CargoLineId, string Location, int Quantity, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>Packages of a cargo line left the warehouse from a location.</summary>
[EventType("logistics.goods-released.v1")]
public sealed record GoodsReleased(Guid WarehouseId, Guid ReleaseId, Guid ShipmentId, Guid CargoLineId, string Location, int Quantity, Guid By, DateTimeOffset At) : IDomainEvent;
