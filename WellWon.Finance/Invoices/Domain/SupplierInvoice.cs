using System.Collections.Immutable;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Invoices.Domain;

/// <summary>What the supplier billed, as entered: number and date, currency, lines (goods) or shipment allocations (services), VAT.</summary>
public sealed record InvoiceDraft(
    string Number, DateOnly InvoiceDate, string Currency, IReadOnlyList<InvoiceLine> Lines, IReadOnlyList<ServiceLine> ServiceLines,
    decimal Vat, decimal? Total, Guid? SourceDocumentId)
{
    public decimal Net => Lines.Sum(l => l.Amount) + ServiceLines.Sum(l => l.Amount);
}

/// <summary>Who approves a difference, in which role, the company's limit for managers, and the invoice's total in roubles at the rate of the day.</summary>
public sealed record DifferenceApproval(Guid By, CompanyRole Role, decimal? ManagerLimitRub, decimal RubEquivalent, string? Comment);

public sealed record SupplierInvoiceState : AggregateState<SupplierInvoiceState>
{
    public bool Exists { get; init; }

    public Guid CompanyId { get; init; }

    public string Kind { get; init; } = InvoiceKinds.Goods;

    public Guid? PurchaseOrderId { get; init; }

    public string? PurchaseOrderNumber { get; init; }

    public Guid SupplierId { get; init; }

    public string SupplierName { get; init; } = string.Empty;

    public string Number { get; init; } = string.Empty;

    public DateOnly InvoiceDate { get; init; }

    public string Currency { get; init; } = string.Empty;

    public ImmutableList<InvoiceLine> Lines { get; init; } = [];

    public ImmutableList<ServiceLine> ServiceLines { get; init; } = [];

    public decimal Net { get; init; }

    public decimal Vat { get; init; }

    public decimal Total { get; init; }

    public DateOnly DueDate { get; init; }

    public Guid? SourceDocumentId { get; init; }

    public string Status { get; init; } = InvoiceStatuses.Received;

    public ImmutableList<LineMatch> Match { get; init; } = [];

    public SupplierInvoiceApproved? Approval { get; init; }

    public string? RejectReason { get; init; }

    public string? CancelReason { get; init; }

    public Guid ReceivedBy { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The payment orders recorded against the invoice (each once, whatever the redeliveries).</summary>
    public ImmutableList<Guid> PaymentOrders { get; init; } = [];

    /// <summary>What the recorded payment orders paid.</summary>
    public decimal Paid { get; init; }

    /// <summary>What completed prepayments covered of the invoice when its last payment was recorded.</summary>
    public decimal SetOff { get; init; }

    /// <summary>What is left to pay: the total less the prepayments set off and the payments.</summary>
    public decimal Open => Math.Max(0m, Total - SetOff - Paid);

    public SupplierInvoiceState()
    {
        On<SupplierInvoiceReceived>((s, e) => s with
        {
            Exists = true, CompanyId = e.CompanyId, Kind = e.Kind, PurchaseOrderId = e.PurchaseOrderId, PurchaseOrderNumber = e.PurchaseOrderNumber,
            SupplierId = e.SupplierId, SupplierName = e.SupplierName, Number = e.Number, InvoiceDate = e.InvoiceDate, Currency = e.Currency,
            Lines = [.. e.Lines], ServiceLines = [.. e.ServiceLines], Net = e.Net, Vat = e.Vat, Total = e.Total, DueDate = e.DueDate,
            SourceDocumentId = e.SourceDocumentId, ReceivedBy = e.ReceivedBy, ReceivedAt = e.ReceivedAt, UpdatedAt = e.ReceivedAt,
        });
        On<SupplierInvoiceMatched>((s, e) => s with { Status = e.Status, Match = [.. e.Lines], UpdatedAt = e.MatchedAt });
        On<SupplierInvoiceApproved>((s, e) => s with { Status = InvoiceStatuses.Approved, Approval = e, UpdatedAt = e.ApprovedAt });
        On<SupplierInvoiceRejected>((s, e) => s with { Status = InvoiceStatuses.Rejected, RejectReason = e.Reason, UpdatedAt = e.RejectedAt });
        On<SupplierInvoiceCancelled>((s, e) => s with { Status = InvoiceStatuses.Cancelled, CancelReason = e.Reason, UpdatedAt = e.CancelledAt });
        On<SupplierInvoicePaymentRecorded>((s, e) => s with
        {
            PaymentOrders = s.PaymentOrders.Add(e.PaymentOrderId), Paid = s.Paid + e.Amount, SetOff = e.SetOff, UpdatedAt = e.CompletedAt,
            Status = s.Status == InvoiceStatuses.Approved && s.Paid + e.Amount + e.SetOff >= s.Total ? InvoiceStatuses.Paid : s.Status,
        });
    }

    /// <summary>The quantity each PO line is billed by this invoice.</summary>
    public IReadOnlyList<InvoicedQuantity> Billed() =>
        [.. Lines.GroupBy(l => l.PoLineNo).OrderBy(g => g.Key).Select(g => new InvoicedQuantity(g.Key, g.Sum(l => l.Quantity)))];
}

/// <summary>
/// A supplier's invoice entered by a company: against a purchase order (three-way matched with the PO's lines and the goods received,
/// held on any mismatch until a manager or admin approves the difference, approved at once when every line matches), or for services
/// allocated to shipments (no PO, approved as entered). An approved invoice is posted to the ledger; a held one is matched again when
/// goods arrive; a received or held invoice may be rejected, an approved one cancelled (its entry reversed).
/// </summary>
[StreamCategory("finance-supplier-invoice")]
public sealed class SupplierInvoice : Aggregate<SupplierInvoiceState>
{
    public const int MaxLines = 500;
    public const int MaxText = 500;

    public bool Exists => State.Exists;

    /// <summary>The draft in its normal form, or every broken rule of shape at once (each naming its field).</summary>
    public static InvoiceDraft Check(InvoiceDraft draft, string? poCurrency)
    {
        var d = draft with { Number = (draft.Number ?? string.Empty).Trim(), Currency = (draft.Currency ?? string.Empty).Trim().ToUpperInvariant() };
        var errors = new List<InvoiceRuleException>();
        void Fail(string field, string code, string message) => errors.Add(new InvoiceRuleException(field, code, message));

        if (d.Number.Length is 0 or > 64)
        {
            Fail("number", InvoiceErrors.NumberRequired, "The supplier's invoice number has 1 to 64 characters.");
        }

        if (d.InvoiceDate == default)
        {
            Fail("invoiceDate", InvoiceErrors.DateRequired, "The invoice's date is required.");
        }

        var known = Currencies.IsKnown(d.Currency);
        if (!known)
        {
            Fail("currency", InvoiceErrors.CurrencyUnknown, "'currency' is an ISO 4217 code WellWon books.");
        }
        else if (poCurrency is not null && d.Currency != poCurrency)
        {
            Fail("currency", InvoiceErrors.CurrencyMismatch, $"The purchase order is in {poCurrency}; its invoices are too ({d.Currency} was given).");
        }

        var count = d.Lines.Count + d.ServiceLines.Count;
        if (count is 0 or > MaxLines)
        {
            Fail("lines", InvoiceErrors.LinesRequired, $"An invoice has 1 to {MaxLines} lines.");
        }

        for (var i = 0; i < d.Lines.Count; i++)
        {
            var l = d.Lines[i];
            if (l.Quantity <= 0 || decimal.Round(l.Quantity, 6) != l.Quantity)
            {
                Fail($"lines[{i}].quantity", InvoiceErrors.QuantityInvalid, "The quantity is positive, with at most six decimals.");
            }

            if (l.UnitPrice <= 0 || decimal.Round(l.UnitPrice, 6) != l.UnitPrice)
            {
                Fail($"lines[{i}].unitPrice", InvoiceErrors.PriceInvalid, "The unit price is positive, with at most six decimals.");
            }
            else if (known && l.Amount != Currencies.Round(l.Quantity * l.UnitPrice, d.Currency))
            {
                Fail($"lines[{i}].amount", InvoiceErrors.AmountMismatch,
                    $"Quantity × unit price is {Currencies.Format(Currencies.Round(l.Quantity * l.UnitPrice, d.Currency), d.Currency)} {d.Currency} in minor units; the line says {l.Amount}.");
            }
        }

        for (var i = 0; i < d.ServiceLines.Count; i++)
        {
            var l = d.ServiceLines[i];
            if (string.IsNullOrWhiteSpace(l.Description) || l.Description.Trim().Length > MaxText)
            {
                Fail($"lines[{i}].description", InvoiceErrors.DescriptionRequired, $"Describe the service (1 to {MaxText} characters).");
            }

            if (l.Amount <= 0 || (known && Currencies.Round(l.Amount, d.Currency) != l.Amount))
            {
                Fail($"lines[{i}].amount", InvoiceErrors.AmountMismatch, $"The amount is positive, in the currency's minor units.");
            }
        }

        if (d.Vat < 0 || (known && Currencies.Round(d.Vat, d.Currency) != d.Vat))
        {
            Fail("vat", InvoiceErrors.VatInvalid, "VAT is zero or more, in the currency's minor units.");
        }

        if (errors.Count == 0 && d.Total is { } total && total != d.Net + d.Vat)
        {
            Fail("total", InvoiceErrors.TotalMismatch, $"The lines and VAT add up to {Currencies.Format(d.Net + d.Vat, d.Currency)} {d.Currency}; the invoice says {total}.");
        }

        return errors.Count == 0
            ? d with { ServiceLines = [.. d.ServiceLines.Select(l => l with { Description = l.Description.Trim(), ShipmentId = l.ShipmentId == Guid.Empty ? null : l.ShipmentId })], Total = d.Net + d.Vat }
            : throw new InvoiceDataException(errors);
    }

    /// <summary>
    /// A goods invoice against a purchase order, matched at once against <paramref name="po"/>'s lines and receipts: approved when every
    /// line matches, held with the reasons otherwise.
    /// </summary>
    public static SupplierInvoice ForPurchaseOrder(
        Guid id, Guid companyId, Guid purchaseOrderId, string purchaseOrderNumber, Guid supplierId, string supplierName, InvoiceDraft checkedDraft,
        DateOnly dueDate, IReadOnlyList<PoLineFacts> po, MatchTolerances tolerances, Guid by, DateTimeOffset now)
    {
        var invoice = new SupplierInvoice { Id = id };
        var d = checkedDraft;
        invoice.Apply(new SupplierInvoiceReceived(id, companyId, InvoiceKinds.Goods, purchaseOrderId, purchaseOrderNumber, supplierId, supplierName,
            d.Number, d.InvoiceDate, d.Currency, d.Lines, [], d.Net, d.Vat, d.Net + d.Vat, dueDate, d.SourceDocumentId, by, now));
        invoice.Rematch(po, tolerances, now);
        return invoice;
    }

    /// <summary>A service invoice (freight, brokerage, storage) allocated to shipments: nothing to match, approved as entered.</summary>
    public static SupplierInvoice ForServices(Guid id, Guid companyId, Guid supplierId, string supplierName, InvoiceDraft checkedDraft, DateOnly dueDate, Guid by, DateTimeOffset now)
    {
        var invoice = new SupplierInvoice { Id = id };
        var d = checkedDraft;
        invoice.Apply(new SupplierInvoiceReceived(id, companyId, InvoiceKinds.Service, null, null, supplierId, supplierName,
            d.Number, d.InvoiceDate, d.Currency, [], d.ServiceLines, d.Net, d.Vat, d.Net + d.Vat, dueDate, d.SourceDocumentId, by, now));
        invoice.Apply(new SupplierInvoiceApproved(id, companyId, Automatic: true, null, null, null, null, now));
        return invoice;
    }

    /// <summary>
    /// Matches a received or held invoice again (goods arrived, another invoice was released): records the match only when it changed,
    /// and approves the invoice once every line matches. Returns whether it was approved now.
    /// </summary>
    public bool Rematch(IReadOnlyList<PoLineFacts> po, MatchTolerances tolerances, DateTimeOffset now)
    {
        if (State.Kind != InvoiceKinds.Goods || State.Status is not (InvoiceStatuses.Received or InvoiceStatuses.OnHold))
        {
            return false;
        }

        var match = ThreeWayMatch.Match(State.Lines, po, tolerances, State.Currency);
        var status = match.All(m => m.Matched) ? InvoiceStatuses.Matched : InvoiceStatuses.OnHold;
        if (State.Status == InvoiceStatuses.OnHold && status == InvoiceStatuses.OnHold && SameMismatches(State.Match, match))
        {
            return false;
        }

        Apply(new SupplierInvoiceMatched(Id, status, match, now));
        if (status != InvoiceStatuses.Matched)
        {
            return false;
        }

        Apply(new SupplierInvoiceApproved(Id, State.CompanyId, Automatic: true, null, null, null, null, now));
        return true;
    }

    /// <summary>
    /// A manager (up to the company's limit in roubles, as for purchase orders) or an admin accepts a held invoice's difference, with a
    /// comment saying why.
    /// </summary>
    public void ApproveDifference(DifferenceApproval approval, DateTimeOffset now)
    {
        if (State.Status != InvoiceStatuses.OnHold)
        {
            throw InvoiceRuleException.Rule("status", InvoiceErrors.StatusForbids, $"Only a held invoice's difference is approved; this invoice is {State.Status}.");
        }

        var comment = approval.Comment?.Trim();
        if (string.IsNullOrEmpty(comment) || comment.Length > MaxText)
        {
            throw new InvoiceRuleException("comment", InvoiceErrors.CommentRequired, $"Say why the difference is accepted (1 to {MaxText} characters).");
        }

        if (approval.Role < CompanyRole.Manager)
        {
            throw CompanyAccessExtensions.RoleTooWeak(CompanyRole.Manager);
        }

        if (approval.Role == CompanyRole.Manager && (approval.ManagerLimitRub is not { } limit || approval.RubEquivalent > limit))
        {
            throw new InvoiceRuleException("total", InvoiceErrors.ApprovalLimitExceeded,
                approval.ManagerLimitRub is { } l
                    ? $"The invoice's total is {PurchaseOrderRules.Amount(approval.RubEquivalent, Currencies.Rub)} RUB at the central bank's rate, above the managers' limit of {PurchaseOrderRules.Amount(l, Currencies.Rub)} RUB: an admin approves it."
                    : "The company has set no approval limit for managers: an admin approves it.",
                403);
        }

        Apply(new SupplierInvoiceApproved(Id, State.CompanyId, Automatic: false, approval.By, CompanyRoles.NameOf(approval.Role), comment, approval.RubEquivalent, now));
    }

    public void Reject(string? reason, Guid by, DateTimeOffset now)
    {
        if (State.Status is not (InvoiceStatuses.Received or InvoiceStatuses.OnHold or InvoiceStatuses.Matched))
        {
            throw InvoiceRuleException.Rule("status", InvoiceErrors.StatusForbids, $"Only an invoice not yet approved is rejected; this one is {State.Status} (an approved one is cancelled).");
        }

        Apply(new SupplierInvoiceRejected(Id, State.CompanyId, Reason(reason, "rejected"), by, now));
    }

    /// <summary>
    /// A payment order that paid the invoice completed; <paramref name="setOff"/> is what prepayments cover of it on the ledger now. The
    /// invoice turns paid once payments and set-off cover its total; a payment order already recorded records nothing.
    /// </summary>
    public void RecordPayment(Guid paymentOrderId, decimal amount, string currency, decimal setOff, DateTimeOffset completedAt)
    {
        // A payment order is refused unless in the invoice's currency, so another currency is not this invoice's payment.
        if (!State.Exists || State.PaymentOrders.Contains(paymentOrderId) || currency != State.Currency)
        {
            return;
        }

        Apply(new SupplierInvoicePaymentRecorded(Id, State.CompanyId, paymentOrderId, amount, currency, setOff, completedAt));
    }

    public void Cancel(string? reason, Guid by, DateTimeOffset now)
    {
        if (State.Paid > 0)
        {
            throw InvoiceRuleException.Rule("status", InvoiceErrors.AlreadyPaid,
                $"The invoice is {(State.Status == InvoiceStatuses.Paid ? "paid" : "partly paid")} ({Currencies.Format(State.Paid, State.Currency)} {State.Currency}): a paid invoice is not cancelled.");
        }

        if (State.Status != InvoiceStatuses.Approved)
        {
            throw InvoiceRuleException.Rule("status", InvoiceErrors.StatusForbids, $"Only an approved, unpaid invoice is cancelled; this one is {State.Status}.");
        }

        Apply(new SupplierInvoiceCancelled(Id, State.CompanyId, Reason(reason, "cancelled"), by, now));
    }

    private static string Reason(string? reason, string what)
    {
        var why = reason?.Trim();
        return string.IsNullOrEmpty(why) || why.Length > MaxText
            ? throw new InvoiceRuleException("reason", InvoiceErrors.ReasonRequired, $"Say why the invoice is {what} (1 to {MaxText} characters).")
            : why;
    }

    private static bool SameMismatches(ImmutableList<LineMatch> a, IReadOnlyList<LineMatch> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.PoLineNo == p.Second.PoLineNo && p.First.Received == p.Second.Received
            && p.First.Mismatches.SequenceEqual(p.Second.Mismatches));
}
