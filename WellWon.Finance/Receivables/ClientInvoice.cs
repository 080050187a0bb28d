using System.Collections.Immutable;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Finance.Receivables;

public static class ClientInvoiceStatuses
{
    public const string Draft = "draft";
    public const string Issued = "issued";
    public const string PartlyPaid = "partly-paid";
    public const string Paid = "paid";
    public const string Cancelled = "cancelled";
}

/// <summary>An invoice's line as the client sent it.</summary>
public sealed record ClientInvoiceLineInput(string? Description, decimal Quantity, decimal UnitPrice, int VatRate, Guid? ShipmentId);

public static class ClientInvoiceErrors
{
    public const string NotFound = "finance.receivable.not-found";
    public const string NotDraft = "finance.receivable.not-draft";
    public const string AlreadyCancelled = "finance.receivable.cancelled";
    public const string NotIssued = "finance.receivable.not-issued";
    public const string HasReceipts = "finance.receivable.has-receipts";
    public const string ReceiptIdReused = "finance.receivable.receipt-id-reused";
    public const string ExceedsOpenAmount = "finance.receivable.exceeds-open-amount";

    /// <summary>Days after today (UTC) a receipt may be dated: the company's bank may already be in tomorrow (Moscow, Vladivostok).</summary>
    public const int ReceiptDaysAhead = 1;

    public static NotFoundException InvoiceNotFound(Guid id) => new(NotFound, $"Invoice {id} does not exist.");
}

/// <summary>A receipt's id came again with another amount, date or reference: 409.</summary>
public sealed class ReceiptIdReusedException(Guid receiptId)
    : DomainException(ClientInvoiceErrors.ReceiptIdReused, $"Receipt {receiptId} was recorded before with other data; choose a new receiptId for another payment.");

/// <summary>A receipt for more than the invoice still has open: 422 naming <c>amount</c> and the open amount.</summary>
public sealed class ReceiptExceedsOpenAmountException(decimal amount, decimal open, string currency)
    : DomainException(ClientInvoiceErrors.ExceedsOpenAmount,
        $"The invoice has {Currencies.Format(open, currency)} {currency} open; a receipt of {Currencies.Format(amount, currency)} {currency} is more than that.")
{
    public decimal Open { get; } = open;

    public string Currency { get; } = currency;
}

/// <summary>A payment the client made against the invoice, in its currency, on the day the bank credited it.</summary>
public sealed record ClientInvoiceReceipt(Guid ReceiptId, decimal Amount, DateOnly ReceivedOn, string? Reference, Guid By, DateTimeOffset At);

public sealed record ClientInvoiceState : AggregateState<ClientInvoiceState>
{
    public bool Exists { get; init; }

    public Guid CompanyId { get; init; }

    public InvoiceClient Client { get; init; } = new(null, string.Empty, null);

    public string Currency { get; init; } = Currencies.Rub;

    public string Status { get; init; } = ClientInvoiceStatuses.Draft;

    public string? Number { get; init; }

    public DateOnly? IssueDate { get; init; }

    public DateOnly DueDate { get; init; }

    public ImmutableList<ClientInvoiceLine> Lines { get; init; } = [];

    public decimal Net { get; init; }

    public decimal Vat { get; init; }

    public decimal Total { get; init; }

    public string? CancelReason { get; init; }

    public ImmutableList<ClientInvoiceReceipt> Receipts { get; init; } = [];

    public decimal Paid { get; init; }

    /// <summary>What the client still owes: the total less what was received.</summary>
    public decimal Open => Total - Paid;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? IssuedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public ClientInvoiceState()
    {
        On<ClientInvoiceDrafted>((s, e) => s with
        {
            Exists = true, CompanyId = e.CompanyId, Client = e.Client, Currency = e.Currency, IssueDate = e.IssueDate, DueDate = e.DueDate,
            Lines = [.. e.Lines], Net = e.Net, Vat = e.Vat, Total = e.Total, CreatedAt = e.At, UpdatedAt = e.At,
        });
        On<ClientInvoiceIssued>((s, e) => s with { Status = ClientInvoiceStatuses.Issued, Number = e.Number, IssueDate = e.IssueDate, IssuedAt = e.At, UpdatedAt = e.At });
        On<ClientInvoiceCancelled>((s, e) => s with { Status = ClientInvoiceStatuses.Cancelled, CancelReason = e.Reason, UpdatedAt = e.At });
        On<ClientInvoiceNumberReleased>((s, _) => s);
        On<ClientInvoicePaymentReceived>((s, e) => s with
        {
            Receipts = s.Receipts.Add(new ClientInvoiceReceipt(e.ReceiptId, e.Amount, e.ReceivedOn, e.Reference, e.By, e.At)),
            Paid = s.Paid + e.Amount,
            Status = s.Paid + e.Amount >= s.Total ? ClientInvoiceStatuses.Paid : ClientInvoiceStatuses.PartlyPaid,
            UpdatedAt = e.At,
        });
    }
}

/// <summary>
/// An invoice to a client of a company that resells or forwards: drafted without a number, issued with the next gap-free number of
/// its company and year (posted as a receivable), cancelled with a reason (an issued one keeps its number; its entry is reversed).
/// </summary>
[StreamCategory("finance-client-invoice")]
public sealed class ClientInvoice : Aggregate<ClientInvoiceState>
{
    public static readonly IReadOnlySet<int> VatRates = new HashSet<int> { 0, 10, 20 };

    public bool Exists => State.Exists;

    public static ClientInvoice Draft(
        Guid id, Guid companyId, InvoiceClient? client, string? currency, DateOnly? issueDate, DateOnly? dueDate, IReadOnlyList<ClientInvoiceLineInput>? lines, Guid by, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        void Fail(string field, string code, string message) => errors.Add(new FieldError(field, code, message));
        if (id == Guid.Empty)
        {
            Fail("invoiceId", "required", "Choose the invoice's id (invoiceId).");
        }

        if (string.IsNullOrWhiteSpace(client?.Name))
        {
            Fail("client.name", "required", "Name the client.");
        }
        else if (client.Name.Trim().Length > 300)
        {
            Fail("client.name", "too-long", "The client's name is at most 300 characters.");
        }

        if (!Currencies.IsKnown(currency))
        {
            Fail("currency", "unknown-currency", "The currency is an ISO 4217 code WellWon books (RUB, USD, EUR, CNY…).");
        }

        if (dueDate is null)
        {
            Fail("dueDate", "required", "Give the date the client must pay by.");
        }
        else if (issueDate is { } issued && dueDate < issued)
        {
            Fail("dueDate", "before-issue", "The due date is on or after the issue date.");
        }

        if (lines is not { Count: > 0 })
        {
            Fail("lines", "required", "An invoice bills at least one line.");
        }

        for (var i = 0; i < (lines?.Count ?? 0); i++)
        {
            var l = lines![i];
            if (string.IsNullOrWhiteSpace(l.Description))
            {
                Fail($"lines[{i}].description", "required", "Say what the line bills.");
            }

            if (l.Quantity <= 0)
            {
                Fail($"lines[{i}].quantity", "not-positive", "The quantity is more than zero.");
            }

            if (l.UnitPrice < 0)
            {
                Fail($"lines[{i}].unitPrice", "negative", "The price is zero or more.");
            }

            if (!VatRates.Contains(l.VatRate))
            {
                Fail($"lines[{i}].vatRate", "unknown-vat-rate", "The VAT rate is 0, 10 or 20 (%).");
            }
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var priced = lines!.Select(l =>
        {
            var net = Currencies.Round(l.Quantity * l.UnitPrice, currency!);
            return new ClientInvoiceLine(l.Description!.Trim(), l.Quantity, l.UnitPrice, l.VatRate, l.ShipmentId, net, Currencies.Round(net * l.VatRate / 100m, currency!));
        }).ToList();
        var invoice = new ClientInvoice { Id = id };
        var net = priced.Sum(l => l.Net);
        var vat = priced.Sum(l => l.Vat);
        invoice.Apply(new ClientInvoiceDrafted(id, companyId, client! with { Name = client.Name.Trim(), TaxId = client.TaxId?.Trim() }, currency!, issueDate, dueDate!.Value,
            priced, net, vat, net + vat, by, now));
        return invoice;
    }

    public void RequireDraft()
    {
        if (State.Status != ClientInvoiceStatuses.Draft)
        {
            throw new DomainException(ClientInvoiceErrors.NotDraft, $"Only a draft is issued; this invoice is {State.Status}.");
        }
    }

    public void Issue(string number, DateOnly issueDate, Guid by, DateTimeOffset now)
    {
        RequireDraft();
        Apply(new ClientInvoiceIssued(Id, State.CompanyId, number, issueDate, by, now));
    }

    public void Cancel(string? reason, Guid by, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw RequestValidationException.For("reason", "required", "Say why the invoice is cancelled.");
        }

        if (State.Status == ClientInvoiceStatuses.Cancelled)
        {
            return;
        }

        if (State.Receipts.Count > 0)
        {
            // The money received is booked against this receivable; cancelling would leave it owed by nobody.
            throw new DomainException(ClientInvoiceErrors.HasReceipts,
                $"The client has paid {Currencies.Format(State.Paid, State.Currency)} {State.Currency} of this invoice; an invoice with receipts is not cancelled (refund the client and correct it in the ledger instead).");
        }

        Apply(new ClientInvoiceCancelled(Id, State.CompanyId, reason.Trim(), by, now));
    }

    /// <summary>
    /// Records a payment from the client: a positive amount in the invoice's currency (at most its minor units, at most what is open),
    /// received on or after the issue date and not later than tomorrow. Answers false when this receipt was recorded before with the
    /// same data (a retry); the same receipt id with other data is refused. Only an issued, not yet fully paid invoice takes payments.
    /// </summary>
    public bool ReceivePayment(Guid receiptId, decimal? amount, DateOnly? receivedOn, string? reference, Guid by, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        void Fail(string field, string code, string message) => errors.Add(new FieldError(field, code, message));
        if (receiptId == Guid.Empty)
        {
            Fail("receiptId", "required", "Choose the receipt's id (receiptId).");
        }

        if (amount is not { } paid || paid <= 0)
        {
            Fail("amount", "not-positive", "The amount received is more than zero.");
        }
        else if (Currencies.Round(paid, State.Currency) != paid)
        {
            Fail("amount", "precision", $"{State.Currency} amounts have at most {Currencies.MinorUnitsOf(State.Currency)} decimals.");
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (receivedOn is not { } day)
        {
            Fail("receivedOn", "required", "Give the date the bank credited the payment (receivedOn).");
        }
        else if (day > today.AddDays(ClientInvoiceErrors.ReceiptDaysAhead))
        {
            Fail("receivedOn", "in-future", "A payment is recorded once received: the date is not in the future.");
        }
        else if (State.IssueDate is { } issued && day < issued)
        {
            Fail("receivedOn", "before-issue", $"The invoice was issued on {issued:yyyy-MM-dd}; a payment against it is received on or after that day.");
        }

        var note = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim();
        if (note is { Length: > 140 })
        {
            Fail("reference", "too-long", "The reference is at most 140 characters.");
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        if (State.Receipts.Find(r => r.ReceiptId == receiptId) is { } known)
        {
            return known.Amount == amount && known.ReceivedOn == receivedOn && known.Reference == note ? false : throw new ReceiptIdReusedException(receiptId);
        }

        if (State.Status == ClientInvoiceStatuses.Cancelled)
        {
            throw new DomainException(ClientInvoiceErrors.AlreadyCancelled, "A cancelled invoice takes no payments.");
        }

        if (State.Status == ClientInvoiceStatuses.Draft)
        {
            throw new DomainException(ClientInvoiceErrors.NotIssued, "Only an issued invoice takes payments; issue this draft first.");
        }

        if (amount > State.Open)
        {
            throw new ReceiptExceedsOpenAmountException(amount!.Value, State.Open, State.Currency);
        }

        Apply(new ClientInvoicePaymentReceived(Id, State.CompanyId, receiptId, amount!.Value, State.Currency, receivedOn!.Value, note, by, now));
        return true;
    }

    /// <summary>Fences off a number reserved for an issue that never reached the stream (see <see cref="ClientInvoiceNumberReleased"/>).</summary>
    public void ReleaseNumber(string number, DateTimeOffset now) => Apply(new ClientInvoiceNumberReleased(Id, number, now));
}
