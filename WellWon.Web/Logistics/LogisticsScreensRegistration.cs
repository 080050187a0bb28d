using WellWon.Web.Api;

namespace WellWon.Web.Logistics;

public static class LogisticsScreensRegistration
{
    /// <summary>The logistics screens' typed Api clients (shipments, warehouses); they share the chat screens' hub connection.</summary>
    public static IServiceCollection AddLogisticsScreens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWellWonApi<ShipmentsApi>(configuration);
        services.AddWellWonApi<WarehousesApi>(configuration);
        return services;
    }
}
