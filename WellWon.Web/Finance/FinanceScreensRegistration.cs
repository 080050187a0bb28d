using WellWon.Web.Api;

namespace WellWon.Web.Finance;

public static class FinanceScreensRegistration
{
    /// <summary>The finance screens' typed Api clients (ledger, purchase orders, supplier invoices, payments, reports, invoices to clients).</summary>
    public static IServiceCollection AddFinanceScreens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWellWonApi<LedgerApi>(configuration);
        services.AddWellWonApi<PurchaseOrdersApi>(configuration);
        services.AddWellWonApi<SupplierInvoicesApi>(configuration);
        services.AddWellWonApi<PaymentsApi>(configuration);
        services.AddWellWonApi<FinanceReportsApi>(configuration);
        services.AddWellWonApi<ReceivablesApi>(configuration);
        return services;
    }
}
