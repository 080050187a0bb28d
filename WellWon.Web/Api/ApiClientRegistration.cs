using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Web.Session;

namespace WellWon.Web.Api;

public static class ApiClientRegistration
{
    /// <summary>
    /// A typed client for WellWon.Api: base address from service discovery (<c>https+http://api</c> under the AppHost) or
    /// <c>Api:BaseUrl</c> for a stand-alone run. Every client registered here sends the signed-in user's bearer token
    /// (<see cref="ApiBearerHandler"/>): refreshed when near expiry, and a 401 problem (<see cref="ApiBearerHandler.SessionEndedCode"/>)
    /// without a call when the session has ended.
    /// </summary>
    public static IHttpClientBuilder AddWellWonApi<TClient>(this IServiceCollection services, IConfiguration configuration)
        where TClient : class
    {
        services.AddHttpContextAccessor();
        services.TryAddSingleton<CircuitServicesAccessor>();
        services.TryAddTransient<ApiBearerHandler>();
        return services.AddHttpClient<TClient>(client => client.BaseAddress = ApiBaseAddress(configuration))
            .AddHttpMessageHandler<ApiBearerHandler>();
    }

    /// <summary>A client for the Api that sends no user's token: the Web's own calls while it signs users in and out.</summary>
    public static IHttpClientBuilder AddAnonymousWellWonApi<TClient>(this IServiceCollection services, IConfiguration configuration)
        where TClient : class =>
        services.AddHttpClient<TClient>(client => client.BaseAddress = ApiBaseAddress(configuration));

    public static Uri ApiBaseAddress(IConfiguration configuration) =>
        new(configuration["Api:BaseUrl"] ?? "https+http://api");
}
