using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.Features;
using WellWon.Finance.Payments.Domain;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Payments;

/// <summary>
/// A payment order's entries in its company's ledger, through the ledger's write path, every id derived from the order's so a
/// repeated step answers the entry it made before. Foreign currency: when the rate is locked the conversion's sold leg is held on
/// Bank.RUB (roubles at the bank's rate, the official rate's worth through FX conversion, the spread on its own line on bank fees and
/// spread); then the bought leg is posted (Dr Bank.{ccy}, Cr FX conversion {ccy}) and the transfer (Dr what is settled, Cr Bank.{ccy}).
/// Roubles: one hold, Dr what is settled, Cr Bank.RUB. The bank's confirmation posts the hold; a failure reverses what was posted,
/// the transfer first, and voids the hold. What is settled: the supplier's payable, prepayments in that currency, or customs payable 2210.
/// </summary>
public sealed class PaymentLedger(LedgerWrites writes)
{
    public static Guid HoldIdOf(Guid orderId) => ChartOfAccounts.DerivedId(ConversionIdOf(orderId), "sold");

    public static Guid CreditedIdOf(Guid orderId) => ChartOfAccounts.DerivedId(ConversionIdOf(orderId), "bought");

    public static Guid RoubleHoldIdOf(Guid orderId) => ChartOfAccounts.DerivedId(orderId, "payment-hold");

    public static Guid TransferIdOf(Guid orderId) => ChartOfAccounts.DerivedId(orderId, "payment-transfer");

    public static string CauseOf(Guid orderId) => $"finance.payment-order:{orderId:N}";

    /// <summary>Holds the roubles; answers the hold's id. A company without enough roubles available is refused (overdraft).</summary>
    public Task<Guid> HoldAsync(Guid orderId, PaymentOrderState s, TimeSpan holdFor, CancellationToken ct) =>
        writes.ChangeAsync(s.CompanyId, userId: null, CompanyRole.Viewer, (ledger, now) =>
        {
            if (s.IsRouble)
            {
                var id = RoubleHoldIdOf(orderId);
                ledger.Post([new EntryDraft(id, $"Payment {s.Number} to {Trim(s.Beneficiary.Name)}: held", CauseOf(orderId),
                    [Settled(s, s.Amount), new LineDraft(ChartOfAccounts.InCurrency(ChartOfAccounts.Bank, Currencies.Rub), EntrySide.Credit, s.Amount, Currencies.Rub)],
                    HoldFor: holdFor)], now);
                return id;
            }

            var sold = ConversionOf(orderId, s)[0] with { HoldFor = holdFor };
            ledger.Post([sold], now);
            return sold.Id;
        }, ct);

    /// <summary>Posts the conversion's bought leg: the currency arrives on Bank.{ccy}.</summary>
    public Task<Guid> CreditAsync(Guid orderId, PaymentOrderState s, CancellationToken ct) =>
        writes.ChangeAsync(s.CompanyId, userId: null, CompanyRole.Viewer, (ledger, now) =>
        {
            var bought = ConversionOf(orderId, s)[1];
            ledger.Post([bought], now);
            return bought.Id;
        }, ct);

    /// <summary>Posts the transfer of a foreign-currency payment: Dr what is settled, Cr Bank.{ccy}.</summary>
    public Task PostTransferAsync(Guid orderId, PaymentOrderState s, CancellationToken ct) =>
        writes.ChangeAsync(s.CompanyId, userId: null, CompanyRole.Viewer, (ledger, now) =>
            ledger.Post([new EntryDraft(TransferIdOf(orderId), $"Payment {s.Number} to {Trim(s.Beneficiary.Name)}: transfer", CauseOf(orderId),
                [Settled(s, s.Amount), new LineDraft(ChartOfAccounts.InCurrency(ChartOfAccounts.Bank, s.Currency), EntrySide.Credit, s.Amount, s.Currency)])], now), ct);

    /// <summary>The bank confirmed: the held roubles leave for good.</summary>
    public Task PostHoldAsync(Guid orderId, PaymentOrderState s, CancellationToken ct) =>
        writes.ChangeAsync(s.CompanyId, userId: null, CompanyRole.Viewer, (ledger, now) => ledger.PostHeld(HoldOf(orderId, s), amount: null, now), ct);

    /// <summary>Reverses the transfer and the bought leg where posted and voids the hold where still pending; answers what it did.</summary>
    public Task<string> CompensateAsync(Guid orderId, PaymentOrderState s, CancellationToken ct) =>
        writes.ChangeAsync(s.CompanyId, userId: null, CompanyRole.Viewer, (ledger, now) =>
        {
            var done = new List<string>();
            foreach (var (id, what) in new[] { (TransferIdOf(orderId), "transfer reversed"), (CreditedIdOf(orderId), "currency credit reversed") })
            {
                if (ledger.State.Entries.TryGetValue(id, out var entry) && entry.Status == EntryStatus.Posted)
                {
                    ledger.Reverse(id, ChartOfAccounts.DerivedId(id, "payment-failed"), $"Payment {s.Number} failed: {what}", now);
                    done.Add(what);
                }
            }

            var hold = HoldOf(orderId, s);
            if (ledger.State.Entries.TryGetValue(hold, out var held))
            {
                ledger.ExpireDue(now);
                if (ledger.State.Entries[hold].Status == EntryStatus.Pending)
                {
                    ledger.VoidHeld(hold, now);
                    done.Add("hold voided");
                }
                else if (held.Status is EntryStatus.Voided or EntryStatus.Expired)
                {
                    done.Add("hold released");
                }
            }

            return done.Count == 0 ? "nothing had been posted" : string.Join(", ", done);
        }, ct);

    private static Guid HoldOf(Guid orderId, PaymentOrderState s) => s.IsRouble ? RoubleHoldIdOf(orderId) : HoldIdOf(orderId);

    private static Guid ConversionIdOf(Guid orderId) => ChartOfAccounts.DerivedId(orderId, "payment-conversion");

    private static IReadOnlyList<EntryDraft> ConversionOf(Guid orderId, PaymentOrderState s)
    {
        var quote = s.Quote ?? throw new InvalidOperationException($"Payment order {orderId} has no quote to convert at.");
        return CurrencyConversion.Drafts(ConversionIdOf(orderId), new Money(quote.RubAmount, Currencies.Rub), new Money(s.Amount, s.Currency), quote.OfficialRate,
            fromAccount: null, toAccount: null, $"Payment {s.Number}: conversion of {Currencies.Format(quote.RubAmount, Currencies.Rub)} RUB to {Currencies.Format(s.Amount, s.Currency)} {s.Currency} at {quote.BankRate}",
            CauseOf(orderId));
    }

    private static LineDraft Settled(PaymentOrderState s, decimal amount) => s.PurposeKind switch
    {
        PaymentPurposes.SupplierInvoice when s.SupplierId is { } supplier => new LineDraft(ChartOfAccounts.Payables, EntrySide.Debit, amount, s.Currency, supplier),
        PaymentPurposes.CustomsPayable => new LineDraft(ChartOfAccounts.CustomsPayable, EntrySide.Debit, amount, Currencies.Rub),
        _ => new LineDraft(ChartOfAccounts.InCurrency(ChartOfAccounts.Prepayments, s.Currency), EntrySide.Debit, amount, s.Currency),
    };

    private static string Trim(string text) => text.Length > 120 ? text[..120] : text;
}
