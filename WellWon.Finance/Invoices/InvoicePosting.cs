using Npgsql;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.ReadModel;
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
/// An invoice against a purchase order sets off that order's completed prepayments not yet set off by its other invoices: the same
/// entry credits prepayments 1310.{ccy} for at most the invoice's total (and at most the debit balance 1310.{ccy} holds) and the
/// payable for the rest, so the goods covered by the advance take the advance's rate (IFRIC 22; PBU 3/2006 п. 9) and nothing is paid twice.
/// </summary>
public sealed class InvoicePosting(LedgerWrites writes, NpgsqlDataSource db)
{
    public const string ImportServices = "1420";

    public static string CauseOf(Guid invoiceId) => $"finance.supplier-invoice-approved.v1:{invoiceId:N}";

    public static Guid ReversalIdOf(Guid invoiceId) => ChartOfAccounts.DerivedId(invoiceId, "invoice-cancelled");

    /// <summary>What the invoice's entry credited to prepayments 1310.{ccy}: the prepayment it set off (0 when none or not posted).</summary>
    public static decimal SetOffIn(LedgerState ledger, Guid invoiceId, string currency) =>
        ledger.Entries.TryGetValue(invoiceId, out var entry) && entry.Status == EntryStatus.Posted && entry.ReversedBy is null
            ? CreditedToPrepayments(ledger, entry, currency)
            : 0m;

    public async Task PostAsync(Guid invoiceId, SupplierInvoiceState s, CancellationToken ct)
    {
        var (prepaid, others) = s.PurchaseOrderId is { } poId ? await PrepaymentsAsync(invoiceId, poId, s.Currency, ct) : (0m, []);
        await writes.ChangeAsync(s.CompanyId, userId: null, Platform.Tenancy.CompanyRole.Viewer, (ledger, now) =>
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
            var setOff = SetOffOf(ledger.State, invoiceId, s, prepaid, others);
            if (setOff > 0)
            {
                lines.Add(new LineDraft(ChartOfAccounts.InCurrency(ChartOfAccounts.Prepayments, s.Currency), EntrySide.Credit, setOff, s.Currency));
            }

            if (s.Total - setOff > 0)
            {
                lines.Add(new LineDraft(ChartOfAccounts.Payables, EntrySide.Credit, s.Total - setOff, s.Currency, s.SupplierId));
            }

            var description = $"Supplier invoice {s.Number} of {s.SupplierName}" + (s.PurchaseOrderNumber is { } po ? $" ({po})" : string.Empty);
            return ledger.Post([new EntryDraft(invoiceId, description.Length > 500 ? description[..500] : description, CauseOf(invoiceId), lines, at)], now);
        }, ct);
    }

    /// <summary>Reverses the invoice's entry, when it was posted (a retry answers the reversal already made).</summary>
    public Task ReverseAsync(Guid invoiceId, SupplierInvoiceState s, CancellationToken ct) =>
        writes.ChangeAsync(s.CompanyId, userId: null, Platform.Tenancy.CompanyRole.Viewer, (ledger, now) =>
            ledger.State.Entries.ContainsKey(invoiceId)
                ? ledger.Reverse(invoiceId, ReversalIdOf(invoiceId), $"Supplier invoice {s.Number} cancelled", now)
                : null,
            ct);

    // A repeat sets off what the entry already did (same lines, same fingerprint); otherwise what is prepaid and not yet set off,
    // bounded by the invoice's total and by what 1310 actually holds in the currency.
    private static decimal SetOffOf(LedgerState ledger, Guid invoiceId, SupplierInvoiceState s, decimal prepaid, IReadOnlyList<Guid> others)
    {
        if (ledger.Entries.TryGetValue(invoiceId, out var posted))
        {
            return CreditedToPrepayments(ledger, posted, s.Currency);
        }

        var held = ledger.Find(ChartOfAccounts.InCurrency(ChartOfAccounts.Prepayments, s.Currency))?.Posted ?? 0m;
        var left = prepaid - others.Sum(id => SetOffIn(ledger, id, s.Currency));
        return Math.Max(0m, Math.Min(Math.Min(left, held), s.Total));
    }

    private static decimal CreditedToPrepayments(LedgerState ledger, LedgerEntry entry, string currency) =>
        ledger.Find(ChartOfAccounts.InCurrency(ChartOfAccounts.Prepayments, currency)) is { } prepayments
            ? entry.Lines.Where(l => l.AccountId == prepayments.Id && l.Side == EntrySide.Credit).Sum(l => l.Amount)
            : 0m;

    // Completed prepayments of the order in the invoice's currency, and the order's other invoices (whose entries may have set some off).
    private async Task<(decimal Prepaid, IReadOnlyList<Guid> Others)> PrepaymentsAsync(Guid invoiceId, Guid purchaseOrderId, string currency, CancellationToken ct)
    {
        await using var paid = db.CreateCommand($"""
            SELECT coalesce(sum(amount), 0) FROM {Payments.ReadModel.PaymentOrdersProjection.LiveTable}
            WHERE purpose_id = $1 AND purpose_kind = $2 AND currency = $3 AND status = 'completed'
            """);
        paid.Parameters.Add(new NpgsqlParameter { Value = purchaseOrderId });
        paid.Parameters.Add(new NpgsqlParameter { Value = Payments.PaymentPurposes.Prepayment });
        paid.Parameters.Add(new NpgsqlParameter { Value = currency });
        var prepaid = (decimal)(await paid.ExecuteScalarAsync(ct))!;
        if (prepaid <= 0)
        {
            return (0m, []);
        }

        await using var invoices = db.CreateCommand($"SELECT id FROM {SupplierInvoicesProjection.LiveTable} WHERE purchase_order_id = $1 AND id <> $2");
        invoices.Parameters.Add(new NpgsqlParameter { Value = purchaseOrderId });
        invoices.Parameters.Add(new NpgsqlParameter { Value = invoiceId });
        var others = new List<Guid>();
        await using var reader = await invoices.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            others.Add(reader.GetGuid(0));
        }

        return (prepaid, others);
    }

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
