using WellWon.Platform.Kernel;

namespace WellWon.Documents.Contracts;

/// <summary>A rectangle on a page in PDF points, origin top-left.</summary>
public sealed record ValueBox(double X, double Y, double Width, double Height);

/// <summary>A page's size in PDF points.</summary>
public sealed record PageSize(int Number, double Width, double Height);

/// <summary>One value the reader found, normalised (decimal with '.', ISO date, alpha-2 country, 10-digit HS), with its confidence and place.</summary>
public sealed record ExtractedValue(string Name, string Value, double Confidence, int Page, ValueBox? Box);

/// <summary>What the reader took a version for and found in it: header fields and goods lines, named as the review API names them.</summary>
public sealed record ExtractionResult(
    string? Kind,
    string Source,
    IReadOnlyList<PageSize> Pages,
    IReadOnlyList<ExtractedValue> Fields,
    IReadOnlyList<IReadOnlyList<ExtractedValue>> Lines);

/// <summary>The reader's result of a version; it follows <see cref="DocumentVersionExtracted"/> in the same append.</summary>
[EventType("documents.version-extraction-recorded.v1")]
public sealed record DocumentExtractionRecorded(Guid DocumentId, Guid CompanyId, int Version, ExtractionResult Result, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// A member accepted a version's values, exactly as sent: header fields by name, goods lines as name → value, and which of them
/// differ from what the reader found (<c>invoiceNumber</c>, <c>lines[0].unit</c>). A later review of the version replaces this one.
/// </summary>
[EventType("documents.version-reviewed.v1")]
public sealed record DocumentReviewed(
    Guid DocumentId,
    Guid CompanyId,
    int Version,
    string? Kind,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Lines,
    IReadOnlyList<string> Corrected,
    Guid By,
    DateTimeOffset At) : IDomainEvent;

/// <summary>A reviewed version's accepted lines went into another aggregate (a declaration) as the numbered items named here.</summary>
[EventType("documents.version-filled.v1")]
public sealed record DocumentVersionFilled(Guid DocumentId, Guid CompanyId, int Version, string Kind, Guid TargetId, IReadOnlyList<int> Items, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>The names of extracted fields, as the review API and <see cref="DocumentReviewed"/> spell them.</summary>
public static class ExtractionFields
{
    public const string Seller = "seller";
    public const string Buyer = "buyer";
    public const string InvoiceNumber = "invoiceNumber";
    public const string InvoiceDate = "invoiceDate";
    public const string ContractReference = "contractReference";
    public const string Currency = "currency";
    public const string Incoterm = "incoterm";
    public const string IncotermPlace = "incotermPlace";
    public const string TotalAmount = "totalAmount";
    public const string TotalNetWeight = "totalNetWeight";
    public const string TotalGrossWeight = "totalGrossWeight";
    public const string PackagesCount = "packagesCount";
    public const string PackageKind = "packageKind";

    public const string Description = "description";
    public const string Quantity = "quantity";
    public const string Unit = "unit";
    public const string UnitPrice = "unitPrice";
    public const string Amount = "amount";
    public const string HsCode = "hsCode";
    public const string CountryOfOrigin = "countryOfOrigin";
    public const string NetWeight = "netWeight";
    public const string GrossWeight = "grossWeight";
    public const string Packages = "packages";

    public static readonly IReadOnlyList<string> Header =
        [Seller, Buyer, InvoiceNumber, InvoiceDate, ContractReference, Currency, Incoterm, IncotermPlace, TotalAmount, TotalNetWeight, TotalGrossWeight, PackagesCount, PackageKind];

    public static readonly IReadOnlyList<string> Line = [Description, Quantity, Unit, UnitPrice, Amount, HsCode, CountryOfOrigin, NetWeight, GrossWeight, Packages];
}

/// <summary>How a version was read.</summary>
public static class ExtractionSources
{
    public const string TextLayer = "text-layer";
    public const string Ocr = "ocr";
}
