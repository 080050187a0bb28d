namespace WellWon.Customs.Gateway;

/// <summary>
/// <c>Customs:Gateway</c>: where the customs gateway answers (<see cref="BaseUrl"/>; empty, the default, turns the status job off),
/// its bearer key, how often the job polls, and how a failed request is retried.
/// </summary>
public sealed class CustomsGatewayOptions
{
    public const string Section = "Customs:Gateway";

    public string BaseUrl { get; set; } = string.Empty;

    public string ApiKey { get; set; } = string.Empty;

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests per declaration's poll, the first included.</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>The wait before the first retry; each later one waits twice as long.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>The base URL as an absolute folder URI (a trailing slash added), so <c>v1/…</c> resolves inside it.</summary>
    public Uri BaseUri() => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);
}
