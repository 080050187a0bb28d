namespace WellWon.Web.Api;

public static class ApiClientRegistration
{
    /// <summary>
    /// A typed client for WellWon.Api: base address from service discovery (<c>https+http://api</c> under the AppHost) or
    /// <c>Api:BaseUrl</c> for a stand-alone run. Every client registered here sends the signed-in user's bearer token.
    /// </summary>
    public static IHttpClientBuilder AddWellWonApi<TClient>(this IServiceCollection services, IConfiguration configuration)
        where TClient : class =>
        services.AddHttpClient<TClient>(client => client.BaseAddress = ApiBaseAddress(configuration));

    public static Uri ApiBaseAddress(IConfiguration configuration) =>
        new(configuration["Api:BaseUrl"] ?? "https+http://api");
}
