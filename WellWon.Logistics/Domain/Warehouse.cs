using System.Collections.Immutable;
using System.Text.RegularExpressions;
using WellWon.Logistics.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Domain;

/// <summary>Packages of one cargo line at one location; <see cref="Location"/> "" holds what was received and not yet put away.</summary>
public sealed record StockLine(Guid ShipmentId, Guid CargoLineId, string Location, int Quantity);

/// <summary>A receipt as recorded, with its discrepancies.</summary>
public sealed record GoodsReceipt(Guid Id, Guid ShipmentId, Guid CargoLineId, int Expected, int Received, IReadOnlyList<ReceiptDiscrepancy> Discrepancies, Guid By, DateTimeOffset At);

public sealed record WarehouseState : AggregateState<WarehouseState>
{
    public bool Exists { get; init; }

    public Guid CompanyId { get; init; }

    public string Name { get; init; } = string.Empty;

    public string? Address { get; init; }

    public string UnLocode { get; init; } = string.Empty;

    public ImmutableList<string> Locations { get; init; } = [];

    /// <summary>Every (cargo line, location) ever stocked, with its packages now (0 once emptied: the keys only grow).</summary>
    public ImmutableList<StockLine> Stock { get; init; } = [];

    public ImmutableList<GoodsReceipt> Receipts { get; init; } = [];

    public Guid CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public WarehouseState()
    {
        On<WarehouseCreated>((s, e) => s with
        {
            Exists = true, CompanyId = e.CompanyId, Name = e.Name, Address = e.Address, UnLocode = e.UnLocode,
            CreatedBy = e.By, CreatedAt = e.At, UpdatedAt = e.At,
        });
        On<WarehouseLocationAdded>((s, e) => s with { Locations = s.Locations.Add(e.Code), UpdatedAt = e.At });
        On<GoodsReceived>((s, e) => s with
        {
            Stock = s.Adding(e.ShipmentId, e.CargoLineId, Warehouse.Unallocated, e.Received),
            Receipts = s.Receipts.Add(new GoodsReceipt(e.ReceiptId, e.ShipmentId, e.CargoLineId, e.Expected, e.Received, e.Discrepancies, e.By, e.At)),
            UpdatedAt = e.At,
        });
        On<GoodsPutAway>((s, e) => s with
        {
            Stock = (s with { Stock = s.Adding(e.ShipmentId, e.CargoLineId, Warehouse.Unallocated, -e.Quantity) }).Adding(e.ShipmentId, e.CargoLineId, e.Location, e.Quantity),
            UpdatedAt = e.At,
        });
        On<GoodsReleased>((s, e) => s with { Stock = s.Adding(e.ShipmentId, e.CargoLineId, e.Location, -e.Quantity), UpdatedAt = e.At });
    }

    public int QuantityAt(Guid shipmentId, Guid cargoLineId, string location) =>
        Stock.FirstOrDefault(l => l.ShipmentId == shipmentId && l.CargoLineId == cargoLineId && l.Location == location)?.Quantity ?? 0;

    private ImmutableList<StockLine> Adding(Guid shipmentId, Guid cargoLineId, string location, int delta)
    {
        var index = Stock.FindIndex(l => l.ShipmentId == shipmentId && l.CargoLineId == cargoLineId && l.Location == location);
        return index < 0
            ? Stock.Add(new StockLine(shipmentId, cargoLineId, location, delta))
            : Stock.SetItem(index, Stock[index] with { Quantity = Stock[index].Quantity + delta });
    }
}

/// <summary>
/// A company's warehouse: where it is, its locations, and the packages of shipments' cargo lines it holds. Its rules: stock is
/// never negative — a receipt adds what arrived (never less than nothing), a put-away moves no more than is received and not yet
/// put away, a release takes no more than the location holds. Two writers deciding on the same stock are settled by the stream's
/// expected version: the loser reloads and decides again on what the winner left.
/// </summary>
[StreamCategory("logistics-warehouse")]
public sealed partial class Warehouse : Aggregate<WarehouseState>
{
    /// <summary>The location of packages received and not yet put away.</summary>
    public const string Unallocated = "";
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 500;
    public const string Damage = "damage";
    public const string Shortage = "shortage";

    public bool Exists => State.Exists;

    public static RuleViolation? CheckName(string? name) =>
        name is { Length: > 0 and <= NameMaxLength } && !string.IsNullOrWhiteSpace(name)
            ? null
            : new("name", WarehouseErrors.NameInvalid, $"A warehouse's name has 1 to {NameMaxLength} characters.");

    public static RuleViolation? CheckAddress(string? address) =>
        address is null or { Length: <= AddressMaxLength } ? null : new("address", WarehouseErrors.AddressInvalid, $"An address has at most {AddressMaxLength} characters.");

    /// <summary>"a-01-03" → "A-01-03".</summary>
    public static string NormalizeLocation(string? code) => (code ?? string.Empty).Trim().ToUpperInvariant();

    public static RuleViolation? CheckLocationCode(string normalized, string field = "code") =>
        LocationShape().IsMatch(normalized)
            ? null
            : new(field, WarehouseErrors.LocationCodeInvalid, "A location code is 1 to 4 parts of letters and digits joined by '-' (A-01-03).");

    public static RuleViolation? CheckQuantity(int quantity, string field, bool zeroAllowed) =>
        quantity > 0 || (zeroAllowed && quantity == 0) ? null
            : new(field, WarehouseErrors.QuantityInvalid, zeroAllowed ? "A quantity of packages is not negative." : "A quantity of packages is positive.");

    public static IEnumerable<RuleViolation> CheckDiscrepancy(ReceiptDiscrepancy d, int index)
    {
        var prefix = $"discrepancies[{index}].";
        if (d.Kind is not (Damage or Shortage))
        {
            yield return new(prefix + "kind", WarehouseErrors.DiscrepancyKindInvalid, $"A discrepancy is {Damage} or {Shortage}.");
        }

        if (CheckQuantity(d.Expected, prefix + "expected", zeroAllowed: true) is { } expected)
        {
            yield return expected;
        }

        if (CheckQuantity(d.Received, prefix + "received", zeroAllowed: true) is { } received)
        {
            yield return received;
        }

        if (d.Reason is not { Length: > 0 and <= ShipmentRules.ReasonMaxLength } || string.IsNullOrWhiteSpace(d.Reason))
        {
            yield return new(prefix + "reason", ShipmentErrors.ReasonRequired, $"A discrepancy says why in 1 to {ShipmentRules.ReasonMaxLength} characters.");
        }
    }

    public static Warehouse Create(Guid id, Guid companyId, string name, string? address, string unLocode, Guid by, DateTimeOffset now)
    {
        Refuse(CheckName(name) ?? CheckAddress(address) ?? UnLocode.Check(unLocode, "unLocode"));
        var warehouse = new Warehouse { Id = id };
        warehouse.Apply(new WarehouseCreated(id, companyId, name.Trim(), address, unLocode, by, now));
        return warehouse;
    }

    public void AddLocation(string code, Guid by, DateTimeOffset now)
    {
        Refuse(CheckLocationCode(code));
        if (State.Locations.Contains(code))
        {
            Refuse(new("code", WarehouseErrors.LocationDuplicate, $"Location {code} is already in this warehouse."));
        }

        Apply(new WarehouseLocationAdded(Id, code, by, now));
    }

    /// <summary>Records what arrived of a cargo line; <paramref name="expected"/> is the line's packages.</summary>
    public void Receive(Guid receiptId, Guid shipmentId, Guid cargoLineId, int expected, int received, IReadOnlyList<ReceiptDiscrepancy> discrepancies, Guid by, DateTimeOffset now)
    {
        // Only what arrived is added, so no receipt can take stock below zero.
        Refuse(CheckQuantity(received, "packages", zeroAllowed: true) ?? discrepancies.SelectMany(CheckDiscrepancy).FirstOrDefault());
        Apply(new GoodsReceived(Id, receiptId, shipmentId, cargoLineId, expected, received, discrepancies, by, now));
    }

    public void PutAway(Guid shipmentId, Guid cargoLineId, string location, int quantity, Guid by, DateTimeOffset now)
    {
        Refuse(CheckQuantity(quantity, "packages", zeroAllowed: false));
        EnsureLocation(location);
        var unallocated = State.QuantityAt(shipmentId, cargoLineId, Unallocated);
        if (quantity > unallocated)
        {
            throw new DomainException(WarehouseErrors.PutAwayExceedsUnallocated,
                $"{unallocated} package(s) of cargo line {cargoLineId} wait to be put away; {quantity} cannot be.");
        }

        Apply(new GoodsPutAway(Id, shipmentId, cargoLineId, location, quantity, by, now));
    }

    public void Release(Guid releaseId, Guid shipmentId, Guid cargoLineId, string location, int quantity, Guid by, DateTimeOffset now)
    {
        Refuse(CheckQuantity(quantity, "packages", zeroAllowed: false));
        EnsureLocation(location);
        var stock = State.QuantityAt(shipmentId, cargoLineId, location);
        if (quantity > stock)
        {
            throw new DomainException(WarehouseErrors.ReleaseExceedsStock,
                $"Location {location} holds {stock} package(s) of cargo line {cargoLineId}; {quantity} cannot be released.");
        }

        Apply(new GoodsReleased(Id, releaseId, shipmentId, cargoLineId, location, quantity, by, now));
    }

    private void EnsureLocation(string location)
    {
        if (!State.Locations.Contains(location))
        {
            throw new NotFoundException(WarehouseErrors.LocationNotFound, $"Location {location} is not in this warehouse.");
        }
    }

    private static void Refuse(RuleViolation? broken)
    {
        if (broken is not null)
        {
            throw new ShipmentRuleException(broken);
        }
    }

    [GeneratedRegex("^[A-Z0-9]{1,4}(-[A-Z0-9]{1,4}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LocationShape();
}
