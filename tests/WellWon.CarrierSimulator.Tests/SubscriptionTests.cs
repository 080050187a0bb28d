using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace WellWon.CarrierSimulator.Tests;

/// <summary>Subscribing, changing and stopping, and what a bad request is told.</summary>
public sealed class SubscriptionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Subscribing_twice_with_the_same_body_answers_the_same_and_keeps_the_voyage()
    {
        await using var simulator = new SimulatorFactory();
        using var carrier = simulator.Carrier();
        var reference = VoyageTests.LateOnFirstLeg();
        var body = Tracking.Body(reference, "sea", Tracking.TwoSeaLegs);

        using var first = await carrier.Subscribe(reference, body, Ct);
        simulator.Clock.Advance(TimeSpan.FromSeconds(20));
        using var second = await carrier.Subscribe(reference, body, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var expected = $$"""{"reference":"{{reference}}","status":"active"}""";
        Assert.Equal(expected, await first.Content.ReadAsStringAsync(Ct));
        Assert.Equal(expected, await second.Content.ReadAsStringAsync(Ct));
        // The clock did not start again: 20 s in, the pickup and the departure have happened.
        Assert.Equal(["picked-up", "departed"], (await carrier.All(reference, Ct)).Select(e => e.Type));
    }

    [Fact]
    public async Task A_changed_route_keeps_what_happened_so_cursors_stay_valid()
    {
        await using var simulator = new SimulatorFactory();
        using var carrier = simulator.Carrier();
        var reference = VoyageTests.OnTime();
        (await carrier.Subscribe(reference, Tracking.Body(reference, "sea", Tracking.TwoSeaLegs), Ct)).Dispose();
        simulator.Clock.Advance(TimeSpan.FromSeconds(20));
        var before = await carrier.Page(reference, null, Ct);

        var rerouted = Tracking.Body(reference, "sea", Tracking.TwoSeaLegs[0],
            Tracking.Leg("leg-2", "KRPUS", "RULED", "sea", null, null, "BALTIC 1", "9"));
        (await carrier.Subscribe(reference, rerouted, Ct)).Dispose();
        simulator.Clock.Advance(TimeSpan.FromMinutes(10));
        var all = await carrier.All(reference, Ct);

        Assert.Equal(before.Events, all.Take(2));
        Assert.Equal("RULED", all[^1].Location);
        Assert.Equal(all.Count, all.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Unsubscribing_stops_tracking_and_the_reference_is_then_unknown()
    {
        await using var simulator = new SimulatorFactory();
        using var carrier = simulator.Carrier();
        (await carrier.Subscribe("WW-2026-000001", Tracking.Body("WW-2026-000001", "sea", Tracking.TwoSeaLegs), Ct)).Dispose();

        using var deleted = await carrier.DeleteAsync(new Uri("/v1/subscriptions/WW-2026-000001", UriKind.Relative), Ct);
        using var again = await carrier.DeleteAsync(new Uri("/v1/subscriptions/WW-2026-000001", UriKind.Relative), Ct);
        using var events = await carrier.Events("WW-2026-000001", null, null, Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, events.StatusCode);
    }

    [Fact]
    public async Task Events_of_an_unknown_reference_are_404_with_problem_details()
    {
        await using var simulator = new SimulatorFactory();
        using var carrier = simulator.Carrier();

        using var response = await carrier.Events("WW-2026-999999", null, null, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"reference": "WW-1", "mode": "sea", "legs": [""", "" },
        { """{"reference": "WW-1", "mode": "sea", "legs": []}""", "legs" },
        { """{"reference": "WW-2", "mode": "sea", "legs": [{"legId":"a","from":"CNSHA","to":"RUVVO","mode":"sea"}]}""", "reference" },
        { """{"reference": "WW-1", "mode": "boat", "legs": [{"legId":"a","from":"CNSHA","to":"RUVVO","mode":"sea"}]}""", "mode" },
        { """{"reference": "WW-1", "mode": "sea", "legs": [{"legId":"a","from":"Shanghai","to":"RUVVO","mode":"sea"}]}""", "legs[0].from" },
        { """{"reference": "WW-1", "mode": "sea", "legs": [{"legId":"a","from":"CNSHA","to":"RUVVO","mode":"multimodal"}]}""", "legs[0].mode" },
        { """{"reference": "WW-1", "mode": "sea", "legs": [{"legId":"","from":"CNSHA","to":"RUVVO","mode":"sea"}]}""", "legs[0].legId" },
        { """{"reference": "WW-1", "mode": "sea", "legs": [{"legId":"a","from":"CNSHA","to":"RUVVO","mode":"sea","etd":"2026-12-02T00:00:00Z","eta":"2026-12-01T00:00:00Z"}]}""", "legs[0].eta" },
        { """{"reference": "WW-1", "mode": "sea", "legs": [{"legId":"a","from":"CNSHA","to":"RUVVO","mode":"sea","etd":"soon"}]}""", "" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_400_problem_details_naming_the_field(string json, string field)
    {
        await using var simulator = new SimulatorFactory();
        using var carrier = simulator.Carrier();

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await carrier.PutAsync(new Uri("/v1/subscriptions/WW-1", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        if (field.Length > 0)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        Assert.Null(await FindAsync(carrier, "WW-1"));
    }

    [Theory]
    [InlineData("after=x", "after")]
    [InlineData("after=-1", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    public async Task A_bad_cursor_or_limit_is_400(string query, string field)
    {
        await using var simulator = new SimulatorFactory();
        using var carrier = simulator.Carrier();
        (await carrier.Subscribe("WW-1", Tracking.Body("WW-1", "sea", Tracking.TwoSeaLegs), Ct)).Dispose();

        using var response = await carrier.GetAsync(new Uri($"/v1/events?reference=WW-1&{query}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static async Task<HttpStatusCode?> FindAsync(HttpClient carrier, string reference)
    {
        using var response = await carrier.Events(reference, null, null, Ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : response.StatusCode;
    }
}
