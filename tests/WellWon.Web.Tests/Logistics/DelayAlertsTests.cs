using System.Net;
using WellWon.Web.Components.Logistics;
using static WellWon.Web.Tests.Logistics.ShipmentSamples;

namespace WellWon.Web.Tests.Logistics;

/// <summary>On any page, a delay that tracking detects in the current company is announced with the figures and a link.</summary>
public sealed class DelayAlertsTests : LogisticsTestContext
{
    [Fact]
    public void A_delay_pushed_for_the_company_is_announced_with_its_figures()
    {
        SignIn("viewer");
        var leg = new
        {
            id = LegId, from = "CNSHA", to = "DEHAM", mode = "sea", carrier = "SIMU",
            etd = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            eta = DateTimeOffset.Parse("2027-01-12T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        };
        Api.On(HttpMethod.Get, $"/api/shipments/{ShipmentId}", HttpStatusCode.OK,
            ToJson(Shipment(CompanyId, "in_transit", leg, new Tracking("2027-01-10T08:00:00Z", "2.00:00:00", []))));
        var providers = RenderProviders();
        Render<DelayAlerts>();
        providers.WaitForAssertion(() => Assert.Contains($"company:{CompanyId}", Live.Joined));

        Live.Push($"company:{CompanyId}", "shipment", ShipmentId.ToString(), 9, "milestones");
        Live.Push($"company:{CompanyId}", "shipment", ShipmentId.ToString(), 10, "delay");

        providers.WaitForAssertion(() => Assert.Contains(
            "WW-2026-000042 is running late by 48 h: now expected 2027-01-12 08:00 UTC", providers.Markup, StringComparison.Ordinal));
        // Only the delay is announced: the milestone change read nothing.
        Assert.Single(Api.Requests, r => r.Path == $"/api/shipments/{ShipmentId}");
    }
}
