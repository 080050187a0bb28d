using System.Globalization;
using MudBlazor;
using WellWon.Web.Api;

namespace WellWon.Web.Documents;

/// <summary>
/// The documents screens' words: the types with their labels, a type guessed from a file's name, reading statuses with their colours,
/// sizes and hashes as the screens print them, and what each role may do (the Api decides; this only hides what it would refuse).
/// </summary>
public static class DocumentVocabulary
{
    public const string CommercialInvoice = "commercial-invoice";
    public const string PackingList = "packing-list";
    public const string Other = "other";

    /// <summary>The Api's limit (<c>Documents:MaxUploadBytes</c>); a larger file is refused here before a byte is sent.</summary>
    public const long MaxUploadBytes = 25L * 1024 * 1024;

    public static readonly IReadOnlyList<(string Value, string Label)> Types =
    [
        (CommercialInvoice, "Commercial invoice"), (PackingList, "Packing list"), ("bill-of-lading", "Bill of lading"), ("air-waybill", "Air waybill"),
        ("cmr", "CMR"), ("contract", "Contract"), ("certificate-of-origin", "Certificate of origin"), ("permit", "Permit"),
        ("declaration", "Declaration"), (Other, "Other"),
    ];

    public static string TypeLabel(string type) => Types.FirstOrDefault(t => t.Value == type).Label ?? type;

    /// <summary>What a file probably is, from words in its name; the user changes it when the guess is wrong.</summary>
    public static string GuessType(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant();
        return name switch
        {
            _ when name.Contains("packing", StringComparison.Ordinal) || name.Contains("pl-", StringComparison.Ordinal) || name.StartsWith("pl_", StringComparison.Ordinal) => PackingList,
            _ when name.Contains("invoice", StringComparison.Ordinal) || name.Contains("inv", StringComparison.Ordinal) => CommercialInvoice,
            _ when name.Contains("waybill", StringComparison.Ordinal) || name.Contains("awb", StringComparison.Ordinal) => "air-waybill",
            _ when name.Contains("lading", StringComparison.Ordinal) || name.Contains("b/l", StringComparison.Ordinal) || name.StartsWith("bl", StringComparison.Ordinal) => "bill-of-lading",
            _ when name.Contains("cmr", StringComparison.Ordinal) => "cmr",
            _ when name.Contains("contract", StringComparison.Ordinal) => "contract",
            _ when name.Contains("origin", StringComparison.Ordinal) => "certificate-of-origin",
            _ => Other,
        };
    }

    public static string StatusLabel(string? status, int? page = null, int? pages = null) => status switch
    {
        "queued" => "Queued for reading",
        "reading" when page is { } p && pages is { } n => $"Reading page {p} of {n}",
        "reading" => "Reading",
        "extracted" => "Read",
        "failed" => "Reading failed",
        null => "—",
        _ => status,
    };

    public static Color StatusColor(string? status) => status switch
    {
        "queued" => Color.Default,
        "reading" => Color.Info,
        "extracted" => Color.Success,
        "failed" => Color.Error,
        _ => Color.Default,
    };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };

    public static string ShortHash(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;

    public static string When(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Upload, add versions, link and review: every role but viewer.</summary>
    public static bool CanChange(string? role) => role is CompanyRoles.Owner or CompanyRoles.Admin or CompanyRoles.Manager or CompanyRoles.Member;

    /// <summary>Erase: managers and above.</summary>
    public static bool CanErase(string? role) => role is CompanyRoles.Owner or CompanyRoles.Admin or CompanyRoles.Manager;

    public static string LinkLabel(string kind) => kind switch
    {
        "shipment" => "Shipment",
        "declaration" => "Declaration",
        "purchase-order" => "Purchase order",
        "invoice" => "Invoice",
        _ => kind,
    };

    /// <summary>The page of what a link points to, where the Web has one.</summary>
    public static string? LinkHref(DocumentLinkView link) => link.Kind switch
    {
        "shipment" => $"/shipments/{link.TargetId}",
        "declaration" => $"/customs/{link.TargetId}",
        "purchase-order" => $"/finance/purchase-orders/{link.TargetId}",
        _ => null,
    };
}
