using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Finance.Invoices.Features;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Platform.Database;
using WellWon.Platform.Projections;
using WellWon.Platform.Sagas;

namespace WellWon.Finance.Invoices;

/// <summary>Supplier invoices' part of the Finance module: writes, posting, the read model, the sagas, and their table.</summary>
public static class InvoicesModule
{
    public static Migration Migration(int version) => new(FinanceSchema.Module, version, "create supplier invoices",
        FinanceSchema.Schema + SupplierInvoicesProjection.CreateSql(SupplierInvoicesProjection.LiveTable));

    public static IServiceCollection AddSupplierInvoices(this IServiceCollection services)
    {
        services.TryAddScoped<InvoicePosting>();
        services.TryAddScoped<InvoiceWrites>();
        services.TryAddSingleton<InvoiceReader>();
        // A document review's "fill" of kind supplier-invoice enters the accepted values as an invoice against the PO named.
        services.AddScoped<WellWon.Documents.Features.IDocumentFill, SupplierInvoiceFill>();
        services.AddProjection<SupplierInvoicesProjection>();
        return services;
    }

    /// <summary>The event processor's part: re-matching on receipts, the ledger postings that heal a failed one, and the payments recorded on invoices.</summary>
    public static IServiceCollection AddSupplierInvoiceSagas(this IServiceCollection services)
    {
        services.AddSaga<InvoiceRematchSaga>();
        services.AddSaga<InvoiceLedgerSaga>();
        services.AddSaga<PrepaymentSetOffSaga>();
        services.AddSaga<SupplierInvoicePaymentSaga>();
        return services;
    }
}
