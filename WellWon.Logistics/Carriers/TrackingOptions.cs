using Microsoft.Extensions.Options;
using WellWon.Logistics.Domain;

namespace WellWon.Logistics.Carriers;

/// <summary>Carrier tracking, bound from <c>Logistics:Tracking</c>.</summary>
public sealed class TrackingOptions
{
    public const string Section = "Logistics:Tracking";

    /// <summary>How often the data-sync role reads the carriers' feeds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How far past the ETA planned at booking the final arrival may slip before the shipment counts as delayed.</summary>
    public TimeSpan DelayThreshold { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long one call to a carrier's feed may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a call that met a 5xx, a 429 or a network failure is tried in all.</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>The first back-off after a transient failure (doubled each time, with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts, a carrier's Retry-After included.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Events asked for per page (the feed allows 1 to 500).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Carriers every company may use, by code (<c>Logistics:Tracking:Carriers:SIMU:BaseUrl</c>); the local simulator comes this way.</summary>
    public Dictionary<string, BuiltInCarrierOptions> Carriers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A built-in carrier: <see cref="Modes"/> is a comma-separated list (all modes when empty).</summary>
public sealed class BuiltInCarrierOptions
{
    public string? Name { get; set; }

    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    public string? Modes { get; set; }

    public int RequestsPerMinute { get; set; } = CarrierRules.DefaultRequestsPerMinute;
}

internal sealed class TrackingOptionsValidator : IValidateOptions<TrackingOptions>
{
    public ValidateOptionsResult Validate(string? name, TrackingOptions options)
    {
        List<string> failures = [];
        if (options.Interval <= TimeSpan.Zero)
        {
            failures.Add("Logistics:Tracking:Interval must be positive.");
        }

        if (options.DelayThreshold <= TimeSpan.Zero)
        {
            failures.Add("Logistics:Tracking:DelayThreshold must be positive.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.Attempts < 1 || options.PageSize is < 1 or > 500)
        {
            failures.Add("Logistics:Tracking needs a positive RequestTimeout, at least 1 attempt and a PageSize of 1 to 500.");
        }

        foreach (var (code, carrier) in options.Carriers)
        {
            if (CarrierRules.CheckCode(CarrierRules.NormalizeCode(code), []) is not null)
            {
                failures.Add($"Logistics:Tracking:Carriers:{code}: a code has 2 to 10 upper-case letters and digits.");
            }

            if (carrier.BaseUrl is not { } url || !CarrierRules.IsHttpUrl(url))
            {
                failures.Add($"Logistics:Tracking:Carriers:{code}:BaseUrl must be an absolute http or https URL.");
            }

            if (carrier.RequestsPerMinute is < 1 or > CarrierRules.MaxRequestsPerMinute)
            {
                failures.Add($"Logistics:Tracking:Carriers:{code}:RequestsPerMinute must be 1 to {CarrierRules.MaxRequestsPerMinute}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
