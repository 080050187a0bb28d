using FluentValidation;
using Mediator;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.Features;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Invoices.Features;

public sealed record InvoiceLineInput(int PoLineNo, decimal Quantity, decimal UnitPrice, decimal Amount);

/// <summary>The JSON body of <c>POST /api/finance/invoices</c>: a supplier's invoice against a purchase order of the caller's company.</summary>
public sealed record SupplierInvoiceRequest(
    Guid PurchaseOrderId, string? Number, DateOnly InvoiceDate, string? Currency, IReadOnlyList<InvoiceLineInput>? Lines,
    decimal Vat = 0m, decimal? Total = null, Guid? SourceDocumentId = null);

/// <summary>A member of the PO's company enters the supplier's invoice; it is matched at once and approved or held.</summary>
public sealed record CreateSupplierInvoice(Guid UserId, SupplierInvoiceRequest Invoice) : ICommand<InvoiceView>, IRequireAuthenticatedUser;

public sealed class CreateSupplierInvoiceValidator : AbstractValidator<CreateSupplierInvoice>
{
    public CreateSupplierInvoiceValidator() => RuleFor(x => x.Invoice.PurchaseOrderId).NotEmpty().OverridePropertyName("purchaseOrderId");
}

/// <summary>
/// Checks the caller on the PO and the invoice's shape, claims the supplier's number in the company (a duplicate is refused naming
/// the invoice that has it), records what the invoice bills on the PO's invoicing stream (deciding the match on the billing as it
/// stands, again if another invoice won the race), stores the invoice, and posts an approved one to the ledger. A store that fails
/// gives back the number and the PO's billing.
/// </summary>
public sealed class CreateSupplierInvoiceHandler(IAggregateStore store, PurchaseOrderWrites orders, InvoiceWrites writes)
    : ICommandHandler<CreateSupplierInvoice, InvoiceView>
{
    public async ValueTask<InvoiceView> Handle(CreateSupplierInvoice command, CancellationToken cancellationToken)
    {
        var r = command.Invoice;
        var (order, _) = await orders.LoadAsync(r.PurchaseOrderId, command.UserId, CompanyRole.Member, cancellationToken);
        var po = order.State;
        if (!PurchaseOrderStatuses.TakesShipments(po.Status) && po.Status != PurchaseOrderStatuses.Closed)
        {
            throw InvoiceRuleException.Rule("purchaseOrderId", InvoiceErrors.PurchaseOrderNotInvoiceable, $"Purchase order {po.Number} is {po.Status}; invoices are entered against an approved one.");
        }

        var draft = SupplierInvoice.Check(new InvoiceDraft(
            r.Number ?? string.Empty, r.InvoiceDate, r.Currency ?? string.Empty,
            [.. (r.Lines ?? []).Select(l => new InvoiceLine(l.PoLineNo, l.Quantity, l.UnitPrice, l.Amount))], [], r.Vat, r.Total, r.SourceDocumentId), po.Terms!.Currency);
        var supplier = po.Terms.Supplier;
        var supplierId = supplier.CompanyId ?? SupplierIdOf(po.CompanyId, supplier.Name!, supplier.Country);
        var tolerances = await writes.TolerancesAsync(po.CompanyId, cancellationToken);
        var now = writes.Now;
        var id = Guid.CreateVersion7();
        var claimId = InvoiceNumberClaim.IdOf(po.CompanyId, supplierId, draft.Number);
        await ClaimAsync(claimId, c => c.Claim(po.CompanyId, supplierId, draft.Number, id, now), cancellationToken);

        SupplierInvoice? invoice = null;
        try
        {
            await writes.OnInvoicingAsync(order.Id, invoicing =>
            {
                invoice = SupplierInvoice.ForPurchaseOrder(id, po.CompanyId, order.Id, po.Number, supplierId, supplier.Name ?? supplier.CompanyId!.Value.ToString(),
                    draft, DueDate(po, draft.InvoiceDate), InvoiceWrites.FactsOf(po, invoicing.State, id), tolerances, command.UserId, now);
                invoicing.Record(po.CompanyId, id, invoice.State.Billed(), now);
            }, cancellationToken);
            var changed = invoice!.Changes.ToList();
            await store.SaveAsync(invoice, cancellationToken);
            await writes.AfterAsync(invoice, changed, cancellationToken);
            return InvoiceView.Of(id, invoice.State, invoice.OriginalVersion);
        }
        catch (Exception) when (invoice is null || invoice.OriginalVersion < 0)
        {
            // Never stored: the number and the billing go back (best effort; a later entry of the same number is then accepted).
            await SettleAsync(() => writes.OnInvoicingAsync(order.Id, i => i.Release(id, now), CancellationToken.None));
            await SettleAsync(() => ClaimAsync(claimId, c => c.Release(id, now), CancellationToken.None));
            throw;
        }
    }

    /// <summary>The payable's party for a supplier outside WellWon: an id derived from its name and country, the same for every PO.</summary>
    public static Guid SupplierIdOf(Guid companyId, string name, string? country) =>
        ChartOfAccounts.DerivedId(companyId, $"supplier/{name.Trim().ToUpperInvariant()}/{country?.Trim().ToUpperInvariant()}");

    /// <summary>The PO's balance terms: so many days after the documents (shipment) or arrival, counted from the invoice's date until that happens.</summary>
    public static DateOnly DueDate(PurchaseOrderState po, DateOnly invoiceDate)
    {
        var terms = po.Terms!.PaymentTerms;
        var basis = terms.BalanceBasis == BalanceBases.AfterArrival ? po.ReceivedAt : po.ShippedAt;
        return (basis is { } at ? PaymentSchedule.DayOf(at) : invoiceDate).AddDays(terms.BalanceDays);
    }

    private async Task ClaimAsync(Guid claimId, Action<InvoiceNumberClaim> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var claim = await store.TryLoadAsync<InvoiceNumberClaim>(claimId, ct) ?? InvoiceNumberClaim.New(claimId);
            change(claim);
            try
            {
                await store.SaveAsync(claim, ct);
                return;
            }
            catch (WrongExpectedVersionException) when (attempt < InvoiceWrites.Attempts)
            {
                // Another entry took or gave back the number meanwhile: decided again on the claim as it is now.
            }
        }
    }

    private static async Task SettleAsync(Func<Task> bookkeeping)
    {
        try
        {
            await bookkeeping();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
        }
    }
}
