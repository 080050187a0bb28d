using Microsoft.Extensions.DependencyInjection;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.Features;
using WellWon.Finance.Payments;
using WellWon.Finance.PurchaseOrders;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Sagas;

namespace WellWon.Finance.Invoices;

/// <summary>Nothing to remember: every step reads the streams it needs and is idempotent.</summary>
public sealed record InvoiceFollowUpState(Guid Id);

/// <summary>
/// Matches a purchase order's held invoices again when its received quantities change (the fulfilment saga recorded warehouse
/// receipts) or another invoice stops billing its lines; a held invoice whose goods have now arrived becomes matched, approved and
/// posted. A repeated or late event finds the match unchanged and records nothing.
/// </summary>
public sealed class InvoiceRematchSaga : Saga<InvoiceFollowUpState>
{
    public InvoiceRematchSaga()
    {
        On<PurchaseOrderFulfilmentRecorded>(e => e.PurchaseOrderId, (s, e, c, ct) => RematchAsync(s, e.PurchaseOrderId, c, ct));
        On<PurchaseOrderInvoiceReleased>(e => e.PurchaseOrderId, (s, e, c, ct) => RematchAsync(s, e.PurchaseOrderId, c, ct));
    }

    public override string Type => "finance.invoice-rematch";

    protected override InvoiceFollowUpState Start(Guid sagaId) => new(sagaId);

    private static async Task<SagaStepResult> RematchAsync(InvoiceFollowUpState state, Guid purchaseOrderId, SagaContext context, CancellationToken ct)
    {
        await context.Services.GetRequiredService<InvoiceWrites>().RematchAsync(purchaseOrderId, ct);
        return Continue(state);
    }
}

/// <summary>
/// Posts every approved invoice to the ledger and reverses every cancelled one's entry, whatever happened to the Api's own attempt:
/// the entry's client id is the invoice's, so a second post or reversal answers the first.
/// </summary>
public sealed class InvoiceLedgerSaga : Saga<InvoiceFollowUpState>
{
    public InvoiceLedgerSaga()
    {
        On<SupplierInvoiceApproved>(e => e.InvoiceId, (s, e, c, ct) => WriteAsync(s, e.InvoiceId, reverse: false, c, ct));
        On<SupplierInvoiceCancelled>(e => e.InvoiceId, (s, e, c, ct) => WriteAsync(s, e.InvoiceId, reverse: true, c, ct));
    }

    public override string Type => "finance.invoice-ledger";

    protected override InvoiceFollowUpState Start(Guid sagaId) => new(sagaId);

    private static async Task<SagaStepResult> WriteAsync(InvoiceFollowUpState state, Guid invoiceId, bool reverse, SagaContext context, CancellationToken ct)
    {
        var invoice = await context.Aggregates.TryLoadAsync<SupplierInvoice>(invoiceId, ct);
        if (invoice is not { Exists: true })
        {
            return Continue(state);
        }

        context.Services.GetRequiredService<RequestContext>().TenantId = invoice.State.CompanyId;
        var posting = context.Services.GetRequiredService<InvoicePosting>();
        if (reverse)
        {
            await posting.ReverseAsync(invoiceId, invoice.State, ct);
        }
        else if (invoice.State.Approval is not null)
        {
            await posting.PostAsync(invoiceId, invoice.State, ct);
        }

        return Continue(state);
    }
}

/// <summary>
/// Sets a purchase order's prepayment off against the order's approved invoices when the bank confirms it: an invoice approved while
/// the prepayment was still on its way posted the whole payable, and without this the advance would stay on 1310 for good. The
/// entries' ids come from the invoice and the payment, so a redelivered or replayed completion posts nothing twice.
/// </summary>
public sealed class PrepaymentSetOffSaga : Saga<InvoiceFollowUpState>
{
    public PrepaymentSetOffSaga() =>
        On<PaymentOrderCompleted>(e => e.PaymentOrderId, (s, e, c, ct) => SetOffAsync(s, e, c, ct));

    public override string Type => "finance.prepayment-set-off";

    protected override InvoiceFollowUpState Start(Guid sagaId) => new(sagaId);

    private static async Task<SagaStepResult> SetOffAsync(InvoiceFollowUpState state, PaymentOrderCompleted e, SagaContext context, CancellationToken ct)
    {
        if (e.PurposeKind == PaymentPurposes.Prepayment)
        {
            context.Services.GetRequiredService<RequestContext>().TenantId = e.CompanyId;
            await context.Services.GetRequiredService<InvoicePosting>().SetOffPrepaymentAsync(
                new CompletedPrepayment(e.PaymentOrderId, e.CompanyId, e.PurposeId, e.Amount, e.Currency, e.CompletedAt), ct);
        }

        return Complete(state);
    }
}

/// <summary>
/// Records on a supplier invoice each payment order that paid it when the bank confirms the order, so the invoice turns paid once
/// payments and set-off prepayments cover it. The invoice remembers the payment orders it recorded, so a redelivered or replayed
/// completion records nothing.
/// </summary>
public sealed class SupplierInvoicePaymentSaga : Saga<InvoiceFollowUpState>
{
    public SupplierInvoicePaymentSaga() =>
        On<PaymentOrderCompleted>(e => e.PaymentOrderId, (s, e, c, ct) => RecordAsync(s, e, c, ct));

    public override string Type => "finance.supplier-invoice-payment";

    protected override InvoiceFollowUpState Start(Guid sagaId) => new(sagaId);

    private static async Task<SagaStepResult> RecordAsync(InvoiceFollowUpState state, PaymentOrderCompleted e, SagaContext context, CancellationToken ct)
    {
        if (e.PurposeKind == PaymentPurposes.SupplierInvoice)
        {
            await context.Services.GetRequiredService<InvoiceWrites>().RecordPaymentAsync(
                e.PurposeId, e.CompanyId, e.PaymentOrderId, e.Amount, e.Currency, e.CompletedAt, ct);
        }

        return Complete(state);
    }
}
