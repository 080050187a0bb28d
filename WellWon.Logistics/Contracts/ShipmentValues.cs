namespace WellWon.Logistics.Contracts;

// The values shipment events carry, normalised (codes upper-case, text trimmed) and already checked by the aggregate.

/// <summary>A party of a shipment: a WellWon company (by id), or someone outside WellWon by name and address.</summary>
public sealed record Party(Guid? CompanyId, string? Name, string? Address);

/// <summary>An amount in an ISO 4217 currency; money is decimal, never floating point.</summary>
public sealed record Money(decimal Amount, string Currency);

/// <summary>One line of goods: what, how packed, how heavy and large, and what it is declared to be worth.</summary>
/// <param name="HsCode">The Harmonized System code, 6 to 10 digits, when known.</param>
/// <param name="PackageType">How the packages are packed (cartons, pallets, drums…), free text.</param>
public sealed record CargoLine(
    Guid Id,
    string Description,
    string? HsCode,
    int Packages,
    string? PackageType,
    decimal GrossWeightKg,
    decimal? NetWeightKg,
    decimal? VolumeM3,
    Money? DeclaredValue);

/// <summary>A container: its ISO 6346 number (owner, category, serial, check digit), its ISO 6346 size/type code and its seals.</summary>
public sealed record Container(string Number, string Type, IReadOnlyList<string> Seals);

/// <summary>
/// One leg of the route, from one UN/LOCODE to the next, by one mode and carrier: planned times (ETD/ETA) given by people or
/// carriers, actual ones (ATD/ATA) set by departed and arrived milestones.
/// </summary>
public sealed record RouteLeg(
    Guid Id,
    string From,
    string To,
    string Mode,
    string? Carrier,
    string? Vessel,
    string? Voyage,
    string? FlightNumber,
    DateTimeOffset? Etd,
    DateTimeOffset? Eta,
    DateTimeOffset? Atd = null,
    DateTimeOffset? Ata = null);

/// <summary>Who reported a milestone: a WellWon user, or a carrier (by name) through a tracking feed.</summary>
public sealed record MilestoneSource(Guid? UserId, string? Carrier)
{
    public static MilestoneSource User(Guid userId) => new(userId, null);

    public static MilestoneSource FromCarrier(string carrier) => new(null, carrier);

    public override string ToString() => UserId is { } user ? $"user {user}" : $"carrier {Carrier}";
}

/// <summary>Something that happened to the shipment, when and where (a UN/LOCODE), who said so, and for which leg.</summary>
/// <param name="CarrierEventId">The reporter's own id of the event; the same id from the same reporter is recorded once.</param>
public sealed record Milestone(
    Guid Id,
    string Kind,
    DateTimeOffset At,
    string? Location,
    Guid? LegId,
    string? Reason,
    MilestoneSource Source,
    string? CarrierEventId);

/// <summary>A document of the Documents context that belongs to the shipment, and what kind of document it is.</summary>
public sealed record ShipmentDocument(Guid DocumentId, string Type, Guid AttachedBy, DateTimeOffset AttachedAt);

/// <summary>A remark by a participant; notes are the one thing a closed shipment still takes.</summary>
public sealed record ShipmentNote(Guid Id, string Text, Guid AuthorId, DateTimeOffset At);

/// <summary>The header of a shipment: its parties, the Incoterms rule with its named place, and the bill of lading's number.</summary>
public sealed record ShipmentHeader(Party? Shipper, Party? Consignee, Party? NotifyParty, string? Incoterm, string? IncotermPlace, string? BlNumber);
