using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace WellWon.Customs.Gateway;

/// <summary>The gateway did not answer usefully after every attempt (network, timeouts, 5xx), or refused the request (4xx but 404).</summary>
public sealed class CustomsGatewayUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Asks <c>GET {BaseUrl}/v1/declarations/{id}/status</c> with <c>Authorization: Bearer {ApiKey}</c>; 404 means the gateway does not
/// know the declaration yet (null). Network errors, timeouts, 429 and 5xx are retried with a doubling back-off; a malformed answer
/// is not (the same request gives the same answer).
/// </summary>
public sealed class CustomsGatewayClient(HttpClient http, IOptions<CustomsGatewayOptions> options)
{
    /// <summary>Requests sent since the start (for the job's figures and the tests).</summary>
    public int Requests => _requests;

    private int _requests;

    public Task<GatewayStatus?> StatusAsync(Guid declarationId, CancellationToken ct)
    {
        var settings = options.Value;
        var uri = new Uri(settings.BaseUri(), $"v1/declarations/{declarationId:D}/status");
        return http.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, uri) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey) } },
            response => response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound,
            async (response, token) => response.StatusCode == HttpStatusCode.NotFound
                ? null
                : GatewayStatusParser.Parse(await response.Content.ReadAsByteArrayAsync(token), declarationId),
            new Patience(settings.Attempts, settings.FirstRetryDelay, settings.RequestTimeout),
            "The customs gateway",
            (message, inner) => new CustomsGatewayUnavailableException(message, inner),
            () => Interlocked.Increment(ref _requests),
            ct);
    }
}
