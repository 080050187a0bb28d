using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace WellWon.AppHost.Tests;

/// <summary>
/// The logistics walk-through a user does, over HTTP and the hub only, against everything the AppHost starts: the shipment is
/// booked in the Api, followed at the simulated carrier (SIMU) by data-sync's tracking job, projected and pushed by the event
/// processor through Redis; then its goods are received into a warehouse. The carrier runs on a fast pace (a leg in 8 s, the
/// feed read every second) so the whole voyage takes about twenty seconds.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LogisticsAcceptanceTests(ITestOutputHelper output)
{
    private const string Carrier = "SIMU";
    private static readonly TimeSpan Eventually = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Voyage = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_booked_shipment_is_tracked_at_the_carrier_its_goods_are_received_and_released_and_an_outsider_sees_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataRoot = AppHostLauncher.CreateDataRoot();
        try
        {
            var builder = await AppHostLauncher.CreateAsync(dataRoot, ct,
                "--Simulator:LegDuration=00:00:08",
                // Under this seed the company's first shipment (WW-2026/2027-000001) runs late on its second leg, so ETA revisions
                // come; the test accepts an on-time voyage too, should the reference differ.
                "--Simulator:Seed=late-1",
                "--Logistics:Tracking:Interval=00:00:01");
            await using var app = await builder.BuildAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(AppHostLauncher.StartTimeout + TimeSpan.FromMinutes(3));
            var token = timeout.Token;
            await AppHostLauncher.StartHealthyAsync(app, token);
            var apiBase = app.GetEndpoint("api", "http");

            var ann = await User.SignUpAsync(apiBase, "Ann", token);
            var bob = await User.SignUpAsync(apiBase, "Bob", token);
            var company = await ann.PostAsync("/api/companies", new { name = "Primorye Bearings LLC", country = "RU", companyType = "importer" }, HttpStatusCode.Created, token);
            var companyId = company.GetProperty("id").GetGuid();
            await using var hub = await ann.ConnectAsync(token);
            await hub.Connection.InvokeAsync<long>("JoinCompany", companyId, token);

            // Shanghai → Singapore → Vladivostok by sea with the simulated carrier on both legs, one container, one cargo line.
            var now = DateTimeOffset.UtcNow;
            var day = TimeSpan.FromDays(1);
            var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero) + TimeSpan.FromHours(6);
            var created = await ann.PostAsync("/api/shipments", new
            {
                companyId,
                mode = "sea",
                incoterm = "FOB",
                incotermPlace = "Shanghai",
                legs = new[]
                {
                    new { from = "CNSHA", to = "SGSIN", carrier = Carrier, vessel = "SIMU HORIZON", voyage = "001S", etd = start, eta = start + (6 * day) },
                    new { from = "SGSIN", to = "RUVVO", carrier = Carrier, vessel = "SIMU PACIFIC", voyage = "002N", etd = start + (8 * day), eta = start + (20 * day) },
                },
                containers = new[] { new { number = "MSCU1234566", type = "45G1" } },
                cargo = new[] { new { description = "Ball bearings", packages = 10, grossWeightKg = 1200, netWeightKg = 1100, hsCode = "8482.10" } },
            }, HttpStatusCode.Created, token);
            var shipmentId = created.GetProperty("id").GetGuid();
            var reference = created.GetProperty("reference").GetString()!;
            var shipment = await ann.GetAsync($"/api/shipments/{shipmentId}", token);
            var lineId = shipment.GetProperty("cargo")[0].GetProperty("id").GetGuid();
            var legIds = shipment.GetProperty("legs").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()).ToList();
            Assert.Equal(2, legIds.Count);

            await ann.SendAsync(HttpMethod.Post, $"/api/shipments/{shipmentId}/book", null, HttpStatusCode.NoContent, token);
            var sinceBooking = Stopwatch.StartNew();

            // The tracking job subscribes the shipment at SIMU and applies its feed; the timeline shows each milestone as it lands.
            TimeSpan? departedAfter = null;
            JsonElement timeline;
            var deadline = DateTimeOffset.UtcNow + Voyage;
            while (true)
            {
                timeline = await ann.GetAsync($"/api/shipments/{shipmentId}/timeline", token);
                var seen = Milestones(timeline);
                if (departedAfter is null && seen.Any(e => Kind(e) == "departed"))
                {
                    departedAfter = sinceBooking.Elapsed;
                }

                if (seen.Count(e => Kind(e) == "arrived") == 2
                    && (await ann.GetAsync($"/api/shipments/{shipmentId}", token)).GetProperty("status").GetString() == "arrived")
                {
                    break;
                }

                Assert.True(DateTimeOffset.UtcNow < deadline,
                    $"{reference} did not arrive within {Voyage.TotalSeconds} s; its timeline: {timeline}");
                await Task.Delay(250, token);
            }

            var arrivedAfter = sinceBooking.Elapsed;
            output.WriteLine($"{reference}: booking → carrier's departure visible {departedAfter!.Value.TotalSeconds:F1} s, → arrival visible {arrivedAfter.TotalSeconds:F1} s");

            // Who reported what: the booking is a user's, every carrier milestone is SIMU's, each on its leg.
            var entries = timeline.GetProperty("entries").EnumerateArray().ToList();
            var booked = Assert.Single(entries, e => Kind(e) == "booked");
            Assert.Equal(JsonValueKind.String, booked.GetProperty("userId").ValueKind);
            var carrierMilestones = Milestones(timeline).Where(e => Kind(e) != "booked").ToList();
            Assert.All(carrierMilestones, e =>
            {
                Assert.Equal(Carrier, e.GetProperty("carrier").GetString());
                Assert.Equal(JsonValueKind.Null, e.GetProperty("userId").ValueKind);
            });
            var departures = carrierMilestones.Where(e => Kind(e) == "departed").ToList();
            var arrivals = carrierMilestones.Where(e => Kind(e) == "arrived").ToList();
            Assert.Equal(2, departures.Count);
            Assert.Equal(legIds, arrivals.Select(e => e.GetProperty("data").GetProperty("milestone").GetProperty("legId").GetGuid()));

            var final = await ann.GetAsync($"/api/shipments/{shipmentId}", token);
            var legs = final.GetProperty("legs").EnumerateArray().ToList();
            Assert.All(legs, l => Assert.Equal(JsonValueKind.String, l.GetProperty("atd").ValueKind));
            Assert.All(legs, l => Assert.Equal(JsonValueKind.String, l.GetProperty("ata").ValueKind));

            // A late voyage shows the carrier's ETA revisions in the timeline and on the shipment; an on-time one shows none.
            var revisions = entries.Where(e => e.GetProperty("change").GetString() == "leg-eta-revised").ToList();
            var late = carrierMilestones.Any(e => Kind(e) == "exception");
            output.WriteLine($"{reference}: {(late ? "late" : "on time")}, {revisions.Count} ETA revision(s), delayed = {final.GetProperty("delayed").GetBoolean()}");
            if (late)
            {
                Assert.NotEmpty(revisions);
                Assert.All(revisions, r => Assert.Equal(Carrier, r.GetProperty("carrier").GetString()));
                var recorded = final.GetProperty("etaRevisions").EnumerateArray().ToList();
                Assert.Equal(revisions.Count, recorded.Count);
                Assert.All(recorded, r => Assert.Equal(Carrier, r.GetProperty("source").GetProperty("carrier").GetString()));
                var lastLeg = legs[^1];
                Assert.True(lastLeg.GetProperty("eta").GetDateTimeOffset() > start + (20 * day), $"The last leg's ETA was not moved later: {lastLeg}");

                // The simulator's delays (26 h or more) exceed the 24-hour threshold, so the shipment is marked delayed.
                Assert.True(final.GetProperty("delayed").GetBoolean());
                Assert.Contains(entries, e => e.GetProperty("change").GetString() == "shipment-delayed");
            }
            else
            {
                Assert.Empty(revisions);
                Assert.Empty(final.GetProperty("etaRevisions").EnumerateArray());
            }

            // The hub told the company of each carrier milestone as the event processor applied it.
            var milestoneVersions = carrierMilestones.Select(e => e.GetProperty("version").GetInt64()).ToHashSet();
            await hub.WaitForAsync(changes => milestoneVersions.IsSubsetOf(changes
                .Where(c => c.GetProperty("group").GetString() == $"company:{companyId:D}")
                .Select(c => c.GetProperty("change"))
                .Where(c => c.GetProperty("entity").GetString() == "shipment" && c.GetProperty("id").GetString() == shipmentId.ToString("D")
                    && c.GetProperty("scope").GetString() == "milestones")
                .Select(c => c.GetProperty("version").GetInt64())), Eventually, token);

            // Just before the carrier's first departure was recorded, the shipment had neither that milestone nor an ATD.
            var beforeDeparture = departures.Min(e => e.GetProperty("recordedAt").GetDateTimeOffset()) - TimeSpan.FromMilliseconds(1);
            var past = await ann.GetAsync($"/api/shipments/{shipmentId}?asOf={Uri.EscapeDataString(beforeDeparture.ToString("O", CultureInfo.InvariantCulture))}", token);
            Assert.DoesNotContain(past.GetProperty("milestones").EnumerateArray(), m => m.GetProperty("kind").GetString() == "departed");
            Assert.All(past.GetProperty("legs").EnumerateArray(), l => Assert.Equal(JsonValueKind.Null, l.GetProperty("atd").ValueKind));
            Assert.True(past.GetProperty("status").GetString() is "booked" or "in_transit", $"Before departure the shipment was {past.GetProperty("status")}.");

            // The goods reach Vladivostok one package short: received with a shortage, put away, partly released.
            var warehouse = await ann.PostAsync("/api/warehouses", new { companyId, name = "Vladivostok CFS", address = "Vladivostok, Russia", unLocode = "RUVVO" }, HttpStatusCode.Created, token);
            var warehouseId = warehouse.GetProperty("id").GetGuid();
            await ann.PostAsync($"/api/warehouses/{warehouseId}/locations", new { code = "A-01-03" }, HttpStatusCode.Created, token);
            await ann.PostAsync($"/api/warehouses/{warehouseId}/receipts", new
            {
                shipmentId, cargoLineId = lineId, packages = 9,
                discrepancies = new[] { new { kind = "shortage", expected = 10, received = 9, reason = "One pallet missing at unloading" } },
            }, HttpStatusCode.Created, token);
            await StockIsAsync(ann, $"/api/warehouses/{warehouseId}/stock", [(lineId, null, 9)], token);
            var receipt = (await ann.GetAsync($"/api/warehouses/{warehouseId}", token)).GetProperty("receipts")[0];
            var shortage = receipt.GetProperty("discrepancies")[0];
            Assert.Equal(("shortage", 10, 9), (shortage.GetProperty("kind").GetString(), shortage.GetProperty("expected").GetInt32(), shortage.GetProperty("received").GetInt32()));

            await ann.SendAsync(HttpMethod.Post, $"/api/warehouses/{warehouseId}/put-away",
                new { shipmentId, cargoLineId = lineId, location = "A-01-03", packages = 9 }, HttpStatusCode.NoContent, token);
            await ann.PostAsync($"/api/warehouses/{warehouseId}/releases",
                new { shipmentId, cargoLineId = lineId, location = "A-01-03", packages = 4 }, HttpStatusCode.Created, token);
            await StockIsAsync(ann, $"/api/warehouses/{warehouseId}/stock", [(lineId, "A-01-03", 5)], token);
            await StockIsAsync(ann, $"/api/shipments/{shipmentId}/stock", [(lineId, "A-01-03", 5)], token);
            var refused = await ann.SendAsync(HttpMethod.Post, $"/api/warehouses/{warehouseId}/releases",
                new { shipmentId, cargoLineId = lineId, location = "A-01-03", packages = 6 }, HttpStatusCode.UnprocessableEntity, token);
            Assert.Equal("application/problem+json", refused.MediaType);
            Assert.Equal("logistics.release-exceeds-stock", JsonDocument.Parse(refused.Text).RootElement.GetProperty("code").GetString());
            await StockIsAsync(ann, $"/api/warehouses/{warehouseId}/stock", [(lineId, "A-01-03", 5)], token);

            // The dashboard counts the shipment as arrived.
            await EventuallyAsync(async () =>
            {
                var byStatus = (await ann.GetAsync($"/api/shipments/dashboard?companyId={companyId}", token)).GetProperty("byStatus");
                return byStatus.TryGetProperty("arrived", out var arrived) && arrived.GetInt32() == 1;
            }, "The dashboard did not count the arrived shipment.", token);

            // B, signed in but no participant, learns nothing: 404 for the shipment, its timeline and past, the warehouse and the dashboard.
            foreach (var path in new[]
            {
                $"/api/shipments/{shipmentId}",
                $"/api/shipments/{shipmentId}/timeline",
                $"/api/shipments/{shipmentId}?asOf={Uri.EscapeDataString(beforeDeparture.ToString("O", CultureInfo.InvariantCulture))}",
                $"/api/shipments/{shipmentId}/stock",
                $"/api/warehouses/{warehouseId}",
                $"/api/warehouses/{warehouseId}/stock",
                $"/api/shipments/dashboard?companyId={companyId}",
            })
            {
                var answer = await bob.SendAsync(HttpMethod.Get, path, null, HttpStatusCode.NotFound, token);
                Assert.DoesNotContain(reference, answer.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("Vladivostok CFS", answer.Text, StringComparison.Ordinal);
            }

            await app.StopAsync(token);
        }
        finally
        {
            dataRoot.Delete(recursive: true);
        }
    }

    private static List<JsonElement> Milestones(JsonElement timeline) =>
        [.. timeline.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("milestone").ValueKind == JsonValueKind.String)];

    private static string? Kind(JsonElement entry) =>
        entry.GetProperty("milestone") is { ValueKind: JsonValueKind.String } kind ? kind.GetString() : null;

    private static Task StockIsAsync(User user, string path, (Guid Line, string? Location, int Quantity)[] expected, CancellationToken ct) =>
        EventuallyAsync(async () =>
        {
            var items = (await user.GetAsync(path, ct)).GetProperty("items").EnumerateArray()
                .Select(i => (i.GetProperty("cargoLineId").GetGuid(), i.GetProperty("location").GetString(), i.GetProperty("quantity").GetInt32()));
            return items.SequenceEqual(expected);
        }, $"{path} did not show {string.Join(", ", expected)}.", ct);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + Eventually;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, failure);
            await Task.Delay(250, ct);
        }
    }
}
