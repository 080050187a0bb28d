using Microsoft.Extensions.Logging;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Invoices.Features;

/// <summary>
/// How invoice commands write: the invoice is loaded (missing, or of a company the caller is not in, is the same 404), the caller
/// needs at least <c>atLeast</c> there (403 otherwise), the company becomes the events' tenant, the aggregate decides and the append
/// is retried on a lost race. Also the re-match of a PO's held invoices, and the ledger posting after an approval: posted here for
/// the user to see at once, and again (idempotently) by the invoices' ledger saga, so a post that failed here heals.
/// </summary>
public sealed partial class InvoiceWrites(
    IAggregateStore store, ICompanyAccess access, RequestContext context, TimeProvider clock, InvoicePosting posting, ILogger<InvoiceWrites> logger)
{
    public const int Attempts = 5;

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<InvoiceView> ChangeAsync(Guid id, Guid userId, CompanyRole atLeast, Func<SupplierInvoice, CompanyRole, DateTimeOffset, CancellationToken, Task> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var invoice = await store.TryLoadAsync<SupplierInvoice>(id, ct);
            if (invoice is not { Exists: true })
            {
                throw InvoiceErrors.InvoiceNotFound(id);
            }

            var role = await access.RoleOfAsync(userId, invoice.State.CompanyId, ct) ?? throw InvoiceErrors.InvoiceNotFound(id);
            if (role < atLeast)
            {
                throw CompanyAccessExtensions.RoleTooWeak(atLeast);
            }

            context.TenantId = invoice.State.CompanyId;
            await decide(invoice, role, clock.GetUtcNow(), ct);
            var changed = invoice.Changes.ToList();
            try
            {
                await store.SaveAsync(invoice, ct);
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
                continue;
            }

            await AfterAsync(invoice, changed, ct);
            return InvoiceView.Of(invoice.Id, invoice.State, invoice.OriginalVersion);
        }
    }

    /// <summary>What follows a saved change: the ledger entry of an approval, the reversal of a cancellation, the PO's billing released.</summary>
    public async Task AfterAsync(SupplierInvoice invoice, IReadOnlyList<IDomainEvent> changed, CancellationToken ct)
    {
        var s = invoice.State;
        if (changed.Any(e => e is SupplierInvoiceRejected or SupplierInvoiceCancelled) && s.PurchaseOrderId is { } po)
        {
            await OnInvoicingAsync(po, i => i.Release(invoice.Id, clock.GetUtcNow()), ct);
        }

        if (changed.Any(e => e is SupplierInvoiceApproved))
        {
            await SettleAsync(() => posting.PostAsync(invoice.Id, s, ct), invoice.Id);
        }

        if (changed.Any(e => e is SupplierInvoiceCancelled))
        {
            await SettleAsync(() => posting.ReverseAsync(invoice.Id, s, ct), invoice.Id);
        }
    }

    /// <summary>The PO's record of what its invoices bill, changed and saved, decided again when another writer won.</summary>
    public async Task<PurchaseOrderInvoicing> OnInvoicingAsync(Guid purchaseOrderId, Action<PurchaseOrderInvoicing> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var invoicing = await store.TryLoadAsync<PurchaseOrderInvoicing>(purchaseOrderId, ct) ?? PurchaseOrderInvoicing.For(purchaseOrderId);
            change(invoicing);
            try
            {
                await store.SaveAsync(invoicing, ct);
                return invoicing;
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts * 2)
            {
            }
        }
    }

    /// <summary>The company's tolerances (the defaults until an admin sets them).</summary>
    public async Task<MatchTolerances> TolerancesAsync(Guid companyId, CancellationToken ct) =>
        (await store.TryLoadAsync<InvoiceMatchPolicy>(companyId, ct))?.State.Tolerances ?? MatchTolerances.Default;

    /// <summary>What the match knows of each PO line: ordered, price, received (from the PO's stream), billed by the PO's other live invoices.</summary>
    public static IReadOnlyList<PoLineFacts> FactsOf(PurchaseOrderState po, PurchaseOrderInvoicingState? invoicing, Guid invoiceId) =>
        [.. po.Terms!.Lines.Select(l => new PoLineFacts(l.LineNo, l.Quantity, l.UnitPrice, po.ReceivedOf(l.LineNo), invoicing?.InvoicedElsewhere(l.LineNo, invoiceId) ?? 0m))];

    /// <summary>
    /// Matches the PO's received and held invoices again on the PO's facts now (goods arrived, another invoice released its lines);
    /// an invoice whose match did not change records nothing, so a repeated or late trigger is harmless. Answers how many changed.
    /// </summary>
    public async Task<int> RematchAsync(Guid purchaseOrderId, CancellationToken ct)
    {
        var changedCount = 0;
        var invoicing = await store.TryLoadAsync<PurchaseOrderInvoicing>(purchaseOrderId, ct);
        foreach (var billed in invoicing?.State.Invoices ?? [])
        {
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                var po = await store.TryLoadAsync<PurchaseOrders.Domain.PurchaseOrder>(purchaseOrderId, ct);
                var invoice = await store.TryLoadAsync<SupplierInvoice>(billed.InvoiceId, ct);
                if (po is not { Exists: true } || invoice is not { Exists: true })
                {
                    break;
                }

                var current = await store.TryLoadAsync<PurchaseOrderInvoicing>(purchaseOrderId, ct);
                context.TenantId = invoice.State.CompanyId;
                invoice.Rematch(FactsOf(po.State, current?.State, invoice.Id), await TolerancesAsync(invoice.State.CompanyId, ct), clock.GetUtcNow());
                var changed = invoice.Changes.ToList();
                if (changed.Count == 0)
                {
                    break;
                }

                try
                {
                    await store.SaveAsync(invoice, ct);
                }
                catch (WrongExpectedVersionException)
                {
                    continue;
                }

                changedCount++;
                await AfterAsync(invoice, changed, ct);
                break;
            }
        }

        return changedCount;
    }

    /// <summary>
    /// Records on the invoice a completed payment order that paid it, with what prepayments cover of it on the ledger now (as the
    /// payment's open-amount check reads it); a payment order already recorded, or an invoice that does not exist, records nothing.
    /// Answers whether the invoice changed.
    /// </summary>
    public async Task<bool> RecordPaymentAsync(Guid invoiceId, Guid companyId, Guid paymentOrderId, decimal amount, string currency, DateTimeOffset completedAt, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var invoice = await store.TryLoadAsync<SupplierInvoice>(invoiceId, ct);
            if (invoice is not { Exists: true } || invoice.State.CompanyId != companyId)
            {
                return false;
            }

            context.TenantId = companyId;
            var ledger = await store.TryLoadAsync<CompanyLedger>(companyId, ct);
            var setOff = ledger is null ? 0m : InvoicePosting.SetOffIn(ledger.State, invoiceId, invoice.State.Currency);
            invoice.RecordPayment(paymentOrderId, amount, currency, setOff, completedAt);
            if (!invoice.Changes.Any())
            {
                return false;
            }

            try
            {
                await store.SaveAsync(invoice, ct);
                return true;
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
            }
        }
    }

    // The invoice's own stream is the truth; a ledger that is not open yet (or a failed post) is settled by the ledger saga's retry.
    private async Task SettleAsync(Func<Task> ledgerWrite, Guid invoiceId)
    {
        try
        {
            await ledgerWrite();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LedgerWriteDeferred(logger, invoiceId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice {InvoiceId}: the ledger write is left to the invoices' ledger saga ({Reason})")]
    private static partial void LedgerWriteDeferred(ILogger logger, Guid invoiceId, string reason);
}
