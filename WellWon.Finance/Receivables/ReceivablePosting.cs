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
