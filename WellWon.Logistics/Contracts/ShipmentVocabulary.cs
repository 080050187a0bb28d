using System.Collections.Frozen;

namespace WellWon.Logistics.Contracts;

/// <summary>How goods move: a shipment's main mode and each leg's own.</summary>
public static class TransportModes
{
    public const string Sea = "sea";
    public const string Air = "air";
    public const string Rail = "rail";
    public const string Road = "road";
    public const string Multimodal = "multimodal";

    public static readonly FrozenSet<string> All = FrozenSet.Create(StringComparer.Ordinal, Sea, Air, Rail, Road, Multimodal);

    /// <summary>What one leg can be: a leg is carried by one mode, so never "multimodal".</summary>
    public static readonly FrozenSet<string> ForLegs = FrozenSet.Create(StringComparer.Ordinal, Sea, Air, Rail, Road);
}

/// <summary>
/// Where a shipment stands, in the order it moves: draft → booked → in_transit → arrived → cleared → delivered; or cancelled.
/// </summary>
public static class ShipmentStatuses
{
    public const string Draft = "draft";
    public const string Booked = "booked";
    public const string InTransit = "in_transit";
    public const string Arrived = "arrived";
    public const string Cleared = "cleared";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";

    public static readonly FrozenSet<string> All = FrozenSet.Create(StringComparer.Ordinal, Draft, Booked, InTransit, Arrived, Cleared, Delivered, Cancelled);

    /// <summary>The place of a status on the way (cancelled stands apart, at -1): a milestone never moves a shipment backwards.</summary>
    public static int Rank(string status) => status switch
    {
        Draft => 0,
        Booked => 1,
        InTransit => 2,
        Arrived => 3,
        Cleared => 4,
        Delivered => 5,
        _ => -1,
    };

    /// <summary>Nothing changes any more except notes.</summary>
    public static bool IsClosed(string status) => status is Delivered or Cancelled;

    /// <summary>Route, containers and cargo can still change: nothing has moved yet.</summary>
    public static bool IsBeforeDeparture(string status) => status is Draft or Booked;
}

/// <summary>What can happen to a shipment on its way (snake_case, as statuses are).</summary>
public static class MilestoneKinds
{
    public const string Booked = "booked";
    public const string CargoReady = "cargo_ready";
    public const string PickedUp = "picked_up";
    public const string Departed = "departed";
    public const string Transshipped = "transshipped";
    public const string Arrived = "arrived";
    public const string CustomsCleared = "customs_cleared";
    public const string OutForDelivery = "out_for_delivery";
    public const string Delivered = "delivered";

    /// <summary>Something went wrong (damage, delay, hold); carries a reason and changes no status.</summary>
    public const string Exception = "exception";

    public static readonly FrozenSet<string> All = FrozenSet.Create(
        StringComparer.Ordinal, Booked, CargoReady, PickedUp, Departed, Transshipped, Arrived, CustomsCleared, OutForDelivery, Delivered, Exception);
}

/// <summary>The kinds of document a shipment refers to (the files themselves live in the Documents context).</summary>
public static class ShipmentDocumentTypes
{
    public const string CommercialInvoice = "commercial_invoice";
    public const string PackingList = "packing_list";
    public const string BillOfLading = "bill_of_lading";
    public const string AirWaybill = "air_waybill";
    public const string RailWaybill = "rail_waybill";
    public const string Cmr = "cmr";
    public const string CertificateOfOrigin = "certificate_of_origin";
    public const string CustomsDeclaration = "customs_declaration";
    public const string InsuranceCertificate = "insurance_certificate";
    public const string ProofOfDelivery = "proof_of_delivery";
    public const string Other = "other";

    public static readonly FrozenSet<string> All = FrozenSet.Create(
        StringComparer.Ordinal,
        CommercialInvoice, PackingList, BillOfLading, AirWaybill, RailWaybill, Cmr, CertificateOfOrigin, CustomsDeclaration, InsuranceCertificate, ProofOfDelivery, Other);
}
