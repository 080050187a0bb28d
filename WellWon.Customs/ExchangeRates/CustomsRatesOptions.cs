namespace WellWon.Customs.ExchangeRates;

/// <summary>
/// <c>Customs:Rates</c>: where the central bank's daily rates are read (<see cref="BaseUrl"/>, the folder holding
/// <c>XML_daily.asp</c>), how often the data-sync job runs, how many past days it fills in, and how a failed request is retried.
/// </summary>
public sealed class CustomsRatesOptions
{
    public const string Section = "Customs:Rates";

    public const string DefaultBaseUrl = "https://www.cbr.ru/scripts/";

    public string BaseUrl { get; set; } = DefaultBaseUrl;

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(3);

    /// <summary>The days before today the job fetches when they were never fetched (a week covers weekends and short holidays).</summary>
    public int RecentDays { get; set; } = 10;

    /// <summary>Requests per day's fetch, the first included.</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>The wait before the first retry; each later one waits twice as long.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The base URL as an absolute folder URI (a trailing slash added), so <c>XML_daily.asp</c> resolves inside it.</summary>
    public Uri BaseUri() => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);
}
