using WellWon.Web.Api;

namespace WellWon.Web.Finance;

public static class FinanceScreensRegistration
{
    /// <summary>The finance screens' typed Api clients (ledger, purchase orders).</summary>
    public static IServiceCollection AddFinanceScreens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWellWonApi<LedgerApi>(configuration);
        services.AddWellWonApi<PurchaseOrdersApi>(configuration);
        return services;
    }
}
