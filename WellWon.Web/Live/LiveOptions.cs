using Microsoft.AspNetCore.Http.Connections.Client;

namespace WellWon.Web.Live;

/// <summary>Where the hub is and how the connection waits between attempts to come back.</summary>
public sealed class LiveOptions
{
    public const string HubPath = "/hubs/wellwon";

    /// <summary>The hub's absolute address; when null, the Api's address from configuration (see <see cref="HubAddress"/>).</summary>
    public Uri? HubUrl { get; set; }

    /// <summary>Waits before each attempt to come back; the last one repeats for ever (a circuit outlives an Api restart).</summary>
    public IReadOnlyList<TimeSpan> ReconnectDelays { get; set; } =
        [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)];

    /// <summary>Extra transport settings (a test server's handler, a transport); applied after the access token provider.</summary>
    public Action<HttpConnectionOptions>? ConfigureConnection { get; set; }
}

/// <summary>
/// The hub's address. A HubConnection's WebSocket does not go through service discovery, so the Api's endpoint is read from the
/// same configuration the AppHost injects (<c>services:api:https:0</c>, then <c>http</c>), or <c>Api:BaseUrl</c> when set.
/// </summary>
public static class HubAddress
{
    public static Uri Resolve(IConfiguration configuration)
    {
        var baseUrl = configuration["Api:BaseUrl"] ?? configuration["services:api:https:0"] ?? configuration["services:api:http:0"];
        if (baseUrl is null || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttp && api.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException(
                "The Api's address for the real-time hub is unknown: set Api:BaseUrl, or run under the AppHost with a reference to 'api'.");
        }

        return new Uri(api, LiveOptions.HubPath);
    }
}
