using WellWon.Platform.Kernel;

namespace WellWon.Finance.Invoices.Domain;

/// <summary>The stable codes of the supplier invoices' rules (each becomes the <c>code</c> of a problem detail).</summary>
public static class InvoiceErrors
{
    public const string NotFound = "finance.invoice.not-found";

    // 400: the data breaks a rule of shape.
    public const string NumberRequired = "finance.invoice.number-required";
    public const string DateRequired = "finance.invoice.date-required";
    public const string CurrencyMismatch = "finance.invoice.currency-mismatch";
    public const string CurrencyUnknown = "finance.invoice.currency-unknown";
    public const string LinesRequired = "finance.invoice.lines-required";
    public const string QuantityInvalid = "finance.invoice.quantity-invalid";
    public const string PriceInvalid = "finance.invoice.price-invalid";
    public const string AmountMismatch = "finance.invoice.amount-mismatch";
    public const string VatInvalid = "finance.invoice.vat-invalid";
    public const string TotalMismatch = "finance.invoice.total-mismatch";
    public const string DescriptionRequired = "finance.invoice.description-required";
    public const string ShipmentRequired = "finance.invoice.shipment-required";
    public const string DueDateInvalid = "finance.invoice.due-date-invalid";
    public const string CountryInvalid = "finance.invoice.country-invalid";
    public const string SupplierRequired = "finance.invoice.supplier-required";
    public const string ToleranceInvalid = "finance.invoice.tolerance-invalid";
    public const string ReasonRequired = "finance.invoice.reason-required";
    public const string CommentRequired = "finance.invoice.comment-required";

    // 409: the supplier's number is already entered.
    public const string Duplicate = "finance.invoice.duplicate-number";

    // 422: the invoice's status or its PO do not allow it.
    public const string StatusForbids = "finance.invoice.status-forbids";
    public const string AlreadyPaid = "finance.invoice.already-paid";
    public const string PurchaseOrderNotInvoiceable = "finance.invoice.po-not-invoiceable";
    public const string RateUnavailable = "finance.invoice.rate-unavailable";
    public const string ShipmentNotFound = "finance.invoice.shipment-not-found";

    // 409: the client's invoice id already names another invoice.
    public const string IdReused = "finance.invoice.id-reused";

    // 403: above the manager's limit only an admin approves.
    public const string ApprovalLimitExceeded = "finance.invoice.approval-limit-exceeded";

    public static NotFoundException InvoiceNotFound(Guid id) => new(NotFound, $"Invoice {id} does not exist.");
}

/// <summary>
/// An invoice rule said no; <see cref="Field"/> names the part of the request (<c>lines[0].amount</c>) and <see cref="Status"/> the
/// HTTP answer (400 data, 409 duplicate, 422 status, 403 limit); <see cref="ExistingInvoiceId"/> names the invoice a duplicate repeats.
/// </summary>
public sealed class InvoiceRuleException(string field, string code, string message, int status = 400, Guid? existingInvoiceId = null) : DomainException(code, message)
{
    public string Field { get; } = field;

    public int Status { get; } = status;

    public Guid? ExistingInvoiceId { get; } = existingInvoiceId;

    public static InvoiceRuleException Rule(string field, string code, string message) => new(field, code, message, 422);
}

/// <summary>Every broken rule of shape of an invoice at once (a 400 listing each field).</summary>
public sealed class InvoiceDataException(IReadOnlyList<InvoiceRuleException> violations)
    : DomainException(violations[0].Code, string.Join("; ", violations.Select(v => $"{v.Field}: {v.Message}")))
{
    public IReadOnlyList<InvoiceRuleException> Violations { get; } = violations;
}
