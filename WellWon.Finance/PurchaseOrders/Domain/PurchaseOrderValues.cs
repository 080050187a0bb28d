using System.Collections.Frozen;

namespace WellWon.Finance.PurchaseOrders.Domain;

// The values purchase order events carry, normalised (codes upper-case, text trimmed) and already checked by PurchaseOrderRules.

/// <summary>Where the supplier is paid: a local account number and/or an IBAN, the bank's SWIFT/BIC and name.</summary>
public sealed record BankDetails(string? Account, string? Iban, string? Swift, string? BankName);

/// <summary>The seller: a WellWon company (by id), or a party outside WellWon by name, country (ISO 3166) and address.</summary>
public sealed record Supplier(Guid? CompanyId, string? Name, string? Country, string? Address, BankDetails? Bank);

/// <summary>One line of goods ordered, priced in the PO's currency; <paramref name="HsCode"/> is the 10-digit EAEU code when known.</summary>
public sealed record OrderLine(int LineNo, string Description, string? Sku, string? HsCode, decimal Quantity, string Unit, decimal UnitPrice);

/// <summary>
/// How the PO is paid: <paramref name="PrepaymentPercent"/> of the total within <paramref name="PrepaymentDays"/> of confirmation, the
/// balance <paramref name="BalanceDays"/> after the documents (shipment) or after arrival (receipt), as <paramref name="BalanceBasis"/> says.
/// </summary>
public sealed record PaymentTerms(decimal PrepaymentPercent, int PrepaymentDays, string BalanceBasis, int BalanceDays);

/// <summary>
/// The import contract the PO is bought under; <paramref name="BankRegistrationNumber"/> is the unique contract number (УНК) the bank
/// assigns when currency control requires registration.
/// </summary>
public sealed record ImportContract(string Number, DateOnly Date, string Currency, decimal Amount, string? BankRegistrationNumber);

/// <summary>Everything a draft holds; one currency for every line.</summary>
public sealed record PurchaseOrderTerms(
    Supplier Supplier,
    string Currency,
    IReadOnlyList<OrderLine> Lines,
    string Incoterm,
    string IncotermPlace,
    PaymentTerms PaymentTerms,
    ImportContract? Contract,
    DateOnly? ExpectedDelivery)
{
    /// <summary>The sum of the lines, each rounded to the currency's minor units.</summary>
    public decimal Total => Lines.Sum(l => Currencies.Round(l.Quantity * l.UnitPrice, Currency));
}

/// <summary>A line's share of one cargo line, and how much of it has been shipped and received (in the line's unit).</summary>
public sealed record LinkProgress(int LineNo, Guid CargoLineId, decimal Shipped, decimal Received);

/// <summary>A PO line linked to a shipment's cargo line, with the quantity it carries and its progress.</summary>
public sealed record LineLink(int LineNo, Guid ShipmentId, Guid CargoLineId, decimal Quantity, decimal Shipped, decimal Received);

/// <summary>
/// Where a purchase order stands: draft → approved → sent → confirmed → partly_shipped → received → closed; or cancelled from any
/// open status.
/// </summary>
public static class PurchaseOrderStatuses
{
    public const string Draft = "draft";
    public const string Approved = "approved";
    public const string Sent = "sent";
    public const string Confirmed = "confirmed";
    public const string PartlyShipped = "partly_shipped";
    public const string Received = "received";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";

    public static readonly FrozenSet<string> All =
        FrozenSet.Create(StringComparer.Ordinal, Draft, Approved, Sent, Confirmed, PartlyShipped, Received, Closed, Cancelled);

    /// <summary>Still on its way: it can be cancelled.</summary>
    public static bool IsOpen(string status) => status is Draft or Approved or Sent or Confirmed or PartlyShipped;

    /// <summary>Approved and not finished: its lines may be linked to shipments and their progress recorded.</summary>
    public static bool TakesShipments(string status) => status is Approved or Sent or Confirmed or PartlyShipped or Received;
}

/// <summary>When the balance falls due: after the shipping documents, or after the goods arrived.</summary>
public static class BalanceBases
{
    public const string AgainstDocuments = "against_documents";
    public const string AfterArrival = "after_arrival";

    public static readonly FrozenSet<string> All = FrozenSet.Create(StringComparer.Ordinal, AgainstDocuments, AfterArrival);
}

/// <summary>The eleven Incoterms 2020 rules.</summary>
public static class Incoterms
{
    public static readonly FrozenSet<string> All =
        FrozenSet.Create(StringComparer.Ordinal, "EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF");
}
