using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WellWon.CarrierSimulator.Api;

namespace WellWon.CarrierSimulator.Tests;

/// <summary>The simulator in memory with its clock in the test's hand; each instance is a fresh process as far as state goes.</summary>
public sealed class SimulatorFactory(params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-simulator-key";
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Simulator:ApiKey", ApiKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A client that presents the API key, as the tracking adapter does.</summary>
    public HttpClient Carrier(string? key = ApiKey)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}

/// <summary>Requests and bodies of the tracking API, as a client writes them.</summary>
public static class Tracking
{
    public static object Leg(string legId, string from, string to, string mode, DateTimeOffset? etd, DateTimeOffset? eta,
        string? vessel = null, string? voyage = null) =>
        new { legId, from, to, mode, vessel, voyage, etd, eta };

    /// <summary>Shanghai → Busan → Vladivostok by sea, as booked: 4 days, a 2-day connection, then 3 days.</summary>
    public static object[] TwoSeaLegs { get; } =
    [
        Leg("leg-1", "CNSHA", "KRPUS", "sea", new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), "MSC ANNA", "123W"),
        Leg("leg-2", "KRPUS", "RUVVO", "sea", new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), new(2026, 12, 10, 0, 0, 0, TimeSpan.Zero), "SINOKOR 7", "7N"),
    ];

    public static object Body(string reference, string mode, params object[] legs) =>
        new { reference, mode, legs, containers = new[] { "MSCU1234566" } };

    public static Task<HttpResponseMessage> Subscribe(this HttpClient client, string reference, object body, CancellationToken ct) =>
        client.PutAsJsonAsync(new Uri($"/v1/subscriptions/{reference}", UriKind.Relative), body, ct);

    public static Task<HttpResponseMessage> Events(this HttpClient client, string reference, string? after, int? limit, CancellationToken ct)
    {
        var query = $"/v1/events?reference={Uri.EscapeDataString(reference)}"
                    + (after is null ? "" : $"&after={after}") + (limit is null ? "" : $"&limit={limit}");
        return client.GetAsync(new Uri(query, UriKind.Relative), ct);
    }

    public static async Task<EventsPage> Page(this HttpClient client, string reference, string? after, CancellationToken ct, int? limit = null)
    {
        using var response = await client.Events(reference, after, limit, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<EventsPage>(ct))!;
    }

    /// <summary>Every event so far, following the cursor page by page.</summary>
    public static async Task<List<TrackingEvent>> All(this HttpClient client, string reference, CancellationToken ct, int limit = 500)
    {
        var events = new List<TrackingEvent>();
        string? after = null;
        while (true)
        {
            var page = await client.Page(reference, after, ct, limit);
            events.AddRange(page.Events);
            if (page.Events.Count == 0)
            {
                return events;
            }

            after = page.Next;
        }
    }
}
