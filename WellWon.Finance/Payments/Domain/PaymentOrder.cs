using System.Collections.Immutable;
using WellWon.Platform.Kernel;

namespace WellWon.Finance.Payments.Domain;

/// <summary>The steps of a payment order, in order; a rouble payment skips the three of the conversion.</summary>
public static class PaymentSteps
{
    public const string Quote = "quote";
    public const string RateLocked = "rate-locked";
    public const string Debited = "debited";
    public const string Credited = "credited";
    public const string TransferSent = "transfer-sent";
    public const string Confirmed = "confirmed";

    public static IReadOnlyList<string> All { get; } = [Quote, RateLocked, Debited, Credited, TransferSent, Confirmed];

    public static bool IsConversion(string step) => step is Quote or RateLocked or Credited;
}

/// <summary>A step's status as the view shows it.</summary>
public static class StepStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Compensated = "compensated";
    public const string Skipped = "skipped";
}

/// <summary>An order's status: where it is, or how it ended.</summary>
public static class PaymentStatuses
{
    public const string Created = "created";
    public const string Quoted = "quoted";
    public const string RateLocked = "rate-locked";
    public const string Debited = "debited";
    public const string Sent = "sent";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Created, Quoted, RateLocked, Debited, Sent, Completed, Failed, Cancelled };

    public static bool IsFinal(string status) => status is Completed or Failed or Cancelled;
}

public sealed record PaymentStep(string Step, string Status, DateTimeOffset? At = null, string? Detail = null);

public sealed record PaymentQuote(int Attempt, string QuoteId, decimal BankRate, decimal OfficialRate, decimal RubAmount, decimal SpreadRub, DateTimeOffset ValidUntil);

public sealed record PaymentFailure(string Step, string Reason);

public sealed record PaymentOrderState : AggregateState<PaymentOrderState>
{
    public bool Exists { get; init; }

    public Guid CompanyId { get; init; }

    public string Number { get; init; } = string.Empty;

    public string PurposeKind { get; init; } = string.Empty;

    public Guid PurposeId { get; init; }

    public string PurposeLabel { get; init; } = string.Empty;

    public Guid? SupplierId { get; init; }

    public Beneficiary Beneficiary { get; init; } = new(string.Empty, string.Empty, null, null, string.Empty);

    public decimal Amount { get; init; }

    public string Currency { get; init; } = string.Empty;

    public string PurposeText { get; init; } = string.Empty;

    public string? ContractRegistrationNumber { get; init; }

    public string Fingerprint { get; init; } = string.Empty;

    public string Status { get; init; } = PaymentStatuses.Created;

    public PaymentQuote? Quote { get; init; }

    public string? DealId { get; init; }

    public Guid? HoldEntryId { get; init; }

    public decimal? RubAmount { get; init; }

    public Guid? CreditedEntryId { get; init; }

    public string? TransferId { get; init; }

    public string? BankReference { get; init; }

    public PaymentFailure? Failure { get; init; }

    public ImmutableList<PaymentStep> Steps { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public bool IsRouble => Currency == Currencies.Rub;

    public PaymentOrderState()
    {
        On<PaymentOrderCreated>((s, e) =>
        {
            var rouble = e.Currency == Currencies.Rub;
            var steps = PaymentSteps.All.Select(step => new PaymentStep(step, rouble && PaymentSteps.IsConversion(step) ? StepStatuses.Skipped : StepStatuses.Pending)).ToImmutableList();
            return (s with
            {
                Exists = true, CompanyId = e.CompanyId, Number = e.Number, PurposeKind = e.PurposeKind, PurposeId = e.PurposeId, PurposeLabel = e.PurposeLabel,
                SupplierId = e.SupplierId, Beneficiary = e.Beneficiary, Amount = e.Amount, Currency = e.Currency, PurposeText = e.PurposeText,
                ContractRegistrationNumber = e.ContractRegistrationNumber, Fingerprint = e.Fingerprint, CreatedAt = e.CreatedAt, UpdatedAt = e.CreatedAt,
                RubAmount = rouble ? e.Amount : null, Steps = steps,
            }).Running(rouble ? PaymentSteps.Debited : PaymentSteps.Quote);
        });
        On<PaymentOrderQuoted>((s, e) => (s with
        {
            Status = PaymentStatuses.Quoted, UpdatedAt = e.QuotedAt, RubAmount = e.RubAmount,
            Quote = new PaymentQuote(e.Attempt, e.QuoteId, e.BankRate, e.OfficialRate, e.RubAmount, e.SpreadRub, e.ValidUntil),
        }).Done(PaymentSteps.Quote, e.QuotedAt, e.Attempt > 1 ? $"Quote {e.QuoteId} (re-quoted after the first expired)" : $"Quote {e.QuoteId}").Running(PaymentSteps.RateLocked));
        On<PaymentOrderRateLocked>((s, e) => (s with { Status = PaymentStatuses.RateLocked, DealId = e.DealId, UpdatedAt = e.LockedAt })
            .Done(PaymentSteps.RateLocked, e.LockedAt, $"Deal {e.DealId}").Running(PaymentSteps.Debited));
        On<PaymentOrderDebited>((s, e) => (s with { Status = PaymentStatuses.Debited, HoldEntryId = e.HoldEntryId, RubAmount = e.RubAmount, UpdatedAt = e.DebitedAt })
            .Done(PaymentSteps.Debited, e.DebitedAt, $"{Currencies.Format(e.RubAmount, Currencies.Rub)} RUB held").Running(s.IsRouble ? PaymentSteps.TransferSent : PaymentSteps.Credited));
        On<PaymentOrderCredited>((s, e) => (s with { CreditedEntryId = e.EntryId, UpdatedAt = e.CreditedAt })
            .Done(PaymentSteps.Credited, e.CreditedAt, null).Running(PaymentSteps.TransferSent));
        On<PaymentOrderSent>((s, e) => (s with { Status = PaymentStatuses.Sent, TransferId = e.TransferId, UpdatedAt = e.SentAt })
            .Done(PaymentSteps.TransferSent, e.SentAt, $"Transfer {e.TransferId}").Running(PaymentSteps.Confirmed));
        On<PaymentOrderConfirmed>((s, e) => (s with { BankReference = e.BankReference, UpdatedAt = e.ConfirmedAt })
            .Done(PaymentSteps.Confirmed, e.ConfirmedAt, $"Bank reference {e.BankReference}"));
        On<PaymentOrderCompleted>((s, e) => s with { Status = PaymentStatuses.Completed, CompletedAt = e.CompletedAt, UpdatedAt = e.CompletedAt });
        On<PaymentOrderFailed>((s, e) =>
        {
            var debited = s.HoldEntryId is not null;
            var steps = s.Steps.Select(p =>
                p.Step == e.Step ? p with { Status = StepStatuses.Failed, At = e.FailedAt, Detail = e.Reason }
                : p.Status == StepStatuses.Running ? p with { Status = StepStatuses.Pending }
                : debited && p.Status == StepStatuses.Done && (p.Step is PaymentSteps.Debited or PaymentSteps.Credited or PaymentSteps.TransferSent)
                    ? p with { Status = StepStatuses.Compensated, At = e.FailedAt }
                    : p).ToImmutableList();
            return s with { Status = PaymentStatuses.Failed, Failure = new PaymentFailure(e.Step, e.Reason), Steps = steps, UpdatedAt = e.FailedAt };
        });
        On<PaymentOrderCancelled>((s, e) => s with
        {
            Status = PaymentStatuses.Cancelled, UpdatedAt = e.CancelledAt,
            Steps = s.Steps.Select(p => p.Status == StepStatuses.Running ? p with { Status = StepStatuses.Pending } : p).ToImmutableList(),
        });
    }

    /// <summary>The step that runs now (the first not yet done), for a failure found outside any step.</summary>
    public string CurrentStep => Steps.FirstOrDefault(p => p.Status is StepStatuses.Running or StepStatuses.Pending)?.Step ?? PaymentSteps.Confirmed;

    private PaymentOrderState Done(string step, DateTimeOffset at, string? detail) =>
        this with { Steps = Steps.Select(p => p.Step == step ? p with { Status = StepStatuses.Done, At = at, Detail = detail } : p).ToImmutableList() };

    private PaymentOrderState Running(string step) =>
        this with { Steps = Steps.Select(p => p.Step == step ? p with { Status = StepStatuses.Running } : p).ToImmutableList() };
}

/// <summary>
/// A payment order to a supplier or the customs authority, run step by step by its saga: each method records one step's fact once
/// and answers false when the order is already past that step (a redelivered event), so every step can run again safely. Money
/// moves only after the debit; from then on a failure is recorded after compensation, and a cancellation is refused.
/// </summary>
[StreamCategory("finance-payment-order")]
public sealed class PaymentOrder : Aggregate<PaymentOrderState>
{
    public static PaymentOrder Create(PaymentOrderCreated created)
    {
        var order = new PaymentOrder { Id = created.PaymentOrderId };
        order.Apply(created);
        return order;
    }

    public bool Quoted(string quoteId, int attempt, decimal bankRate, decimal officialRate, DateTimeOffset validUntil, DateTimeOffset now)
    {
        var expected = attempt == 1 ? PaymentStatuses.Created : PaymentStatuses.Quoted;
        if (State.Status != expected || (attempt > 1 && State.Quote?.Attempt != attempt - 1))
        {
            return false;
        }

        var rub = Currencies.Round(State.Amount * bankRate, Currencies.Rub);
        var atOfficial = Currencies.Round(State.Amount * officialRate, Currencies.Rub);
        Apply(new PaymentOrderQuoted(Id, attempt, quoteId, bankRate, officialRate, rub, rub - atOfficial, validUntil, now));
        return true;
    }

    public bool RateLocked(string dealId, DateTimeOffset now)
    {
        if (State.Status != PaymentStatuses.Quoted || State.Quote is not { } quote)
        {
            return false;
        }

        Apply(new PaymentOrderRateLocked(Id, quote.QuoteId, dealId, now));
        return true;
    }

    public bool Debited(Guid holdEntryId, DateTimeOffset now)
    {
        var expected = State.IsRouble ? PaymentStatuses.Created : PaymentStatuses.RateLocked;
        if (State.Status != expected)
        {
            return false;
        }

        Apply(new PaymentOrderDebited(Id, holdEntryId, State.RubAmount ?? State.Amount, now));
        return true;
    }

    public bool Credited(Guid entryId, DateTimeOffset now)
    {
        if (State.Status != PaymentStatuses.Debited || State.IsRouble || State.CreditedEntryId is not null)
        {
            return false;
        }

        Apply(new PaymentOrderCredited(Id, entryId, now));
        return true;
    }

    public bool Sent(string transferId, DateTimeOffset now)
    {
        if (State.Status != PaymentStatuses.Debited || (!State.IsRouble && State.CreditedEntryId is null))
        {
            return false;
        }

        Apply(new PaymentOrderSent(Id, transferId, now));
        return true;
    }

    public bool Confirmed(string bankReference, DateTimeOffset now)
    {
        if (State.Status != PaymentStatuses.Sent || State.BankReference is not null)
        {
            return false;
        }

        Apply(new PaymentOrderConfirmed(Id, bankReference, now));
        return true;
    }

    public bool Completed(DateTimeOffset now)
    {
        if (State.Status != PaymentStatuses.Sent || State.BankReference is not { } reference)
        {
            return false;
        }

        var s = State;
        Apply(new PaymentOrderCompleted(Id, s.CompanyId, s.PurposeKind, s.PurposeId, s.Amount, s.Currency, s.RubAmount ?? s.Amount, s.IsRouble ? null : s.Quote?.BankRate, reference, now));
        return true;
    }

    /// <summary>Records the failure of <paramref name="step"/>; the caller has compensated whatever was posted before.</summary>
    public bool Failed(string step, string reason, DateTimeOffset now)
    {
        if (PaymentStatuses.IsFinal(State.Status))
        {
            return false;
        }

        Apply(new PaymentOrderFailed(Id, State.CompanyId, State.PurposeKind, State.PurposeId, step, reason.Length > 1000 ? reason[..1000] : reason, now));
        return true;
    }

    /// <summary>Cancels an order whose money has not moved yet; after the debit only the bank's answer ends it.</summary>
    public void Cancel(Guid by, DateTimeOffset now)
    {
        if (State.Status == PaymentStatuses.Cancelled)
        {
            return;
        }

        if (State.Status is not (PaymentStatuses.Created or PaymentStatuses.Quoted or PaymentStatuses.RateLocked))
        {
            throw new DomainException(PaymentErrors.TooLate, $"Payment order {State.Number} is {State.Status}: only an order whose roubles were not debited yet can be cancelled.");
        }

        Apply(new PaymentOrderCancelled(Id, State.CompanyId, by, now));
    }
}
