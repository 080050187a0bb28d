using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Web.Api;
using WellWon.Web.Live;

namespace WellWon.Web;

public static class WebScreensRegistration
{
    /// <summary>The chat and administration screens' services: their typed Api clients and the circuit's hub connection.</summary>
    public static IServiceCollection AddChatAndAdminScreens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWellWonApi<ChatApi>(configuration);
        services.AddWellWonApi<AdminApi>(configuration);
        services.AddOptions<LiveOptions>();
        // Scoped = one per circuit: each browser tab has its own connection and groups.
        services.AddScoped<LiveConnection>();
        services.AddScoped<ILiveUpdates>(sp => sp.GetRequiredService<LiveConnection>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
