using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.Features;

namespace WellWon.Finance.Invoices;

/// <summary>
/// Posts an approved invoice to its company's ledger through the ledger's write path: one balanced entry whose client id is the
/// invoice's id (so the handler's post and the saga's repeat are one entry), caused by the invoice's approval, in the invoice's
/// currency. Goods: Dr inventory for what has arrived, Dr goods in transit for the rest, Dr VAT recoverable, Cr the supplier's
/// payable. Services: Dr import services capitalised (1420), Dr VAT, Cr payable — freight, brokerage and handling that bring the
/// goods in are part of their cost (IAS 2.11; PBU 5/01 п. 6), so they are capitalised with the goods, not expensed. A cancelled
/// invoice's entry is reversed once. Accounts in a currency other than roubles are opened on first use (<c>1410.USD</c>).
/// </summary>
public sealed class InvoicePosting(LedgerWrites writes)
{
    public const string ImportServices = "1420";

    public static string CauseOf(Guid invoiceId) => $"finance.supplier-invoice-approved.v1:{invoiceId:N}";

    public static Guid ReversalIdOf(Guid invoiceId) => ChartOfAccounts.DerivedId(invoiceId, "invoice-cancelled");

    public Task PostAsync(Guid invoiceId, SupplierInvoiceState s, CancellationToken ct) =>
        writes.ChangeAsync(s.CompanyId, userId: null, Platform.Tenancy.CompanyRole.Viewer, (ledger, now) =>
        {
            var at = s.Approval?.ApprovedAt ?? now;
            var lines = new List<LineDraft>();
            void Debit(string code, string name, decimal amount)
            {
                if (amount > 0)
                {
                    lines.Add(new LineDraft(Account(ledger, code, name, s.Currency, at), EntrySide.Debit, amount, s.Currency));
                }
            }

            if (s.Kind == InvoiceKinds.Service)
            {
                Debit(ImportServices, "Import services capitalised (freight, brokerage, handling)", s.Net);
            }
            else
            {
                var arrived = s.Lines.Sum(l => Currencies.Round(l.Amount * Math.Min(1m, (s.Match.FirstOrDefault(m => m.PoLineNo == l.PoLineNo)?.Received ?? 0m) / l.Quantity), s.Currency));
                Debit(ChartOfAccounts.Inventory, "Inventory", arrived);
                Debit(ChartOfAccounts.GoodsInTransit, "Goods in transit", s.Net - arrived);
            }

            Debit(ChartOfAccounts.ImportVatRecoverable, "VAT recoverable", s.Vat);
            lines.Add(new LineDraft(ChartOfAccounts.Payables, EntrySide.Credit, s.Total, s.Currency, s.SupplierId));
            var description = $"Supplier invoice {s.Number} of {s.SupplierName}" + (s.PurchaseOrderNumber is { } po ? $" ({po})" : string.Empty);
            return ledger.Post([new EntryDraft(invoiceId, description.Length > 500 ? description[..500] : description, CauseOf(invoiceId), lines, at)], now);
        }, ct);

    /// <summary>Reverses the invoice's entry, when it was posted (a retry answers the reversal already made).</summary>
    public Task ReverseAsync(Guid invoiceId, SupplierInvoiceState s, CancellationToken ct) =>
        writes.ChangeAsync(s.CompanyId, userId: null, Platform.Tenancy.CompanyRole.Viewer, (ledger, now) =>
            ledger.State.Entries.ContainsKey(invoiceId)
                ? ledger.Reverse(invoiceId, ReversalIdOf(invoiceId), $"Supplier invoice {s.Number} cancelled", now)
                : null,
            ct);

    // The chart keeps these in roubles; an invoice in another currency books them in accounts of its own currency.
    private static string Account(CompanyLedger ledger, string code, string name, string currency, DateTimeOffset at)
    {
        var inCurrency = currency == Currencies.Rub && code != ImportServices ? code : ChartOfAccounts.InCurrency(code, currency);
        if (ledger.State.Find(inCurrency) is null)
        {
            ledger.OpenAccount(inCurrency, $"{name} {currency}", AccountType.Asset, currency, false, false, null, null, at);
        }

        return inCurrency;
    }
}
