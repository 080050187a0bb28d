using Microsoft.Extensions.Configuration;

namespace WellWon.AppHost;

/// <summary>
/// The local carrier simulator ("WellWon Simulated Lines", code SIMU) and the built-in carrier entry that points the Api and
/// data-sync at it. On whenever the AppHost runs locally, in either infrastructure mode (it is a local tool and needs neither
/// containers nor a database), off in a published manifest; <c>Simulator:Enabled=false</c> leaves it out. Its port is
/// <c>Ports:CarrierSimulator</c> (5090); <c>Simulator:LegDuration</c>, <c>TimeScale</c>, <c>Seed</c>, <c>RequestsPerMinute</c> and
/// <c>FailureRate</c> given to the AppHost are passed on to it.
/// </summary>
internal sealed class CarrierSimulator
{
    public const string ResourceName = "carrier-simulator";
    public const string CarrierCode = "SIMU";
    public const string CarrierName = "WellWon Simulated Lines";
    public const string Modes = "sea,air,rail,road";
    public const int DefaultPort = 5090;

    private static readonly string[] PassedOn = ["LegDuration", "TimeScale", "Seed", "RequestsPerMinute", "FailureRate"];

    private readonly IResourceBuilder<ProjectResource>? _simulator;
    private readonly IResourceBuilder<ParameterResource>? _key;

    private CarrierSimulator(IResourceBuilder<ProjectResource>? simulator, IResourceBuilder<ParameterResource>? key)
    {
        _simulator = simulator;
        _key = key;
    }

    public static CarrierSimulator AddTo(IDistributedApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Simulator");
        if (!(settings.GetValue<bool?>("Enabled") ?? builder.ExecutionContext.IsRunMode))
        {
            return new CarrierSimulator(null, null);
        }

        var key = builder.AddParameter("carrier-simulator-key", Secrets.Generated(32), secret: true, persist: true);
        var port = builder.Configuration.GetValue("Ports:CarrierSimulator", DefaultPort);
        var simulator = builder.AddProject<Projects.WellWon_CarrierSimulator>(ResourceName)
            .WithEndpoint("http", e => e.Port = port)
            .WithEnvironment("Simulator__ApiKey", key)
            .WithHttpHealthCheck("/health");
        foreach (var name in PassedOn)
        {
            if (settings[name] is { Length: > 0 } value)
            {
                simulator.WithEnvironment($"Simulator__{name}", value);
            }
        }

        return new CarrierSimulator(simulator, key);
    }

    /// <summary>Gives a service the simulator as a built-in carrier; <paramref name="waitFor"/> for the one that polls it.</summary>
    public IResourceBuilder<ProjectResource> ApplyTo(IResourceBuilder<ProjectResource> project, bool waitFor = false)
    {
        if (_simulator is null || _key is null)
        {
            return project;
        }

        const string prefix = $"Logistics__Tracking__Carriers__{CarrierCode}__";
        var endpoint = _simulator.GetEndpoint("http");
        project.WithEnvironment($"{prefix}Name", CarrierName)
            // A base URL with its slash, as the tracking API writes it, so relative paths resolve under it.
            .WithEnvironment($"{prefix}BaseUrl", ReferenceExpression.Create($"{endpoint}/"))
            .WithEnvironment($"{prefix}ApiKey", _key)
            .WithEnvironment($"{prefix}Modes", Modes)
            .WithReferenceRelationship(_simulator);
        if (waitFor)
        {
            project.WaitFor(_simulator);
        }

        return project;
    }
}
