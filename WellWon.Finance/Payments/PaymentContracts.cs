using WellWon.Platform.Kernel;

namespace WellWon.Finance.Payments;

/// <summary>What a payment order settles; the id it names is the invoice, the purchase order or the customs payable.</summary>
public static class PaymentPurposes
{
    public const string SupplierInvoice = "supplier-invoice";
    public const string Prepayment = "purchase-order-prepayment";
    public const string CustomsPayable = "customs-payable";

    public static IReadOnlyList<string> All { get; } = [SupplierInvoice, Prepayment, CustomsPayable];
}

/// <summary>
/// The bank confirmed a payment order: <paramref name="Amount"/> in <paramref name="Currency"/> reached the beneficiary and
/// <paramref name="RubDebited"/> roubles left the company (equal to the amount for a rouble payment). The ledger entry that settles
/// the purpose was posted before this event; readers of other contexts rely on this event alone.
/// </summary>
[EventType("finance.payment-order-completed.v1")]
public sealed record PaymentOrderCompleted(
    Guid PaymentOrderId,
    Guid CompanyId,
    string PurposeKind,
    Guid PurposeId,
    decimal Amount,
    string Currency,
    decimal RubDebited,
    decimal? BankRate,
    string BankReference,
    DateTimeOffset CompletedAt) : IDomainEvent;

/// <summary>A payment order ended without paying: <paramref name="Step"/> names where, <paramref name="Reason"/> why; any hold was released and any debit reversed.</summary>
[EventType("finance.payment-order-failed.v1")]
public sealed record PaymentOrderFailed(
    Guid PaymentOrderId,
    Guid CompanyId,
    string PurposeKind,
    Guid PurposeId,
    string Step,
    string Reason,
    DateTimeOffset FailedAt) : IDomainEvent;
