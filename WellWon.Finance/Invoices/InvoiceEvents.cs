using WellWon.Finance.Invoices.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Finance.Invoices;

// The facts of a supplier invoice's stream ("finance-supplier-invoice-{id}"), of the per-PO record of what invoices bill, of the
// claims on suppliers' invoice numbers and of each company's match tolerances; the tenant of every event is the company.

/// <summary>
/// A supplier's invoice was entered: a goods invoice against purchase order <paramref name="PurchaseOrderId"/> (its lines bill PO
/// lines), or a service invoice (no PO; its lines are allocated to shipments). Amounts are in <paramref name="Currency"/>;
/// <paramref name="SupplierId"/> is whom the payable is owed to (the supplier's WellWon company, or an id derived from its name and country).
/// </summary>
[EventType("finance.supplier-invoice-received.v1")]
public sealed record SupplierInvoiceReceived(
    Guid InvoiceId,
    Guid CompanyId,
    string Kind,
    Guid? PurchaseOrderId,
    string? PurchaseOrderNumber,
    Guid SupplierId,
    string SupplierName,
    string Number,
    DateOnly InvoiceDate,
    string Currency,
    IReadOnlyList<InvoiceLine> Lines,
    IReadOnlyList<ServiceLine> ServiceLines,
    decimal Net,
    decimal Vat,
    decimal Total,
    DateOnly DueDate,
    Guid? SourceDocumentId,
    Guid ReceivedBy,
    DateTimeOffset ReceivedAt) : IDomainEvent;

/// <summary>The three-way match, run when the invoice arrived or again when goods arrived later; <paramref name="Status"/> matched or on_hold.</summary>
[EventType("finance.supplier-invoice-matched.v1")]
public sealed record SupplierInvoiceMatched(Guid InvoiceId, string Status, IReadOnlyList<LineMatch> Lines, DateTimeOffset MatchedAt) : IDomainEvent;

/// <summary>
/// Approved: automatically when every line matched, or by <paramref name="ApprovedBy"/> in <paramref name="ApproverRole"/> accepting the
/// difference with <paramref name="Comment"/> (the total at the central bank's rate was <paramref name="RubEquivalent"/>, as the limit saw it).
/// </summary>
[EventType("finance.supplier-invoice-approved.v1")]
public sealed record SupplierInvoiceApproved(
    Guid InvoiceId,
    Guid CompanyId,
    bool Automatic,
    Guid? ApprovedBy,
    string? ApproverRole,
    string? Comment,
    decimal? RubEquivalent,
    DateTimeOffset ApprovedAt) : IDomainEvent;

[EventType("finance.supplier-invoice-rejected.v1")]
public sealed record SupplierInvoiceRejected(Guid InvoiceId, Guid CompanyId, string Reason, Guid RejectedBy, DateTimeOffset RejectedAt) : IDomainEvent;

/// <summary>An approved invoice withdrawn (the supplier cancelled it, or it was entered in error); its ledger entry is reversed.</summary>
[EventType("finance.supplier-invoice-cancelled.v1")]
public sealed record SupplierInvoiceCancelled(Guid InvoiceId, Guid CompanyId, string Reason, Guid CancelledBy, DateTimeOffset CancelledAt) : IDomainEvent;

/// <summary>
/// Payment order <paramref name="PaymentOrderId"/> paid <paramref name="Amount"/> of the invoice (the bank confirmed it at
/// <paramref name="CompletedAt"/>); <paramref name="SetOff"/> is what completed prepayments covered of it on the ledger then, so the
/// invoice knows without the ledger whether it is paid in full.
/// </summary>
[EventType("finance.supplier-invoice-payment-recorded.v1")]
public sealed record SupplierInvoicePaymentRecorded(
    Guid InvoiceId, Guid CompanyId, Guid PaymentOrderId, decimal Amount, string Currency, decimal SetOff, DateTimeOffset CompletedAt) : IDomainEvent;

/// <summary>Quantities of a PO line one invoice bills.</summary>
public sealed record InvoicedQuantity(int LineNo, decimal Quantity);

/// <summary>Invoice <paramref name="InvoiceId"/> bills these quantities of the purchase order's lines.</summary>
[EventType("finance.purchase-order-invoiced.v1")]
public sealed record PurchaseOrderInvoiced(Guid PurchaseOrderId, Guid CompanyId, Guid InvoiceId, IReadOnlyList<InvoicedQuantity> Lines, DateTimeOffset At) : IDomainEvent;

/// <summary>Invoice <paramref name="InvoiceId"/> no longer bills the PO (rejected, cancelled, or never stored).</summary>
[EventType("finance.purchase-order-invoice-released.v1")]
public sealed record PurchaseOrderInvoiceReleased(Guid PurchaseOrderId, Guid CompanyId, Guid InvoiceId, DateTimeOffset At) : IDomainEvent;

/// <summary>The supplier's invoice number <paramref name="Number"/> is taken in the company by invoice <paramref name="InvoiceId"/>.</summary>
[EventType("finance.supplier-invoice-number-claimed.v1")]
public sealed record SupplierInvoiceNumberClaimed(Guid ClaimId, Guid CompanyId, Guid SupplierId, string Number, Guid InvoiceId, DateTimeOffset At) : IDomainEvent;

/// <summary>The claim is given back: the invoice that took it was never stored.</summary>
[EventType("finance.supplier-invoice-number-released.v1")]
public sealed record SupplierInvoiceNumberReleased(Guid ClaimId, Guid InvoiceId, DateTimeOffset At) : IDomainEvent;

/// <summary>The company's match tolerances (the whole setting).</summary>
[EventType("finance.invoice-tolerances-set.v1")]
public sealed record InvoiceTolerancesSet(
    Guid CompanyId, decimal QuantityPercent, decimal PricePercent, IReadOnlyList<CurrencyAmount> PriceAbsolute, Guid SetBy, DateTimeOffset SetAt) : IDomainEvent;
