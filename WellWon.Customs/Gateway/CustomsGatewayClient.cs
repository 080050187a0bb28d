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

    public async Task<GatewayStatus?> StatusAsync(Guid declarationId, CancellationToken ct)
    {
        var settings = options.Value;
        var uri = new Uri(settings.BaseUri(), $"v1/declarations/{declarationId:D}/status");
        var delay = settings.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            Interlocked.Increment(ref _requests);
            string failure;
            Exception? error = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(settings.RequestTimeout);
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                if (response.IsSuccessStatusCode)
                {
                    return GatewayStatusParser.Parse(await response.Content.ReadAsByteArrayAsync(timeout.Token), declarationId);
                }

                failure = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    throw new CustomsGatewayUnavailableException($"The customs gateway refused {uri}: {failure}.");
                }
            }
            catch (HttpRequestException e)
            {
                (failure, error) = (e.Message, e);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                (failure, error) = ($"no answer within {settings.RequestTimeout}", e);
            }

            if (attempt >= settings.Attempts)
            {
                throw new CustomsGatewayUnavailableException($"The customs gateway did not answer {uri} after {attempt} attempts: {failure}.", error);
            }

            await Task.Delay(delay, ct);
            delay *= 2;
        }
    }
}
