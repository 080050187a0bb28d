using System.Globalization;
using MudBlazor;

namespace WellWon.Web.Customs;

/// <summary>
/// The customs screens' words: statuses with their colours, the moves each status allows (the Api decides; this only hides what it
/// would refuse), cost kinds, Incoterms and amounts as the screens print them.
/// </summary>
public static class CustomsVocabulary
{
    public const string Draft = "draft";
    public const string Checked = "checked";
    public const string Submitted = "submitted";
    public const string Registered = "registered";
    public const string Released = "released";
    public const string Rejected = "rejected";
    public const string Recalled = "recalled";

    /// <summary>Release for domestic consumption: what a new declaration is unless the user picks otherwise.</summary>
    public const string DefaultProcedure = "40";

    public static readonly IReadOnlyList<string> Statuses = [Draft, Checked, Submitted, Registered, Released, Rejected, Recalled];

    public static readonly IReadOnlyList<(string Code, string Label)> Procedures =
        [("40", "40 — release for domestic consumption"), ("10", "10 — export")];

    public static readonly IReadOnlyList<string> Incoterms = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"];

    public static readonly IReadOnlyList<(string Kind, string Label)> CostKinds =
        [("freight", "Freight"), ("insurance", "Insurance"), ("loading", "Loading"), ("post-border", "Post-border")];

    public static readonly IReadOnlyList<(string Value, string Label)> Allocations = [("weight", "By weight"), ("value", "By value")];

    /// <summary>The moves a status allows, in the order the buttons show; <c>register</c> asks for the number, reject and recall for a reason.</summary>
    public static IReadOnlyList<string> MovesOf(string status) => status switch
    {
        Draft => ["check"],
        Checked => ["check", "submit"],
        Submitted => ["register", "reject", "recall"],
        Registered => ["release", "reject", "recall"],
        _ => [],
    };

    public static string MoveLabel(string move) => move switch
    {
        "check" => "Check",
        "submit" => "Submit",
        "register" => "Register",
        "release" => "Release",
        "reject" => "Reject",
        "recall" => "Recall",
        _ => move,
    };

    /// <summary>Only a draft or checked declaration is edited; afterwards it changes by a correction.</summary>
    public static bool IsEditable(string status) => status is Draft or Checked;

    /// <summary>A registered or released declaration changes only by a correction (КДТ).</summary>
    public static bool IsCorrectable(string status) => status is Registered or Released;

    /// <summary>Members and above change declarations; a viewer reads.</summary>
    public static bool CanChange(string? role) => role is "owner" or "admin" or "manager" or "member";

    public static Color ColorOf(string status) => status switch
    {
        Draft => Color.Default,
        Checked => Color.Info,
        Submitted => Color.Primary,
        Registered => Color.Secondary,
        Released => Color.Success,
        Rejected => Color.Error,
        Recalled => Color.Warning,
        _ => Color.Default,
    };

    public static string Label(string status) => status.Length == 0 ? status : char.ToUpperInvariant(status[0]) + status[1..];

    public static string Rub(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture) + " ₽";

    public static string Amount(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static decimal? ParseDecimal(string? text) =>
        decimal.TryParse((text ?? "").Replace(',', '.').Replace(" ", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value : null;
}
