using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using WellWon.Logistics.Carriers;
using WellWon.Logistics.ReadModel;
using WellWon.Logistics.Tests.Hosts;
using WellWon.Logistics.Tracking;
using static WellWon.Logistics.Tests.Hosts.Answers;

namespace WellWon.Logistics.Tests.Tracking;

/// <summary>
/// Tracking against a carrier on a loopback port: the tracker subscribes, reads pages after the saved cursor and applies them to
/// the shipment through the real write path over the real Api's database (sync projections included).
/// </summary>
public sealed class ShipmentTrackingTests(LogisticsApiFactory api) : IClassFixture<LogisticsApiFactory>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly DateTimeOffset PlannedEta = Now.AddDays(10).Date;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ShipmentTracker Tracker(params (string Code, Uri Url)[] carriers)
    {
        var options = new TrackingOptions
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromSeconds(3),
            RequestTimeout = TimeSpan.FromSeconds(5),
            PageSize = 2,
        };
        foreach (var (code, url) in carriers)
        {
            options.Carriers[code] = new BuiltInCarrierOptions { BaseUrl = url.ToString(), ApiKey = FakeCarrier.Key, RequestsPerMinute = 6000 };
        }

        var o = Options.Create(options);
        var sp = api.Services;
        var directory = new CarrierDirectory(sp.GetRequiredService<CarrierReader>(), sp.GetRequiredService<CarrierCredentials>(), o);
        var client = new CarrierTrackingClient(new HttpClient(), new CarrierRateLimits(TimeProvider.System), o, NullLogger<CarrierTrackingClient>.Instance);
        return new ShipmentTracker(sp.GetRequiredService<IServiceScopeFactory>(), Subscriptions, directory, client, o, TimeProvider.System, NullLogger<ShipmentTracker>.Instance);
    }

    private TrackingSubscriptions Subscriptions => new(api.Services.GetRequiredService<NpgsqlDataSource>());

    /// <summary>A booked sea shipment Shanghai → Saint Petersburg whose one leg the carrier <paramref name="code"/> carries.</summary>
    private async Task<(HttpClient Client, Guid Id, string Reference, Guid Leg)> BookedAsync(string code)
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        var client = api.ClientFor(owner);
        var (id, reference) = await Http.Shipments.CreateAsync(client, new
        {
            companyId = company,
            mode = "sea",
            incoterm = "FOB",
            legs = new[] { new { from = "CNSHA", to = "RULED", mode = "sea", carrier = code, etd = Now.AddDays(-20), eta = PlannedEta } },
            containers = new[] { new { number = "MSCU1234566", type = "45G1" } },
            cargo = new[] { new { description = "Ball bearings", packages = 10, grossWeightKg = 1200 } },
        });
        await Http.Shipments.BookAsync(client, id);
        var leg = (await client.GetJsonAsync($"/api/shipments/{id}")).GetProperty("legs")[0].GetProperty("id").GetGuid();
        return (client, id, reference, leg);
    }

    private async Task<List<JsonElement>> CarrierEntriesAsync(HttpClient client, Guid id) =>
        [.. (await client.GetJsonAsync($"/api/shipments/{id}/timeline")).GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("change").GetString() is "milestone-recorded" or "leg-eta-revised" or "shipment-delayed")];

    [Fact]
    public async Task Updates_are_applied_once_in_any_order_the_cursor_follows_and_a_forgetful_carrier_is_subscribed_again()
    {
        await using var carrier = await FakeCarrier.StartAsync();
        var (client, id, reference, leg) = await BookedAsync("FAKA");
        carrier.Add(reference,
            FakeCarrier.Event("FAKA-1", "departed", Now.AddDays(-10), leg, "CNSHA"),
            FakeCarrier.Event("FAKA-2", "eta", Now.AddDays(-9), leg, eta: PlannedEta.AddDays(3)),
            FakeCarrier.Event("FAKA-3", "transshipped", Now.AddDays(-8), location: "KRPUS"),
            FakeCarrier.Event("FAKA-1", "departed", Now.AddDays(-10), leg, "CNSHA"),
            FakeCarrier.Event("FAKA-4", "eta", Now.AddDays(-9).AddHours(-1), leg, eta: PlannedEta.AddDays(1)),
            FakeCarrier.Event("FAKA-5", "arrived", Now.AddDays(-1), leg, "RULED"),
            FakeCarrier.Event("FAKA-6", "departed", Now.AddDays(-12), leg, "CNSHA"));
        var tracker = Tracker(("FAKA", carrier.BaseUrl));

        var watch = Stopwatch.StartNew();
        var report = await tracker.RunAsync(Ct);
        var firstRun = watch.Elapsed;

        Assert.Equal((1, 7, 4, 2, 1, 0), (report.Subscribed, report.Events, report.Applied, report.Ignored, report.Skipped, report.Failures));
        var subscribed = carrier.Subscriptions[reference];
        Assert.Equal(leg.ToString("D"), subscribed.GetProperty("legs")[0].GetProperty("legId").GetString());
        var shipment = await client.GetJsonAsync($"/api/shipments/{id}");
        Assert.Equal("arrived", shipment.GetProperty("status").GetString());
        Assert.Equal(PlannedEta.AddDays(3), shipment.GetProperty("legs")[0].GetProperty("eta").GetDateTimeOffset());
        Assert.True(shipment.GetProperty("delayed").GetBoolean());
        var listed = Assert.Single((await client.GetJsonAsync($"/api/shipments?companyId={shipment.GetProperty("companyId").GetGuid()}")).GetProperty("items").EnumerateArray());
        Assert.True(listed.GetProperty("delayed").GetBoolean());
        Assert.Equal(PlannedEta.AddDays(3), listed.GetProperty("legs")[0].GetProperty("eta").GetDateTimeOffset());
        var entries = await CarrierEntriesAsync(client, id);
        Assert.Equal(["departed", "leg-eta-revised", "shipment-delayed", "transshipped", "arrived"],
            entries.Select(e => e.GetProperty("milestone").GetString() ?? e.GetProperty("change").GetString()));
        Assert.All(entries.Where(e => e.GetProperty("change").GetString() != "shipment-delayed"), e => Assert.Equal("FAKA", e.GetProperty("carrier").GetString()));
        var row = Assert.Single(await Subscriptions.ForShipmentAsync(id, Ct));
        Assert.Equal(("7", 0, (string?)null, true), (row.Cursor, row.ConsecutiveFailures, row.LastError, row.Open));
        var version = shipment.GetProperty("version").GetInt64();

        // Nothing new: nothing read, nothing written.
        report = await tracker.RunAsync(Ct);
        Assert.Equal((0, 0), (report.Events, report.Subscribed));

        // The carrier restarted and forgot the subscription: subscribed again, everything replayed, nothing applied twice.
        carrier.Forget();
        report = await tracker.RunAsync(Ct);
        Assert.Equal((1, 7, 0, 0), (report.Subscribed, report.Events, report.Applied, report.Failures));
        Assert.Equal(version, (await client.GetJsonAsync($"/api/shipments/{id}")).GetProperty("version").GetInt64());

        // Delivered: the next run stops the carrier's tracking.
        carrier.Add(reference, FakeCarrier.Event("FAKA-7", "delivered", Now.AddHours(-1), location: "RULED"));
        await tracker.RunAsync(Ct);
        Assert.Equal("delivered", (await client.GetJsonAsync($"/api/shipments/{id}")).GetProperty("status").GetString());
        report = await tracker.RunAsync(Ct);
        Assert.Equal(1, report.Unsubscribed);
        Assert.Contains($"DELETE /v1/subscriptions/{reference}", carrier.Calls);
        Assert.False(Assert.Single(await Subscriptions.ForShipmentAsync(id, Ct)).Open);
        TestContext.Current.SendDiagnosticMessage($"First tracking run (subscribe, 4 pages, 7 events): {firstRun.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_429_is_waited_out_for_its_Retry_After_and_5xx_are_retried_with_back_off()
    {
        await using var carrier = await FakeCarrier.StartAsync();
        var (client, id, reference, leg) = await BookedAsync("FAKR");
        carrier.Add(reference, FakeCarrier.Event("FAKR-1", "departed", Now.AddDays(-10), leg, "CNSHA"));
        carrier.FailNext(429, retryAfter: 1);
        carrier.FailNext(503, times: 2);

        var watch = Stopwatch.StartNew();
        var report = await Tracker(("FAKR", carrier.BaseUrl)).RunAsync(Ct);

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), $"Retry-After was not waited out: {watch.Elapsed}");
        Assert.Equal((1, 0), (report.Applied, report.Failures));
        Assert.Equal(4, carrier.Calls.Count(c => c.StartsWith("PUT", StringComparison.Ordinal)));
        Assert.Equal("in_transit", (await client.GetJsonAsync($"/api/shipments/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_malformed_page_applies_nothing_and_keeps_the_cursor_until_the_carrier_answers_properly()
    {
        await using var carrier = await FakeCarrier.StartAsync();
        var (client, id, reference, leg) = await BookedAsync("FAKM");
        carrier.Add(reference, FakeCarrier.Event("FAKM-1", "departed", Now.AddDays(-10), leg, "CNSHA"));
        carrier.Malformed = true;
        var tracker = Tracker(("FAKM", carrier.BaseUrl));

        var report = await tracker.RunAsync(Ct);

        Assert.Equal((1, 0), (report.Failures, report.Applied));
        Assert.Empty(await CarrierEntriesAsync(client, id));
        var row = Assert.Single(await Subscriptions.ForShipmentAsync(id, Ct));
        Assert.Equal(((string?)null, 1), (row.Cursor, row.ConsecutiveFailures));
        Assert.Contains("eventId", row.LastError, StringComparison.Ordinal);

        carrier.Malformed = false;
        report = await tracker.RunAsync(Ct);
        Assert.Equal((0, 1), (report.Failures, report.Applied));
        Assert.Equal(("1", 0), (Assert.Single(await Subscriptions.ForShipmentAsync(id, Ct)).Cursor, Assert.Single(await Subscriptions.ForShipmentAsync(id, Ct)).ConsecutiveFailures));
    }

    [Fact]
    public async Task One_carrier_failing_never_stops_another()
    {
        await using var carrier = await FakeCarrier.StartAsync();
        var (okClient, ok, okReference, okLeg) = await BookedAsync("FAKO");
        var (_, down, _, _) = await BookedAsync("DOWN");
        carrier.Add(okReference, FakeCarrier.Event("FAKO-1", "departed", Now.AddDays(-10), okLeg, "CNSHA"));

        var report = await Tracker(("FAKO", carrier.BaseUrl), ("DOWN", new Uri("http://127.0.0.1:9/"))).RunAsync(Ct);

        Assert.Equal((1, 1), (report.Applied, report.Failures));
        Assert.Equal("in_transit", (await okClient.GetJsonAsync($"/api/shipments/{ok}")).GetProperty("status").GetString());
        var failed = Assert.Single(await Subscriptions.ForShipmentAsync(down, Ct));
        Assert.Equal(1, failed.ConsecutiveFailures);
        Assert.NotNull(failed.LastError);
    }
}
