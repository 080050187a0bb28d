using Microsoft.Extensions.Configuration;

namespace WellWon.AppHost;

/// <summary>
/// Customs' outside services, read from the AppHost's own configuration and passed on only when given, so <c>./wellwon up</c> keeps
/// the services' defaults. <c>Customs:Rates:*</c> (the central bank: <c>BaseUrl</c>, <c>Interval</c>, <c>RecentDays</c>,
/// <c>Attempts</c>, <c>FirstRetryDelay</c>, <c>RequestTimeout</c>) reaches the Api and the event processor, which fetch a missing day
/// on demand (Customs' calculations, Finance's approvals and foreign-currency postings), and data-sync, whose job stores them; <c>Customs:Gateway:*</c> (<c>BaseUrl</c>, <c>Interval</c>, <c>Attempts</c>,
/// <c>FirstRetryDelay</c>, <c>RequestTimeout</c>, and <c>ApiKey</c> as a secret parameter) reaches data-sync, whose status job polls it.
/// </summary>
internal sealed class CustomsSettings
{
    public const string GatewayKeyParameter = "customs-gateway-key";

    private static readonly string[] RatesPassedOn = ["BaseUrl", "Interval", "RecentDays", "Attempts", "FirstRetryDelay", "RequestTimeout"];
    private static readonly string[] GatewayPassedOn = ["BaseUrl", "Interval", "Attempts", "FirstRetryDelay", "RequestTimeout"];

    private readonly IReadOnlyDictionary<string, string> _rates;
    private readonly IReadOnlyDictionary<string, string> _gateway;
    private readonly IResourceBuilder<ParameterResource>? _gatewayKey;

    private CustomsSettings(IReadOnlyDictionary<string, string> rates, IReadOnlyDictionary<string, string> gateway, IResourceBuilder<ParameterResource>? gatewayKey)
    {
        _rates = rates;
        _gateway = gateway;
        _gatewayKey = gatewayKey;
    }

    public static CustomsSettings From(IDistributedApplicationBuilder builder)
    {
        var gatewayKey = builder.Configuration["Customs:Gateway:ApiKey"];
        return new CustomsSettings(
            Given(builder.Configuration.GetSection("Customs:Rates"), RatesPassedOn),
            Given(builder.Configuration.GetSection("Customs:Gateway"), GatewayPassedOn),
            string.IsNullOrWhiteSpace(gatewayKey) ? null : builder.AddParameter(GatewayKeyParameter, gatewayKey, secret: true));
    }

    /// <summary>Gives a service the central bank settings the AppHost was given (the Api and the event processor fetch a day on demand, data-sync on schedule).</summary>
    public IResourceBuilder<ProjectResource> ApplyRatesTo(IResourceBuilder<ProjectResource> project)
    {
        foreach (var (name, value) in _rates)
        {
            project.WithEnvironment($"Customs__Rates__{name}", value);
        }

        return project;
    }

    /// <summary>Gives the service that runs the customs-status job the gateway settings the AppHost was given.</summary>
    public IResourceBuilder<ProjectResource> ApplyGatewayTo(IResourceBuilder<ProjectResource> project)
    {
        foreach (var (name, value) in _gateway)
        {
            project.WithEnvironment($"Customs__Gateway__{name}", value);
        }

        if (_gatewayKey is not null)
        {
            project.WithEnvironment("Customs__Gateway__ApiKey", _gatewayKey);
        }

        return project;
    }

    private static Dictionary<string, string> Given(IConfigurationSection section, string[] names)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (section[name] is { Length: > 0 } value)
            {
                given[name] = value;
            }
        }

        return given;
    }
}
