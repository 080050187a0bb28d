using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace WellWon.CarrierSimulator.Tests;

/// <summary>The key, the rate limit and the simulated outages in front of the feed; the status page and health behind none.</summary>
public sealed class GateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("")]
    public async Task Without_the_right_key_every_v1_request_is_401(string? key)
    {
        await using var simulator = new SimulatorFactory();
        using var client = simulator.Carrier(key);

        using var events = await client.Events("WW-1", null, null, Ct);
        using var subscribe = await client.Subscribe("WW-1", Tracking.Body("WW-1", "sea", Tracking.TwoSeaLegs), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, subscribe.StatusCode);
        Assert.Equal("Bearer", events.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Over_the_rate_limit_is_429_with_retry_after_until_the_minute_is_over()
    {
        await using var simulator = new SimulatorFactory(("Simulator:RequestsPerMinute", "3"));
        using var carrier = simulator.Carrier();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await carrier.Events("WW-1", null, null, Ct);
            Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        }

        simulator.Clock.Advance(TimeSpan.FromSeconds(20));
        using var limited = await carrier.Events("WW-1", null, null, Ct);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(40), limited.Headers.RetryAfter?.Delta);

        simulator.Clock.Advance(TimeSpan.FromSeconds(40));
        using var again = await carrier.Events("WW-1", null, null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_failure_rate_answers_503_and_leaves_status_and_health_alone()
    {
        await using var simulator = new SimulatorFactory(("Simulator:FailureRate", "1"));
        using var carrier = simulator.Carrier();

        using var failed = await carrier.Events("WW-1", null, null, Ct);
        using var health = await carrier.GetAsync(new Uri("/health", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var status = await carrier.GetFromJsonAsync<JsonElement>(new Uri("/", UriKind.Relative), Ct);
        Assert.Equal(1, status.GetProperty("requestsFailed").GetInt32());
    }

    [Fact]
    public async Task The_status_page_counts_subscriptions_and_events_without_a_key()
    {
        await using var simulator = new SimulatorFactory();
        using var carrier = simulator.Carrier();
        (await carrier.Subscribe("WW-1", Tracking.Body("WW-1", "sea", Tracking.TwoSeaLegs), Ct)).Dispose();
        (await carrier.Subscribe("WW-2", Tracking.Body("WW-2", "sea", Tracking.TwoSeaLegs), Ct)).Dispose();
        simulator.Clock.Advance(TimeSpan.FromSeconds(16));   // each picked up and departed

        using var anonymous = simulator.Carrier(key: null);
        var status = await anonymous.GetFromJsonAsync<JsonElement>(new Uri("/", UriKind.Relative), Ct);

        Assert.Equal("SIMU", status.GetProperty("code").GetString());
        Assert.Equal("WellWon Simulated Lines", status.GetProperty("carrier").GetString());
        Assert.Equal(2, status.GetProperty("subscriptions").GetInt32());
        Assert.Equal(4, status.GetProperty("eventsProduced").GetInt32());
        Assert.Equal("departed", status.GetProperty("shipments")[0].GetProperty("lastEvent").GetString());
    }

    [Fact]
    public async Task Without_an_api_key_the_simulator_refuses_to_start_and_says_why()
    {
        await using var simulator = new SimulatorFactory(("Simulator:ApiKey", ""));

        var error = Assert.ThrowsAny<Exception>(() => simulator.Server);

        Assert.Contains("Simulator:ApiKey is required", error.ToString());
    }
}
