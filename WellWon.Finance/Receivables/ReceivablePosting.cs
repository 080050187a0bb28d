using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.Features;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Receivables;

/// <summary>
/// Posts an issued invoice to a client through the ledger's write path: Dr 1210 receivables, Cr 4110 revenue from sales and services
/// (the net), Cr 2310 VAT payable (the VAT), in the invoice's currency; the revenue and VAT accounts, and the receivables of a
/// currency other than roubles (<c>1210.USD</c>), are opened on first use. The entry's id is derived from the invoice, so the
/// handler's post and the saga's repeat are one entry; a cancellation reverses it once.
/// </summary>
public sealed class ReceivablePosting(LedgerWrites writes)
{
    public const string Revenue = "4110";
    public const string VatPayable = "2310";

    public static Guid EntryIdOf(Guid invoiceId) => ChartOfAccounts.DerivedId(invoiceId, "client-invoice-issued");

    public static Guid ReversalIdOf(Guid invoiceId) => ChartOfAccounts.DerivedId(invoiceId, "client-invoice-cancelled");

    public Task PostAsync(Guid invoiceId, ClientInvoiceState s, CancellationToken ct) =>
        writes.ChangeAsync(s.CompanyId, userId: null, CompanyRole.Viewer, (ledger, now) =>
        {
            var at = s.IssuedAt ?? now;
            var lines = new List<LineDraft>
            {
                new(Account(ledger, ChartOfAccounts.Receivables, "Receivables", AccountType.Asset, s.Currency, at), EntrySide.Debit, s.Total, s.Currency),
            };
            if (s.Net > 0m)
            {
                lines.Add(new(Account(ledger, Revenue, "Revenue from sales and services", AccountType.Income, s.Currency, at), EntrySide.Credit, s.Net, s.Currency));
            }

            if (s.Vat > 0m)
            {
                lines.Add(new(Account(ledger, VatPayable, "VAT payable", AccountType.Liability, s.Currency, at), EntrySide.Credit, s.Vat, s.Currency));
            }

            return s.Total > 0m ? ledger.Post([new EntryDraft(EntryIdOf(invoiceId), $"Invoice {s.Number} to {Cut(s.Client.Name)}", $"finance.client-invoice-issued.v1:{invoiceId:N}", lines, at)], now) : null;
        }, ct);

    public static Guid ReceiptEntryIdOf(Guid invoiceId, Guid receiptId) => ChartOfAccounts.DerivedId(ChartOfAccounts.DerivedId(invoiceId, "client-receipt"), receiptId.ToString("N"));

    /// <summary>
    /// The moment a receipt is booked at: the start of its day (UTC), or the issue's own moment when the client paid on the day the
    /// invoice was posted, so no balance as of any time shows the money in before the receivable.
    /// </summary>
    public static DateTimeOffset EffectiveAtOf(ClientInvoiceState s, ClientInvoiceReceipt receipt)
    {
        var day = new DateTimeOffset(receipt.ReceivedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return s.IssuedAt is { } issued && issued > day ? issued : day;
    }

    /// <summary>
    /// Posts a receipt: Dr 1010.{ccy} bank, Cr the receivable, in the invoice's currency, effective on the day received. The ledger
    /// values the bank's increase at that day's official rate and the receivable's decrease at its carrying rate, so a foreign-currency
    /// receipt books the realised FX difference on 4410/5410 by itself. One entry per receipt, its id derived from it.
    /// </summary>
    public Task PostReceiptAsync(Guid invoiceId, ClientInvoiceState s, ClientInvoiceReceipt receipt, CancellationToken ct) =>
        writes.ChangeAsync(s.CompanyId, userId: null, CompanyRole.Viewer, (ledger, now) =>
        {
            var at = EffectiveAtOf(s, receipt);
            var bank = ChartOfAccounts.InCurrency(ChartOfAccounts.Bank, s.Currency);
            if (ledger.State.Find(bank) is null)
            {
                ledger.OpenAccount(bank, $"Bank {s.Currency}", AccountType.Asset, s.Currency, false, true, null, null, at);
            }

            var description = $"Payment of invoice {s.Number} by {Cut(s.Client.Name)}" + (receipt.Reference is { } reference ? $" ({reference})" : "");
            return ledger.Post([new EntryDraft(ReceiptEntryIdOf(invoiceId, receipt.ReceiptId), description,
                $"finance.client-invoice-payment-received.v1:{invoiceId:N}:{receipt.ReceiptId:N}",
                [
                    new LineDraft(bank, EntrySide.Debit, receipt.Amount, s.Currency),
                    new LineDraft(Account(ledger, ChartOfAccounts.Receivables, "Receivables", AccountType.Asset, s.Currency, at), EntrySide.Credit, receipt.Amount, s.Currency),
                ], at)], now);
        }, ct);

    public Task ReverseAsync(Guid invoiceId, ClientInvoiceState s, CancellationToken ct) =>
        writes.ChangeAsync(s.CompanyId, userId: null, CompanyRole.Viewer, (ledger, now) =>
            ledger.State.Entries.ContainsKey(EntryIdOf(invoiceId))
                ? ledger.Reverse(EntryIdOf(invoiceId), ReversalIdOf(invoiceId), $"Invoice {s.Number} cancelled", now)
                : null,
            ct);

    private static string Cut(string name) => name.Length > 300 ? name[..300] : name;

    // Roubles use the chart's code; another currency an account of its own (1210.USD), opened on first use like the revenue and VAT.
    private static string Account(CompanyLedger ledger, string code, string name, AccountType type, string currency, DateTimeOffset at)
    {
        var inCurrency = currency == Currencies.Rub ? code : ChartOfAccounts.InCurrency(code, currency);
        if (ledger.State.Find(inCurrency) is null)
        {
            ledger.OpenAccount(inCurrency, currency == Currencies.Rub ? name : $"{name} {currency}", type, currency, false, false, null, null, at);
        }

        return inCurrency;
    }
}
