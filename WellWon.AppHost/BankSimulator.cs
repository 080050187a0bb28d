using Microsoft.Extensions.Configuration;

namespace WellWon.AppHost;

/// <summary>
/// The bank payment orders go through. Locally, the simulated bank ("WellWon Simulated Bank") on <c>Ports:BankSimulator</c> (5095)
/// with a generated key, on whenever the AppHost runs (in either infrastructure mode), off in a published manifest, and off with
/// <c>BankSimulator:Enabled=false</c> or when the AppHost is given a real bank (<c>Finance:Bank:BaseUrl</c>, with
/// <c>Finance:Bank:ApiKey</c> as a secret parameter). The Api (which refuses payments without a bank), the event processor (the
/// payment saga) and data-sync (the confirmations job) get <c>Finance__Bank__BaseUrl</c> and <c>Finance__Bank__ApiKey</c>.
/// </summary>
internal sealed class BankSimulator
{
    public const string ResourceName = "bank-simulator";
    public const string KeyParameter = "bank-simulator-key";
    public const string RealKeyParameter = "finance-bank-key";
    public const int DefaultPort = 5095;

    private static readonly string[] PassedOn = ["Spread", "QuoteValidity", "ConfirmAfter"];

    private readonly IResourceBuilder<ProjectResource>? _simulator;
    private readonly IResourceBuilder<ParameterResource>? _key;
    private readonly string? _realBaseUrl;

    private BankSimulator(IResourceBuilder<ProjectResource>? simulator, IResourceBuilder<ParameterResource>? key, string? realBaseUrl)
    {
        _simulator = simulator;
        _key = key;
        _realBaseUrl = realBaseUrl;
    }

    public static BankSimulator AddTo(IDistributedApplicationBuilder builder)
    {
        if (builder.Configuration["Finance:Bank:BaseUrl"] is { Length: > 0 } realBaseUrl)
        {
            var realKey = builder.Configuration["Finance:Bank:ApiKey"];
            return new BankSimulator(null, string.IsNullOrWhiteSpace(realKey) ? null : builder.AddParameter(RealKeyParameter, realKey, secret: true), realBaseUrl);
        }

        var settings = builder.Configuration.GetSection("BankSimulator");
        if (!(settings.GetValue<bool?>("Enabled") ?? builder.ExecutionContext.IsRunMode))
        {
            return new BankSimulator(null, null, null);
        }

        var key = builder.AddParameter(KeyParameter, Secrets.Generated(32), secret: true, persist: true);
        var port = builder.Configuration.GetValue("Ports:BankSimulator", DefaultPort);
        var simulator = builder.AddProject<Projects.WellWon_BankSimulator>(ResourceName)
            .WithEndpoint("http", e => e.Port = port)
            .WithEnvironment("Bank__ApiKey", key)
            .WithHttpHealthCheck("/health");
        foreach (var name in PassedOn)
        {
            if (settings[name] is { Length: > 0 } value)
            {
                simulator.WithEnvironment($"Bank__{name}", value);
            }
        }

        return new BankSimulator(simulator, key, null);
    }

    /// <summary>Gives a service the bank: the simulator's endpoint and key, or the real bank's settings the AppHost was given.</summary>
    public IResourceBuilder<ProjectResource> ApplyTo(IResourceBuilder<ProjectResource> project)
    {
        if (_realBaseUrl is not null)
        {
            project.WithEnvironment("Finance__Bank__BaseUrl", _realBaseUrl);
            if (_key is not null)
            {
                project.WithEnvironment("Finance__Bank__ApiKey", _key);
            }

            return project;
        }

        if (_simulator is null || _key is null)
        {
            return project;
        }

        // A base URL with its slash, so the gateway's relative paths resolve under it.
        return project.WithEnvironment("Finance__Bank__BaseUrl", ReferenceExpression.Create($"{_simulator.GetEndpoint("http")}/"))
            .WithEnvironment("Finance__Bank__ApiKey", _key)
            .WithReferenceRelationship(_simulator);
    }
}
