using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging.Abstractions;

namespace WellWon.AppHost.Tests;

/// <summary>
/// Customs' central bank and gateway settings in the model (nothing is started): what the AppHost is given reaches the Api, the
/// event processor and data-sync (rates) and data-sync alone (gateway, its key a secret parameter); nothing given, no service sees a <c>Customs__</c> key.
/// </summary>
public sealed class CustomsSettingsModelTests
{
    private static readonly string[] AllServices = ["api", "event-processor", "data-sync", "web"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rates_settings_given_to_the_apphost_reach_the_api_the_event_processor_and_data_sync_only()
    {
        var resources = await ModelFor(
            "executables", "--Customs:Rates:BaseUrl=http://127.0.0.1:5999/scripts/", "--Customs:Rates:Interval=00:00:02", "--Customs:Rates:RecentDays=3",
            "--Customs:Rates:Attempts=2", "--Customs:Rates:FirstRetryDelay=00:00:00.200", "--Customs:Rates:RequestTimeout=00:00:05");

        foreach (var name in new[] { "api", "event-processor", "data-sync" })
        {
            var env = await EnvironmentOf(Single(resources, name));
            Assert.Equal("http://127.0.0.1:5999/scripts/", env["Customs__Rates__BaseUrl"]);
            Assert.Equal("00:00:02", env["Customs__Rates__Interval"]);
            Assert.Equal("3", env["Customs__Rates__RecentDays"]);
            Assert.Equal("2", env["Customs__Rates__Attempts"]);
            Assert.Equal("00:00:00.200", env["Customs__Rates__FirstRetryDelay"]);
            Assert.Equal("00:00:05", env["Customs__Rates__RequestTimeout"]);
        }

        foreach (var name in new[] { "web" })
        {
            var env = await EnvironmentOf(Single(resources, name));
            Assert.DoesNotContain(env.Keys, k => k.StartsWith("Customs__", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Gateway_settings_given_to_the_apphost_reach_data_sync_only_with_the_key_as_a_secret_parameter()
    {
        var resources = await ModelFor(
            "executables", "--Customs:Gateway:BaseUrl=http://127.0.0.1:5998/gateway/", "--Customs:Gateway:ApiKey=gateway-key-1", "--Customs:Gateway:Interval=00:00:01",
            "--Customs:Gateway:Attempts=3", "--Customs:Gateway:FirstRetryDelay=00:00:00.100", "--Customs:Gateway:RequestTimeout=00:00:04");

        var dataSync = await EnvironmentOf(Single(resources, "data-sync"));
        Assert.Equal("http://127.0.0.1:5998/gateway/", dataSync["Customs__Gateway__BaseUrl"]);
        Assert.Equal("{customs-gateway-key.value}", dataSync["Customs__Gateway__ApiKey"]);
        Assert.Equal("00:00:01", dataSync["Customs__Gateway__Interval"]);
        Assert.Equal("3", dataSync["Customs__Gateway__Attempts"]);
        Assert.Equal("00:00:00.100", dataSync["Customs__Gateway__FirstRetryDelay"]);
        Assert.Equal("00:00:04", dataSync["Customs__Gateway__RequestTimeout"]);

        var key = Assert.IsType<ParameterResource>(Single(resources, "customs-gateway-key"));
        Assert.True(key.Secret);
        foreach (var name in new[] { "api", "event-processor", "web" })
        {
            var env = await EnvironmentOf(Single(resources, name));
            Assert.DoesNotContain(env.Keys, k => k.StartsWith("Customs__Gateway__", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("executables")]
    [InlineData("containers")]
    public async Task Nothing_given_leaves_every_service_on_its_own_defaults_and_asks_for_no_key(string mode)
    {
        var resources = await ModelFor(mode);

        Assert.DoesNotContain(resources, r => r.Name == "customs-gateway-key");
        foreach (var name in AllServices)
        {
            var env = await EnvironmentOf(Single(resources, name));
            Assert.DoesNotContain(env.Keys, k => k.StartsWith("Customs__", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Only_the_settings_given_are_passed_on()
    {
        var resources = await ModelFor("executables", "--Customs:Rates:BaseUrl=http://127.0.0.1:5999/", "--Customs:Gateway:Interval=00:00:03");

        var api = await EnvironmentOf(Single(resources, "api"));
        Assert.Equal("http://127.0.0.1:5999/", api["Customs__Rates__BaseUrl"]);
        Assert.Equal(["Customs__Rates__BaseUrl"], api.Keys.Where(k => k.StartsWith("Customs__", StringComparison.Ordinal)));
        var dataSync = await EnvironmentOf(Single(resources, "data-sync"));
        Assert.Equal(["Customs__Gateway__Interval", "Customs__Rates__BaseUrl"],
            dataSync.Keys.Where(k => k.StartsWith("Customs__", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(resources, r => r.Name == "customs-gateway-key");
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
