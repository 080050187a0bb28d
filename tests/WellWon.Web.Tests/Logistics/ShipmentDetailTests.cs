using System.Net;
using WellWon.Web.Components.Pages.Logistics;
using static WellWon.Web.Tests.Logistics.ShipmentSamples;

namespace WellWon.Web.Tests.Logistics;

/// <summary>
/// The shipment page shows the header, route, containers, cargo and timeline; members get the actions and viewers none; a
/// milestone recorded elsewhere appears by push without a reload; "as of" re-reads the past with <c>?asOf=</c>.
/// </summary>
public sealed class ShipmentDetailTests : LogisticsTestContext
{
    private static readonly string Path = $"/api/shipments/{ShipmentId}";

    [Fact]
    public void A_member_sees_the_shipment_and_may_book_it()
    {
        SignIn("member");
        Answer(Shipment(CompanyId), Timeline(Entry(1, "shipment-created", "Created WW-2026-000042", userId: Me)));

        var page = Render<ShipmentDetail>(p => p.Add(d => d.Id, ShipmentId));

        page.WaitForAssertion(() => Assert.Equal("WW-2026-000042", page.Find("#shipment-reference").TextContent.Trim()));
        Assert.Equal("CNSHA → DEHAM", page.Find("[data-testid=leg-route]").TextContent.Trim());
        Assert.Equal("MSCU1234566", page.Find("[data-testid=container-number]").TextContent.Trim());
        Assert.Equal("Green tea", page.Find("[data-testid=cargo-description]").TextContent.Trim());
        Assert.Single(page.FindAll("#shipment-book"));
        Assert.Single(page.FindAll("#shipment-edit"));
        Assert.Single(page.FindAll("#milestone-open"));
        Assert.Empty(page.FindAll("[data-testid=delayed-badge]"));
        Assert.Contains(Live.Joined, g => g == $"company:{CompanyId}");
    }

    [Fact]
    public void A_viewer_reads_without_any_action()
    {
        SignIn("viewer");
        Answer(Shipment(CompanyId), Timeline());

        var page = Render<ShipmentDetail>(p => p.Add(d => d.Id, ShipmentId));

        page.WaitForAssertion(() => page.Find("#shipment-reference"));
        Assert.Empty(page.FindAll("#shipment-book"));
        Assert.Empty(page.FindAll("#shipment-edit"));
        Assert.Empty(page.FindAll("#milestone-open"));
        Assert.Empty(page.FindAll("#shipment-cancel"));
    }

    [Fact]
    public void A_milestone_recorded_elsewhere_appears_by_push()
    {
        SignIn("member");
        Answer(Shipment(CompanyId, "booked"), Timeline(Entry(1, "shipment-created", "Created", userId: Me), Entry(2, "shipment-booked", "Booked", "booked", Me)));
        var page = Render<ShipmentDetail>(p => p.Add(d => d.RefreshDelay, TimeSpan.FromMilliseconds(10)).Add(d => d.Id, ShipmentId));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=timeline-entry]").Count));

        Answer(Shipment(CompanyId, "in_transit"), Timeline(
            Entry(1, "shipment-created", "Created", userId: Me), Entry(2, "shipment-booked", "Booked", "booked", Me),
            Entry(3, "milestone-recorded", "Departed at CNSHA (reported by MSC)", "departed", carrier: "MSC")));
        Live.Push($"company:{CompanyId}", "shipment", ShipmentId.ToString(), 3, "milestones");

        page.WaitForAssertion(() => Assert.Equal("departed", page.FindAll("[data-testid=timeline-entry]")[0].GetAttribute("data-milestone")));
        Assert.Equal("in_transit", page.Find("#shipment-status").GetAttribute("data-status"));
    }

    [Fact]
    public void Another_shipments_push_is_ignored()
    {
        SignIn("member");
        Answer(Shipment(CompanyId), Timeline());
        var page = Render<ShipmentDetail>(p => p.Add(d => d.RefreshDelay, TimeSpan.FromMilliseconds(10)).Add(d => d.Id, ShipmentId));
        page.WaitForAssertion(() => page.Find("#shipment-reference"));
        var reads = Api.Requests.Count(r => r.Path == Path);

        Live.Push($"company:{CompanyId}", "shipment", Guid.NewGuid().ToString(), 3, "milestones");
        Thread.Sleep(100);

        Assert.Equal(reads, Api.Requests.Count(r => r.Path == Path));
    }

    [Fact]
    public void As_of_rereads_the_past_and_hides_the_actions()
    {
        SignIn("member");
        Answer(Shipment(CompanyId), Timeline());
        var asOf = "2026-11-30T09:15";
        Api.On(HttpMethod.Get, $"{Path}?asOf=2026-11-30T09%3A15%3A59.0000000%2B00%3A00", HttpStatusCode.OK, ToJson(Shipment(CompanyId)))
           .On(HttpMethod.Get, $"{Path}/timeline?asOf=2026-11-30T09%3A15%3A59.0000000%2B00%3A00", HttpStatusCode.OK, ToJson(Timeline()));
        var page = Render<ShipmentDetail>(p => p.Add(d => d.Id, ShipmentId));
        page.WaitForAssertion(() => page.Find("#shipment-book"));

        page.Find("#as-of-input").Change(asOf);
        page.Find("#as-of-show").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=as-of-banner]"));
        Assert.Contains(Api.Requests, r => r.Path.StartsWith($"{Path}?asOf=2026-11-30T09", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("#shipment-book"));
    }

    [Fact]
    public void A_revised_eta_and_a_delay_show_when_tracking_reports_them()
    {
        SignIn("member");
        var leg = new
        {
            id = LegId, from = "CNSHA", to = "DEHAM", mode = "sea", carrier = "MSC", vessel = (string?)null, voyage = (string?)null, flightNumber = (string?)null,
            etd = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            eta = DateTimeOffset.Parse("2027-01-14T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        };
        // The Api's shape: the leg carries the ETA now expected; the shipment the plan at booking, the delay and the revisions.
        var tracking = new ShipmentSamples.Tracking(
            "2027-01-10T08:00:00Z",
            "4.00:00:00",
            [new { legId = LegId, previousEta = "2027-01-10T08:00:00Z", newEta = "2027-01-14T08:00:00Z", source = new { userId = (Guid?)null, carrier = "MSCU" }, carrierEventId = "MSCU-77", revisedAt = "2026-12-20T00:00:00Z" }]);
        Answer(Shipment(CompanyId, "in_transit", leg, tracking), Timeline());

        var page = Render<ShipmentDetail>(p => p.Add(d => d.Id, ShipmentId));

        page.WaitForAssertion(() => page.Find("[data-testid=delayed-badge]"));
        Assert.Contains("planned 2027-01-10 08:00 UTC", page.Find("[data-testid=leg-eta-revised]").TextContent, StringComparison.Ordinal);
        Assert.Contains("96 h late", page.Find("[data-testid=shipment-delay]").TextContent, StringComparison.Ordinal);
    }

    private void Answer(object shipment, object timeline) =>
        Api.On(HttpMethod.Get, Path, HttpStatusCode.OK, ToJson(shipment))
           .On(HttpMethod.Get, $"{Path}/timeline", HttpStatusCode.OK, ToJson(timeline));
}
