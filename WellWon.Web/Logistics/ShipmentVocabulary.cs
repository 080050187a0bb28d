using MudBlazor;

namespace WellWon.Web.Logistics;

/// <summary>Logistics' words as the Api spells them (snake_case codes), with the labels and colours the screens show.</summary>
public static class ShipmentVocabulary
{
    public const string Draft = "draft";
    public const string Booked = "booked";
    public const string InTransit = "in_transit";
    public const string Arrived = "arrived";
    public const string Cleared = "cleared";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> Statuses = [Draft, Booked, InTransit, Arrived, Cleared, Delivered, Cancelled];

    public static readonly IReadOnlyList<string> Modes = ["sea", "air", "rail", "road", "multimodal"];

    public static readonly IReadOnlyList<string> LegModes = ["sea", "air", "rail", "road"];

    /// <summary>Incoterms 2020: FAS, FOB, CFR and CIF only by sea.</summary>
    public static readonly IReadOnlyList<string> Incoterms = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"];

    public static readonly IReadOnlyList<string> SeaOnlyIncoterms = ["FAS", "FOB", "CFR", "CIF"];

    /// <summary>What a user may record (booked comes from booking).</summary>
    public static readonly IReadOnlyList<string> MilestoneKinds =
        ["cargo_ready", "picked_up", "departed", "transshipped", "arrived", "customs_cleared", "out_for_delivery", "delivered", "exception"];

    /// <summary>"in_transit" → "In transit".</summary>
    public static string Label(string? code) =>
        string.IsNullOrEmpty(code) ? string.Empty : char.ToUpperInvariant(code[0]) + code[1..].Replace('_', ' ');

    public static Color StatusColor(string status) => status switch
    {
        Draft => Color.Default,
        Booked => Color.Info,
        InTransit => Color.Primary,
        Arrived or Cleared => Color.Secondary,
        Delivered => Color.Success,
        Cancelled => Color.Error,
        _ => Color.Default,
    };

    public static string ModeIcon(string mode) => mode switch
    {
        "sea" => Icons.Material.Filled.DirectionsBoat,
        "air" => Icons.Material.Filled.Flight,
        "rail" => Icons.Material.Filled.Train,
        "road" => Icons.Material.Filled.LocalShipping,
        _ => Icons.Material.Filled.Route,
    };

    /// <summary>Route, containers and cargo can still change: nothing has moved yet.</summary>
    public static bool IsBeforeDeparture(string status) => status is Draft or Booked;

    public static bool IsClosed(string status) => status is Delivered or Cancelled;

    /// <summary>What the company role may do here (the Api decides for real; this only hides what would be refused): members and above change shipments.</summary>
    public static bool CanEdit(string? role) => role is "owner" or "admin" or "manager" or "member";
}
