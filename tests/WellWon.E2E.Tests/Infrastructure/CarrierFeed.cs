using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace WellWon.E2E.Tests.Infrastructure;

/// <summary>One event of the carrier simulator's feed, as the tracking API v1 writes it.</summary>
public sealed record CarrierEvent(string EventId, string Type, string Classifier, DateTimeOffset OccurredAt, string Location);

/// <summary>
/// Reads the carrier simulator's feed with the run's key, as data-sync does: when the carrier says each event happened, so a test
/// can tell how long it took to reach the screen.
/// </summary>
public static class CarrierFeed
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<CarrierEvent>> EventsAsync(this WellWonApp app, string reference, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = app.CarrierSimulator, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.SimulatorKey);
        var page = await http.GetFromJsonAsync<Page>($"/v1/events?reference={Uri.EscapeDataString(reference)}&limit=500", Json, ct);
        return page?.Events ?? [];
    }

    private sealed record Page(IReadOnlyList<CarrierEvent> Events, string? Next);
}
