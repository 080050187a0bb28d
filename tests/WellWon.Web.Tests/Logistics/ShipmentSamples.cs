namespace WellWon.Web.Tests.Logistics;

/// <summary>Shipments as WellWon.Api answers them (JSON, camelCase), for the screens' tests.</summary>
public static class ShipmentSamples
{
    public static readonly Guid ShipmentId = Guid.Parse("0196a0c4-5555-7000-8000-000000000001");
    public static readonly Guid LegId = Guid.Parse("0196a0c4-6666-7000-8000-000000000001");
    public static readonly Guid LineId = Guid.Parse("0196a0c4-7777-7000-8000-000000000001");

    public static object Shipment(Guid companyId, string status = "draft", object? extraLeg = null, Tracking? tracking = null) => new
    {
        id = ShipmentId,
        companyId,
        reference = "WW-2026-000042",
        status,
        mode = "sea",
        incoterm = "FOB",
        incotermPlace = "Shanghai",
        shipper = new { companyId = (Guid?)null, name = "Ningbo Tea Co", address = "Ningbo" },
        consignee = new { companyId = (Guid?)null, name = "Tea Importers LLC", address = (string?)null },
        notifyParty = (object?)null,
        blNumber = "MEDU1234567",
        cargo = new[]
        {
            new { id = LineId, description = "Green tea", hsCode = "090210", packages = 120, packageType = "cartons", grossWeightKg = 2400m, netWeightKg = 2200m, volumeM3 = 12.5m, declaredValue = (object?)null },
        },
        totals = new { packages = 120, grossWeightKg = 2400m, netWeightKg = 2200m, volumeM3 = 12.5m },
        containers = new[] { new { number = "MSCU1234566", type = "45G1", seals = new[] { "SEAL1" } } },
        legs = new[]
        {
            extraLeg ?? new
            {
                id = LegId, from = "CNSHA", to = "DEHAM", mode = "sea", carrier = "MSC", vessel = "MSC Oscar", voyage = "123W", flightNumber = (string?)null,
                etd = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
                eta = DateTimeOffset.Parse("2027-01-10T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
                atd = (DateTimeOffset?)null, ata = (DateTimeOffset?)null,
            },
        },
        milestones = Array.Empty<object>(),
        documents = Array.Empty<object>(),
        notes = Array.Empty<object>(),
        cancelReason = (string?)null,
        createdBy = Guid.Empty,
        createdAt = DateTimeOffset.UnixEpoch,
        updatedAt = DateTimeOffset.UnixEpoch,
        version = 1,
        asOf = (DateTimeOffset?)null,
        plannedEta = tracking?.PlannedEta,
        delayed = tracking is not null,
        delay = tracking?.Delay,
        etaRevisions = tracking?.EtaRevisions ?? [],
    };

    /// <summary>What tracking adds to a shipment in the Api's answer: the plan at booking, the delay ("d.hh:mm:ss") and the revisions.</summary>
    public sealed record Tracking(string PlannedEta, string Delay, object[] EtaRevisions);

    public static object Entry(long version, string change, string summary, string? milestone = null, Guid? userId = null, string? carrier = null, string at = "2026-12-01T10:00:00Z") => new
    {
        version,
        change,
        milestone,
        occurredAt = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
        recordedAt = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
        userId,
        carrier,
        summary,
        data = new { },
    };

    public static object Timeline(params object[] entries) => new { shipmentId = ShipmentId, entries, asOf = (DateTimeOffset?)null };

    public static object ListItem(Guid id, string reference, string status = "booked", bool? delayed = null) => new
    {
        id,
        companyId = Guid.Empty,
        reference,
        status,
        mode = "sea",
        incoterm = "FOB",
        blNumber = "MEDU1234567",
        containerNumbers = new[] { "MSCU1234566" },
        origin = "CNSHA",
        destination = "DEHAM",
        etd = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        eta = DateTimeOffset.Parse("2027-01-10T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        createdAt = DateTimeOffset.UnixEpoch,
        updatedAt = DateTimeOffset.UnixEpoch,
        version = 2,
        delayed,
    };
}
