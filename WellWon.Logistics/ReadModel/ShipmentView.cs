using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;

namespace WellWon.Logistics.ReadModel;

/// <summary>One shipment as the screens show it (JSON camelCase). <see cref="AsOf"/> is set when it shows a moment in the past.</summary>
public sealed record ShipmentView(
    Guid Id,
    Guid CompanyId,
    string Reference,
    string Status,
    string Mode,
    string? Incoterm,
    string? IncotermPlace,
    Party? Shipper,
    Party? Consignee,
    Party? NotifyParty,
    string? BlNumber,
    IReadOnlyList<CargoLine> Cargo,
    CargoTotals Totals,
    IReadOnlyList<Container> Containers,
    IReadOnlyList<RouteLeg> Legs,
    IReadOnlyList<Milestone> Milestones,
    IReadOnlyList<ShipmentDocument> Documents,
    IReadOnlyList<ShipmentNote> Notes,
    string? CancelReason,
    DateTimeOffset? PlannedEta,
    bool Delayed,
    TimeSpan? Delay,
    IReadOnlyList<EtaRevision> EtaRevisions,
    Guid CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    DateTimeOffset? AsOf)
{
    public static ShipmentView From(Guid id, ShipmentState s, long version, DateTimeOffset? asOf = null) => new(
        id,
        s.CompanyId,
        s.Reference,
        s.Status,
        s.Mode,
        s.Header.Incoterm,
        s.Header.IncotermPlace,
        s.Header.Shipper,
        s.Header.Consignee,
        s.Header.NotifyParty,
        s.Header.BlNumber,
        s.Cargo,
        CargoTotals.Of(s.Cargo),
        s.Containers,
        s.Legs,
        s.Milestones,
        s.Documents,
        s.Notes,
        s.CancelReason,
        s.PlannedEta,
        s.Delayed,
        s.Delay,
        s.EtaRevisions,
        s.CreatedBy,
        s.CreatedAt,
        s.UpdatedAt,
        version,
        asOf);
}

/// <summary>The cargo added up; the net weight counts the lines that give one.</summary>
public sealed record CargoTotals(int Packages, decimal GrossWeightKg, decimal NetWeightKg, decimal VolumeM3)
{
    public static CargoTotals Of(IEnumerable<CargoLine> lines)
    {
        var list = lines.ToList();
        return new(list.Sum(l => l.Packages), list.Sum(l => l.GrossWeightKg), list.Sum(l => l.NetWeightKg ?? 0), list.Sum(l => l.VolumeM3 ?? 0));
    }
}

/// <summary>A shipment in a list: enough to find it and see where it is.</summary>
public sealed record ShipmentSummary(
    Guid Id,
    Guid CompanyId,
    string Reference,
    string Status,
    string Mode,
    string? Incoterm,
    string? BlNumber,
    IReadOnlyList<string> ContainerNumbers,
    string? Origin,
    string? Destination,
    DateTimeOffset? Etd,
    DateTimeOffset? Eta,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    IReadOnlyList<LegEta> Legs,
    bool Delayed,
    TimeSpan? Delay);

/// <summary>A leg in a list: where it goes and its current ETA (revisions included).</summary>
public sealed record LegEta(Guid Id, string From, string To, DateTimeOffset? Eta, DateTimeOffset? Ata);

/// <param name="Next">Pass as <c>cursor</c> for the next page; null on the last one.</param>
public sealed record ShipmentPage(IReadOnlyList<ShipmentSummary> Items, string? Next);
