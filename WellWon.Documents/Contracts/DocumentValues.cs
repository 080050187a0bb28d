namespace WellWon.Documents.Contracts;

/// <summary>The kinds of document WellWon files, as events, JSON and read models spell them.</summary>
public static class DocumentTypes
{
    public const string CommercialInvoice = "commercial-invoice";
    public const string PackingList = "packing-list";
    public const string BillOfLading = "bill-of-lading";
    public const string AirWaybill = "air-waybill";
    public const string Cmr = "cmr";
    public const string Contract = "contract";
    public const string CertificateOfOrigin = "certificate-of-origin";
    public const string Permit = "permit";
    public const string Declaration = "declaration";
    public const string Other = "other";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        CommercialInvoice, PackingList, BillOfLading, AirWaybill, Cmr, Contract, CertificateOfOrigin, Permit, Declaration, Other,
    };
}

/// <summary>What a document can be linked to: another context's aggregate, by kind and id.</summary>
public static class LinkKinds
{
    public const string Shipment = "shipment";
    public const string Declaration = "declaration";
    public const string PurchaseOrder = "purchase-order";
    public const string Invoice = "invoice";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Shipment, Declaration, PurchaseOrder, Invoice };
}

/// <summary>A link from a document to a shipment, declaration, purchase order or invoice.</summary>
public sealed record DocumentLink(string Kind, Guid TargetId);

/// <summary>Where reading (OCR and extraction) of one version stands.</summary>
public static class ProcessingStatuses
{
    /// <summary>Uploaded, waiting for the reader.</summary>
    public const string Queued = "queued";

    /// <summary>The reader is at page x of y.</summary>
    public const string Reading = "reading";

    public const string Extracted = "extracted";

    public const string Failed = "failed";
}

/// <summary>Content as stored: where, its SHA-256 (lower-case hex), size, the media type sniffed from its bytes and the name it came with.</summary>
public sealed record StoredContent(string BlobKey, string Sha256, long Size, string MediaType, string FileName);
