using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging.Abstractions;

namespace WellWon.AppHost.Tests;

/// <summary>
/// The simulated bank in the model (nothing is started): its port, key and health check; the Api, the event processor and data-sync
/// given it as Finance's bank; the switch that leaves it out; and a real bank named to the AppHost taking its place.
/// </summary>
public sealed class BankSimulatorModelTests
{
    private static readonly string[] PaymentServices = ["api", "event-processor", "data-sync"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("executables")]
    [InlineData("containers")]
    public async Task The_bank_runs_on_its_fixed_port_with_a_generated_key_and_a_health_check(string mode)
    {
        var resources = await ModelFor(mode);

        var bank = Assert.IsType<ProjectResource>(Single(resources, "bank-simulator"));
        var http = Assert.Single(bank.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");
        Assert.Equal(5095, http.Port);
        Assert.Contains(bank.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key.Contains("/health", StringComparison.Ordinal));
        Assert.Equal("{bank-simulator-key.value}", (await EnvironmentOf(bank))["Bank__ApiKey"]);
        var key = Assert.IsType<ParameterResource>(Single(resources, "bank-simulator-key"));
        Assert.True(key.Secret);
    }

    [Fact]
    public async Task The_api_the_event_processor_and_data_sync_get_the_simulator_as_finance_s_bank_and_web_does_not()
    {
        var resources = await ModelFor("executables", "--BankSimulator:ConfirmAfter=00:00:02");

        foreach (var name in PaymentServices)
        {
            var env = await EnvironmentOf(Single(resources, name));
            Assert.Equal("{bank-simulator.bindings.http.url}/", env["Finance__Bank__BaseUrl"]);
            Assert.Equal("{bank-simulator-key.value}", env["Finance__Bank__ApiKey"]);
        }

        Assert.DoesNotContain((await EnvironmentOf(Single(resources, "web"))).Keys, k => k.StartsWith("Finance__Bank__", StringComparison.Ordinal));
        Assert.Equal("00:00:02", (await EnvironmentOf(Single(resources, "bank-simulator")))["Bank__ConfirmAfter"]);
    }

    [Fact]
    public async Task BankSimulator_Enabled_false_leaves_it_out_and_the_services_without_a_bank()
    {
        var resources = await ModelFor("executables", "--BankSimulator:Enabled=false");

        Assert.DoesNotContain(resources, r => r.Name is "bank-simulator" or "bank-simulator-key");
        foreach (var name in PaymentServices)
        {
            Assert.DoesNotContain((await EnvironmentOf(Single(resources, name))).Keys, k => k.StartsWith("Finance__Bank__", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_real_bank_given_to_the_apphost_replaces_the_simulator_with_its_key_as_a_secret()
    {
        var resources = await ModelFor("executables", "--Finance:Bank:BaseUrl=https://bank.example/api/", "--Finance:Bank:ApiKey=real-key");

        Assert.DoesNotContain(resources, r => r.Name == "bank-simulator");
        Assert.True(Assert.IsType<ParameterResource>(Single(resources, "finance-bank-key")).Secret);
        foreach (var name in PaymentServices)
        {
            var env = await EnvironmentOf(Single(resources, name));
            Assert.Equal("https://bank.example/api/", env["Finance__Bank__BaseUrl"]);
            Assert.Equal("{finance-bank-key.value}", env["Finance__Bank__ApiKey"]);
        }
    }

    private static async Task<Dictionary<string, string>> EnvironmentOf(IResource resource)
    {
        var result = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), NullLogger.Instance, Ct);
        Assert.Null(result.Exception);
        return result.EnvironmentVariables.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    private static IResource Single(IEnumerable<IResource> resources, string name) => Assert.Single(resources, r => r.Name == name);

    private static async Task<IReadOnlyList<IResource>> ModelFor(string mode, params string[] flags)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.WellWon_AppHost>(
            [$"--Infra:Mode={mode}", $"--Infra:DataRoot={Path.GetTempPath()}", "--Infra:SkipContainerRuntimeCheck=true", .. flags], Ct);
        return [.. builder.Resources];
    }
}
