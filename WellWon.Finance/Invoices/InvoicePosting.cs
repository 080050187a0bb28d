using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.Features;
using WellWon.Finance.Payments.ReadModel;
using WellWon.Platform.Kernel;

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
/// A prepayment that completes after (or while) the invoice was posted is set off by an entry of its own (Dr payable, Cr 1310.{ccy})
/// whose id is derived from the invoice and the payment, posted when the prepayment completes: the ledger decides both paths on its
/// current state, so whichever comes first sets the prepayment off and the other finds nothing left, and a replay posts nothing new.
/// </summary>
public sealed class InvoicePosting(LedgerWrites writes, IAggregateStore store, PaymentOrderReader payments, InvoiceReader invoices)
{
    public const string ImportServices = "1420";

    public static string CauseOf(Guid invoiceId) => $"finance.supplier-invoice-approved.v1:{invoiceId:N}";

    public static Guid ReversalIdOf(Guid invoiceId) => ChartOfAccounts.DerivedId(invoiceId, "invoice-cancelled");

    /// <summary>The entry that sets prepayment <paramref name="paymentOrderId"/> off against the invoice after the invoice was posted.</summary>
    public static Guid SetOffIdOf(Guid invoiceId, Guid paymentOrderId) => ChartOfAccounts.DerivedId(invoiceId, $"prepayment-set-off/{paymentOrderId:N}");

    public static string SetOffCauseOf(Guid invoiceId, Guid paymentOrderId) => $"{SetOffCausePrefix(invoiceId)}{paymentOrderId:N}";

    /// <summary>
    /// What the invoice's entries credited to prepayments 1310.{ccy}: the prepayment its own entry set off and the later set-off entries
    /// (0 when none, not posted, or reversed).
    /// </summary>
    public static decimal SetOffIn(LedgerState ledger, Guid invoiceId, string currency) =>
        SetOffEntriesOf(ledger, invoiceId).Where(e => e.Status == EntryStatus.Posted && e.ReversedBy is null && e.Reverses is null).Sum(e => CreditedToPrepayments(ledger, e, currency));

    public async Task PostAsync(Guid invoiceId, SupplierInvoiceState s, CancellationToken ct)
    {
        var (prepaid, others) = s.PurchaseOrderId is { } poId ? await PrepaymentsAsync(invoiceId, poId, s.Currency, null, ct) : (0m, []);
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
            return ledger.Post([new EntryDraft(invoiceId, Trim(description), CauseOf(invoiceId), lines, at)], now);
        }, ct);
    }

    /// <summary>
    /// Reverses the invoice's entry and its later set-off entries, when posted (a retry answers the reversals already made), so the
    /// prepayment returns to 1310.{ccy} for the order's next invoice.
    /// </summary>
    public Task ReverseAsync(Guid invoiceId, SupplierInvoiceState s, CancellationToken ct) =>
        writes.ChangeAsync(s.CompanyId, userId: null, Platform.Tenancy.CompanyRole.Viewer, (ledger, now) =>
        {
            foreach (var entry in SetOffEntriesOf(ledger.State, invoiceId).Where(e => e.Id != invoiceId && e.Reverses is null && e.ReversedBy is null && e.Status == EntryStatus.Posted).ToList())
            {
                ledger.Reverse(entry.Id, ReversalIdOf(entry.Id), $"Supplier invoice {s.Number} cancelled: prepayment set-off", now);
            }

            return ledger.State.Entries.ContainsKey(invoiceId)
                ? ledger.Reverse(invoiceId, ReversalIdOf(invoiceId), $"Supplier invoice {s.Number} cancelled", now)
                : null;
        }, ct);

    /// <summary>
    /// A prepayment of a purchase order completed: its approved invoices are posted if they were not yet, and what they did not set off
    /// of the order's completed prepayments (this one counted even if the payments' read model does not show it yet) is set off now,
    /// invoice by invoice in the order they were approved, at most each invoice's payable still unpaid and what 1310.{ccy} holds.
    /// Answers the set-off entries posted now (none on a replay).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> SetOffPrepaymentAsync(CompletedPrepayment payment, CancellationToken ct)
    {
        var approved = new List<(Guid Id, SupplierInvoiceState State, decimal Committed)>();
        foreach (var id in await invoices.OfPurchaseOrderAsync(payment.PurchaseOrderId, ct))
        {
            var invoice = await store.TryLoadAsync<SupplierInvoice>(id, ct);
            if (invoice is { Exists: true, State: { Status: InvoiceStatuses.Approved, Approval: not null } s } && s.CompanyId == payment.CompanyId && s.Currency == payment.Currency)
            {
                await PostAsync(id, s, ct);
                approved.Add((id, s, await payments.CommittedAsync(id, Guid.Empty, ct)));
            }
        }

        if (approved.Count == 0)
        {
            return [];
        }

        var (prepaid, others) = await PrepaymentsAsync(Guid.Empty, payment.PurchaseOrderId, payment.Currency, payment, ct);
        return await writes.ChangeAsync(payment.CompanyId, userId: null, Platform.Tenancy.CompanyRole.Viewer, (ledger, now) =>
        {
            var posted = new List<Guid>();
            var prepayments = ChartOfAccounts.InCurrency(ChartOfAccounts.Prepayments, payment.Currency);
            var left = prepaid - others.Sum(id => SetOffIn(ledger.State, id, payment.Currency));
            var held = ledger.State.Find(prepayments)?.Posted ?? 0m;
            foreach (var (id, s, committed) in approved.OrderBy(a => a.State.Approval!.ApprovedAt).ThenBy(a => a.Id))
            {
                var entryId = SetOffIdOf(id, payment.PaymentOrderId);
                if (ledger.State.Entries.ContainsKey(entryId)
                    || !ledger.State.Entries.TryGetValue(id, out var own) || own.Status != EntryStatus.Posted || own.ReversedBy is not null)
                {
                    continue;
                }

                var amount = Math.Min(Math.Min(left, held), s.Total - SetOffIn(ledger.State, id, s.Currency) - committed);
                if (amount <= 0)
                {
                    continue;
                }

                var at = payment.CompletedAt > own.EffectiveAt ? payment.CompletedAt : own.EffectiveAt;
                ledger.Post([new EntryDraft(entryId, Trim($"Prepayment set off against supplier invoice {s.Number} of {s.SupplierName}"), SetOffCauseOf(id, payment.PaymentOrderId),
                    [
                        new LineDraft(ChartOfAccounts.Payables, EntrySide.Debit, amount, s.Currency, s.SupplierId),
                        new LineDraft(prepayments, EntrySide.Credit, amount, s.Currency),
                    ], at)], now);
                posted.Add(entryId);
                left -= amount;
                held -= amount;
            }

            return posted;
        }, ct);
    }

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

    // Completed prepayments of the order in the currency (with the one just completed, which the read model may not show yet), and
    // the order's other invoices (whose entries may have set some off).
    private async Task<(decimal Prepaid, IReadOnlyList<Guid> Others)> PrepaymentsAsync(
        Guid invoiceId, Guid purchaseOrderId, string currency, CompletedPrepayment? completing, CancellationToken ct)
    {
        var completed = (await payments.CompletedPrepaymentsAsync(purchaseOrderId, currency, ct)).ToDictionary(p => p.Id, p => p.Amount);
        if (completing is not null)
        {
            completed[completing.PaymentOrderId] = completing.Amount;
        }

        var prepaid = completed.Values.Sum();
        return prepaid <= 0 ? (0m, []) : (prepaid, [.. (await invoices.OfPurchaseOrderAsync(purchaseOrderId, ct)).Where(id => id != invoiceId)]);
    }

    // The invoice's own entry and the entries that set prepayments off against it later.
    private static IEnumerable<LedgerEntry> SetOffEntriesOf(LedgerState ledger, Guid invoiceId)
    {
        if (ledger.Entries.TryGetValue(invoiceId, out var own))
        {
            yield return own;
        }

        var prefix = SetOffCausePrefix(invoiceId);
        foreach (var entry in ledger.Entries.Values)
        {
            if (entry.Cause is { } cause && cause.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return entry;
            }
        }
    }

    private static string SetOffCausePrefix(Guid invoiceId) => $"finance.prepayment-set-off:{invoiceId:N}:";

    private static string Trim(string description) => description.Length > 500 ? description[..500] : description;

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

/// <summary>A purchase order's prepayment the bank confirmed: <paramref name="Amount"/> in <paramref name="Currency"/>, now on 1310.{ccy}.</summary>
public sealed record CompletedPrepayment(Guid PaymentOrderId, Guid CompanyId, Guid PurchaseOrderId, decimal Amount, string Currency, DateTimeOffset CompletedAt);
