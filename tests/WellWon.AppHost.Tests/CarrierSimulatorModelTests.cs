using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging.Abstractions;

namespace WellWon.AppHost.Tests;

/// <summary>
/// The carrier simulator in the model (nothing is started): its port, key and health check, the built-in SIMU carrier the Api and
/// data-sync are given, the switch that leaves it out, and the logistics credentials key both services get either way.
/// </summary>
public sealed class CarrierSimulatorModelTests
{
    private const string Prefix = "Logistics__Tracking__Carriers__SIMU__";
    private static readonly string[] TrackingServices = ["api", "data-sync"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("executables")]
    [InlineData("containers")]
    public async Task The_simulator_runs_on_its_fixed_port_with_a_generated_key_and_a_health_check(string mode)
    {
        var resources = await ModelFor(mode);

        var simulator = Assert.IsType<ProjectResource>(Single(resources, "carrier-simulator"));
        var http = Assert.Single(simulator.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");
        Assert.Equal(5090, http.Port);
        Assert.Contains(simulator.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key.Contains("/health", StringComparison.Ordinal));
        var env = await EnvironmentOf(simulator, DistributedApplicationOperation.Publish);
        Assert.Equal("{carrier-simulator-key.value}", env["Simulator__ApiKey"]);

        var key = Assert.IsType<ParameterResource>(Single(resources, "carrier-simulator-key"));
        Assert.True(key.Secret);
        Assert.True(key.Default?.GetDefaultValue().Length >= 32);
    }

    [Fact]
    public async Task Api_and_data_sync_get_the_simulator_as_the_built_in_carrier_SIMU_and_data_sync_waits_for_it()
    {
        var resources = await ModelFor("executables");

        foreach (var name in TrackingServices)
        {
            var service = (ProjectResource)Single(resources, name);
            var env = await EnvironmentOf(service, DistributedApplicationOperation.Publish);
            Assert.Equal("WellWon Simulated Lines", env[$"{Prefix}Name"]);
            Assert.Equal("{carrier-simulator.bindings.http.url}/", env[$"{Prefix}BaseUrl"]);
            Assert.Equal("{carrier-simulator-key.value}", env[$"{Prefix}ApiKey"]);
            Assert.Equal("sea,air,rail,road", env[$"{Prefix}Modes"]);
        }

        Assert.Contains(Single(resources, "data-sync").Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "carrier-simulator");
        Assert.DoesNotContain(Single(resources, "api").Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "carrier-simulator");
        foreach (var name in new[] { "event-processor", "web" })
        {
            var env = await EnvironmentOf(Single(resources, name), DistributedApplicationOperation.Publish);
            Assert.DoesNotContain(env.Keys, k => k.StartsWith(Prefix, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_base_url_is_the_simulator_s_endpoint_when_running()
    {
        var resources = await ModelFor("executables", "--Ports:CarrierSimulator=5191");
        var simulator = (ProjectResource)Single(resources, "carrier-simulator");
        var http = simulator.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
        Assert.Equal(5191, http.Port);
        http.AllocatedEndpoint = new AllocatedEndpoint(http, "localhost", 5191);

        var env = await RunEnvironmentOf((ProjectResource)Single(resources, "data-sync"));

        var baseUrl = Assert.IsType<ReferenceExpression>(env[$"{Prefix}BaseUrl"]);
        Assert.Equal("http://localhost:5191/", await baseUrl.GetValueAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task Simulator_Enabled_false_leaves_it_out_and_the_services_without_the_SIMU_carrier()
    {
        var resources = await ModelFor("executables", "--Simulator:Enabled=false");

        Assert.DoesNotContain(resources, r => r.Name is "carrier-simulator" or "carrier-simulator-key");
        foreach (var name in TrackingServices)
        {
            var service = Single(resources, name);
            var env = await EnvironmentOf(service, DistributedApplicationOperation.Publish);
            Assert.DoesNotContain(env.Keys, k => k.StartsWith(Prefix, StringComparison.Ordinal));
            Assert.DoesNotContain(service.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "carrier-simulator");
            Assert.Equal("{logistics-credentials-key.value}", env["Logistics__CredentialsKey"]);
        }
    }

    [Fact]
    public async Task Simulator_settings_given_to_the_apphost_are_passed_on()
    {
        var resources = await ModelFor("executables", "--Simulator:LegDuration=00:00:30", "--Simulator:FailureRate=0.1");

        var env = await EnvironmentOf(Single(resources, "carrier-simulator"), DistributedApplicationOperation.Publish);

        Assert.Equal("00:00:30", env["Simulator__LegDuration"]);
        Assert.Equal("0.1", env["Simulator__FailureRate"]);
        Assert.False(env.ContainsKey("Simulator__TimeScale"));
    }

    [Fact]
    public async Task Tracking_settings_given_to_the_apphost_reach_the_api_and_data_sync_and_are_absent_otherwise()
    {
        var given = await ModelFor("executables", "--Logistics:Tracking:Interval=00:00:02", "--Logistics:Tracking:DelayThreshold=12:00:00");
        var plain = await ModelFor("executables");

        foreach (var name in TrackingServices)
        {
            var env = await EnvironmentOf(Single(given, name), DistributedApplicationOperation.Publish);
            Assert.Equal("00:00:02", env["Logistics__Tracking__Interval"]);
            Assert.Equal("12:00:00", env["Logistics__Tracking__DelayThreshold"]);
            var defaults = await EnvironmentOf(Single(plain, name), DistributedApplicationOperation.Publish);
            Assert.False(defaults.ContainsKey("Logistics__Tracking__Interval"));
            Assert.False(defaults.ContainsKey("Logistics__Tracking__DelayThreshold"));
        }
    }

    [Fact]
    public async Task Api_and_data_sync_get_a_generated_32_byte_logistics_credentials_key()
    {
        var resources = await ModelFor("executables");

        var key = Assert.IsType<ParameterResource>(Single(resources, "logistics-credentials-key"));
        Assert.True(key.Secret);
        Assert.Equal(32, Convert.FromBase64String(key.Default!.GetDefaultValue()).Length);
        foreach (var name in TrackingServices)
        {
            var env = await EnvironmentOf(Single(resources, name), DistributedApplicationOperation.Publish);
            Assert.Equal("{logistics-credentials-key.value}", env["Logistics__CredentialsKey"]);
        }

        var web = await EnvironmentOf(Single(resources, "web"), DistributedApplicationOperation.Publish);
        Assert.False(web.ContainsKey("Logistics__CredentialsKey"));
    }

    private static async Task<Dictionary<string, string>> EnvironmentOf(IResource resource, DistributedApplicationOperation operation)
    {
        var result = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(operation), NullLogger.Instance, Ct);
        Assert.Null(result.Exception);
        return result.EnvironmentVariables.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    // The environment callbacks as run mode calls them: references stay unresolved expressions.
    private static async Task<Dictionary<string, object>> RunEnvironmentOf(ProjectResource resource)
    {
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, [], Ct);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return new Dictionary<string, object>(context.EnvironmentVariables, StringComparer.Ordinal);
    }

    private static IResource Single(IEnumerable<IResource> resources, string name) => Assert.Single(resources, r => r.Name == name);

    private static async Task<IReadOnlyList<IResource>> ModelFor(string mode, params string[] flags)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.WellWon_AppHost>(
            [$"--Infra:Mode={mode}", $"--Infra:DataRoot={Path.GetTempPath()}", "--Infra:SkipContainerRuntimeCheck=true", .. flags], Ct);
        return [.. builder.Resources];
    }
}
