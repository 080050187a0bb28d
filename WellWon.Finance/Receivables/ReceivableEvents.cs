using WellWon.Platform.Kernel;

namespace WellWon.Finance.Receivables;

// The facts of an invoice to a client ("finance-client-invoice-{id}"); the tenant of every event is the issuing company.

/// <summary>Whom the company invoices: a WellWon company when it is one, its name and tax id.</summary>
public sealed record InvoiceClient(Guid? CompanyId, string Name, string? TaxId);

/// <summary>A line: what is billed, how many at what price, the VAT rate (0, 10 or 20 %) and the shipment it is for; net and VAT rounded to the currency's units.</summary>
public sealed record ClientInvoiceLine(string Description, decimal Quantity, decimal UnitPrice, int VatRate, Guid? ShipmentId, decimal Net, decimal Vat)
{
    public decimal Total => Net + Vat;
}

/// <summary>A draft invoice to a client was written; it has no number until it is issued.</summary>
[EventType("finance.client-invoice-drafted.v1")]
public sealed record ClientInvoiceDrafted(
    Guid InvoiceId,
    Guid CompanyId,
    InvoiceClient Client,
    string Currency,
    DateOnly? IssueDate,
    DateOnly DueDate,
    IReadOnlyList<ClientInvoiceLine> Lines,
    decimal Net,
    decimal Vat,
    decimal Total,
    Guid By,
    DateTimeOffset At) : IDomainEvent;

/// <summary>Issued under <paramref name="Number"/> (gap-free per company and year) on <paramref name="IssueDate"/>; posted to the ledger as a receivable.</summary>
[EventType("finance.client-invoice-issued.v1")]
public sealed record ClientInvoiceIssued(Guid InvoiceId, Guid CompanyId, string Number, DateOnly IssueDate, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>Cancelled with a reason; an issued invoice keeps its number and its ledger entry is reversed.</summary>
[EventType("finance.client-invoice-cancelled.v1")]
public sealed record ClientInvoiceCancelled(Guid InvoiceId, Guid CompanyId, string Reason, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// The client paid <paramref name="Amount"/> in the invoice's currency, credited to the company's bank on <paramref name="ReceivedOn"/>;
/// <paramref name="ReceiptId"/> is the caller's key for it (the same receipt again is the same payment).
/// </summary>
[EventType("finance.client-invoice-payment-received.v1")]
public sealed record ClientInvoicePaymentReceived(
    Guid InvoiceId, Guid CompanyId, Guid ReceiptId, decimal Amount, string Currency, DateOnly ReceivedOn, string? Reference, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// A number reserved for this invoice's issue was not used (the issue never reached the stream) and went back to be handed out again;
/// appended at the version read, so an issue still under way with that number can no longer be written.
/// </summary>
[EventType("finance.client-invoice-number-released.v1")]
public sealed record ClientInvoiceNumberReleased(Guid InvoiceId, string Number, DateTimeOffset At) : IDomainEvent;
