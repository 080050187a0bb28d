using System.Net;
using System.Text.Json;
using WellWon.Logistics.Tests.Hosts;

namespace WellWon.Logistics.Tests.Http;

/// <summary>Shipment bodies as a client sends them, and the calls the HTTP tests repeat.</summary>
internal static class Shipments
{
    public const string Etd = "2026-12-01T00:00:00Z";
    public const string Eta = "2027-01-10T00:00:00Z";

    /// <summary>The body of the create example: FOB Shanghai → Saint Petersburg by sea, one 40' high cube, ball bearings.</summary>
    public static object Sea(Guid companyId, string container = "MSCU1234566", string eta = Eta, string? blNumber = null) => new
    {
        companyId,
        mode = "sea",
        incoterm = "FOB",
        blNumber,
        legs = new[] { new { from = "CNSHA", to = "RULED", mode = "sea", etd = Etd, eta } },
        containers = new[] { new { number = container, type = "45G1" } },
        cargo = new[] { new { description = "Ball bearings", packages = 10, grossWeightKg = 1200, netWeightKg = 1100 } },
    };

    /// <summary>FCA Shanghai Pudong → Moscow Sheremetyevo by air, no container.</summary>
    public static object Air(Guid companyId, string eta = Eta) => new
    {
        companyId,
        mode = "air",
        incoterm = "FCA",
        incotermPlace = "Shanghai Pudong",
        legs = new[] { new { from = "CNPVG", to = "RUSVO", flightNumber = "SU209", etd = Etd, eta } },
        cargo = new[] { new { description = "Smartphone displays", packages = 4, grossWeightKg = 80.5m, netWeightKg = 72m, hsCode = "8524.11" } },
    };

    public static async Task<(Guid Id, string Reference)> CreateAsync(HttpClient client, object body)
    {
        var created = await Answers.JsonAsync(await client.PostJsonAsync("/api/shipments", body), HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("reference").GetString()!);
    }

    public static async Task BookAsync(HttpClient client, Guid id)
    {
        var booked = await client.PostAsync($"/api/shipments/{id}/book", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, booked.StatusCode);
    }

    public static async Task<JsonElement> MilestoneAsync(HttpClient client, Guid id, object body, HttpStatusCode expected = HttpStatusCode.Created) =>
        await Answers.JsonAsync(await client.PostJsonAsync($"/api/shipments/{id}/milestones", body), expected);

    /// <summary>A time for a query string (<c>+</c> would read as a space).</summary>
    public static string Query(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
