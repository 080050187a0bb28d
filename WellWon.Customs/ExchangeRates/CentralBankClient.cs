using System.Globalization;
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

    public Task<CbrDailyRates> DailyAsync(DateOnly day, CancellationToken ct)
    {
        var settings = options.Value;
        var uri = new Uri(settings.BaseUri(), $"XML_daily.asp?date_req={day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}");
        return http.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, uri),
            response => response.IsSuccessStatusCode,
            async (response, token) => CbrDailyRatesParser.Parse(await response.Content.ReadAsByteArrayAsync(token)),
            new Patience(settings.Attempts, settings.FirstRetryDelay, settings.RequestTimeout),
            "The central bank",
            (message, inner) => new CentralBankUnavailableException(message, inner),
            () => Interlocked.Increment(ref _requests),
            ct);
    }
}
