using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace WellWon.Customs.ExchangeRates;

/// <summary>The central bank did not answer usefully after every attempt (network, timeouts, 5xx), or refused the request (4xx).</summary>
public sealed class CentralBankUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Fetches <c>XML_daily.asp?date_req=dd/mm/yyyy</c> from <c>Customs:Rates:BaseUrl</c>. Network errors, timeouts, 429 and 5xx are
/// retried with a doubling back-off; a malformed answer is not (the same request gives the same answer) and stores nothing.
/// </summary>
public sealed class CentralBankClient(HttpClient http, IOptions<CustomsRatesOptions> options)
{
    /// <summary>Requests sent since the start (for the job's figures and the tests).</summary>
    public int Requests => _requests;

    private int _requests;

    public async Task<CbrDailyRates> DailyAsync(DateOnly day, CancellationToken ct)
    {
        var settings = options.Value;
        var uri = new Uri(settings.BaseUri(), $"XML_daily.asp?date_req={day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}");
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
                using var response = await http.GetAsync(uri, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return CbrDailyRatesParser.Parse(await response.Content.ReadAsByteArrayAsync(timeout.Token));
                }

                failure = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    throw new CentralBankUnavailableException($"The central bank refused {uri}: {failure}.");
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
                throw new CentralBankUnavailableException($"The central bank did not answer {uri} after {attempt} attempts: {failure}.", error);
            }

            await Task.Delay(delay, ct);
            delay *= 2;
        }
    }
}
