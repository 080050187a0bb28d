using WellWon.Web.Api;

namespace WellWon.Web.Customs;

public static class CustomsScreensRegistration
{
    /// <summary>The customs screens' typed Api client (declarations, HS codes, landed costs).</summary>
    public static IServiceCollection AddCustomsScreens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWellWonApi<CustomsApi>(configuration);
        return services;
    }
}
