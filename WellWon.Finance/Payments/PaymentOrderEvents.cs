using WellWon.Platform.Kernel;

namespace WellWon.Finance.Payments;

// The facts of a payment order's stream ("finance-payment-order-{id}"); the tenant of every event is the paying company. The
// outcome events other contexts read (PaymentOrderCompleted, PaymentOrderFailed) are in PaymentContracts.cs.

/// <summary>Whom the money goes to, as the bank needs it: the account is an IBAN or a local account number, the BIC 8 or 11 characters.</summary>
public sealed record Beneficiary(string Name, string Account, string? Swift, string? BankName, string Country);

/// <summary>
/// A payment order was entered for <paramref name="Amount"/> <paramref name="Currency"/>; <paramref name="Fingerprint"/> is the hash of
/// the request, so the same id with the same body is a retry and with another body a reuse. <paramref name="SupplierId"/> names the
/// supplier's payable a supplier-invoice payment settles.
/// </summary>
[EventType("finance.payment-order-created.v1")]
public sealed record PaymentOrderCreated(
    Guid PaymentOrderId,
    Guid CompanyId,
    string Number,
    string PurposeKind,
    Guid PurposeId,
    string PurposeLabel,
    Guid? SupplierId,
    Beneficiary Beneficiary,
    decimal Amount,
    string Currency,
    string PurposeText,
    string? ContractRegistrationNumber,
    string Fingerprint,
    Guid CreatedBy,
    DateTimeOffset CreatedAt) : IDomainEvent;

/// <summary>
/// The bank quoted its rate (roubles per unit, spread included) valid until <paramref name="ValidUntil"/>; <paramref name="Attempt"/> 2
/// is the one re-quote after an expired quote. <paramref name="OfficialRate"/> is the central bank's, for the books.
/// </summary>
[EventType("finance.payment-order-quoted.v1")]
public sealed record PaymentOrderQuoted(
    Guid PaymentOrderId,
    int Attempt,
    string QuoteId,
    decimal BankRate,
    decimal OfficialRate,
    decimal RubAmount,
    decimal SpreadRub,
    DateTimeOffset ValidUntil,
    DateTimeOffset QuotedAt) : IDomainEvent;

/// <summary>The bank accepted the quote: the rate is locked under deal <paramref name="DealId"/>.</summary>
[EventType("finance.payment-order-rate-locked.v1")]
public sealed record PaymentOrderRateLocked(Guid PaymentOrderId, string QuoteId, string DealId, DateTimeOffset LockedAt) : IDomainEvent;

/// <summary>The roubles are held on the company's rouble bank account (a pending ledger entry, posted on the bank's confirmation).</summary>
[EventType("finance.payment-order-debited.v1")]
public sealed record PaymentOrderDebited(Guid PaymentOrderId, Guid HoldEntryId, decimal RubAmount, DateTimeOffset DebitedAt) : IDomainEvent;

/// <summary>The bought currency reached the company's bank account in that currency (the conversion's second leg was posted).</summary>
[EventType("finance.payment-order-credited.v1")]
public sealed record PaymentOrderCredited(Guid PaymentOrderId, Guid EntryId, DateTimeOffset CreditedAt) : IDomainEvent;

/// <summary>The bank took the transfer under its id; the order waits for the bank's confirmation.</summary>
[EventType("finance.payment-order-sent.v1")]
public sealed record PaymentOrderSent(Guid PaymentOrderId, string TransferId, DateTimeOffset SentAt) : IDomainEvent;

/// <summary>The bank confirmed the transfer with its reference; the saga posts the hold and records the order completed.</summary>
[EventType("finance.payment-order-confirmed.v1")]
public sealed record PaymentOrderConfirmed(Guid PaymentOrderId, string BankReference, DateTimeOffset ConfirmedAt) : IDomainEvent;

/// <summary>Cancelled by a person before any money moved.</summary>
[EventType("finance.payment-order-cancelled.v1")]
public sealed record PaymentOrderCancelled(Guid PaymentOrderId, Guid CompanyId, Guid CancelledBy, DateTimeOffset CancelledAt) : IDomainEvent;
