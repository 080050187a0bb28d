using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Finance.Numbering;
using WellWon.Finance.Receivables.Features;
using WellWon.Platform.Database;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Projections;
using WellWon.Platform.Sagas;

namespace WellWon.Finance.Receivables;

/// <summary>Invoices to clients: writes, gap-free numbers, posting, the read model, the ledger saga and the table.</summary>
public static class ReceivablesModule
{
    public static Migration Migration(int version) => new(FinanceSchema.Module, version, "create invoices to clients",
        FinanceSchema.Schema + ClientInvoicesProjection.CreateSql(ClientInvoicesProjection.LiveTable));

    public static IServiceCollection AddReceivables(this IServiceCollection services)
    {
        services.TryAddSingleton<GapFreeNumbers>();
        services.TryAddScoped<ReceivablePosting>();
        services.TryAddScoped<ReceivableWrites>();
        services.TryAddSingleton<ClientInvoiceReader>();
        services.AddProjection<ClientInvoicesProjection>();
        return services;
    }

    /// <summary>The event processor's part: the ledger postings that heal one the Api could not make.</summary>
    public static IServiceCollection AddReceivablesSagas(this IServiceCollection services) => services.AddSaga<ReceivableLedgerSaga>();
}

/// <summary>Nothing to remember: every step reads the invoice's stream and posts idempotently.</summary>
public sealed record ReceivableLedgerState(Guid Id);

/// <summary>Posts every issued invoice to a client and every receipt against it, and reverses every cancelled issued one, whatever happened to the Api's own attempt.</summary>
public sealed class ReceivableLedgerSaga : Saga<ReceivableLedgerState>
{
    public ReceivableLedgerSaga()
    {
        On<ClientInvoiceIssued>(e => e.InvoiceId, (s, e, c, ct) => WriteAsync(s, e.InvoiceId, c, ct));
        On<ClientInvoiceCancelled>(e => e.InvoiceId, (s, e, c, ct) => WriteAsync(s, e.InvoiceId, c, ct));
        On<ClientInvoicePaymentReceived>(e => e.InvoiceId, (s, e, c, ct) => WriteAsync(s, e.InvoiceId, c, ct));
    }

    public override string Type => "finance.receivable-ledger";

    protected override ReceivableLedgerState Start(Guid sagaId) => new(sagaId);

    private static async Task<SagaStepResult> WriteAsync(ReceivableLedgerState state, Guid invoiceId, SagaContext context, CancellationToken ct)
    {
        var invoice = await context.Aggregates.TryLoadAsync<ClientInvoice>(invoiceId, ct);
        if (invoice is not { Exists: true, State.Number: not null })
        {
            return Continue(state);
        }

        context.Services.GetRequiredService<RequestContext>().TenantId = invoice.State.CompanyId;
        var posting = context.Services.GetRequiredService<ReceivablePosting>();
        await posting.PostAsync(invoiceId, invoice.State, ct);
        foreach (var receipt in invoice.State.Receipts)
        {
            // The receivable first, then each receipt against it; each post is answered as it was when made before.
            await posting.PostReceiptAsync(invoiceId, invoice.State, receipt, ct);
        }

        if (invoice.State.Status == ClientInvoiceStatuses.Cancelled)
        {
            await posting.ReverseAsync(invoiceId, invoice.State, ct);
        }

        return Continue(state);
    }
}
