using System.Net;
using WellWon.Web.Components.Pages.Logistics;
using static WellWon.Web.Tests.Logistics.ShipmentSamples;

namespace WellWon.Web.Tests.Logistics;

/// <summary>The list pages with the Api's cursor, filters by status, tolerates a missing "delayed" field, and refreshes on a push.</summary>
public sealed class ShipmentListTests : LogisticsTestContext
{
    private static readonly string First = $"/api/shipments?companyId={CompanyId}&limit=25";
    private static readonly Guid A = Guid.Parse("0196a0c4-5555-7000-8000-0000000000a1");
    private static readonly Guid B = Guid.Parse("0196a0c4-5555-7000-8000-0000000000b2");

    [Fact]
    public void Rows_show_status_and_delay_and_load_more_follows_the_cursor()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, First, HttpStatusCode.OK, ToJson(new { items = new[] { ListItem(A, "WW-2026-000002", "in_transit", delayed: true) }, next = "c1" }))
           .On(HttpMethod.Get, First + "&cursor=c1", HttpStatusCode.OK, ToJson(new { items = new[] { ListItem(B, "WW-2026-000001") }, next = (string?)null }));

        var page = Render<ShipmentList>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=shipment-row-link]")));
        Assert.Single(page.FindAll("[data-testid=delayed-badge]"));
        Assert.Single(page.FindAll("#shipment-new"));
        page.Find("#shipments-load-more").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=shipment-row-link]").Count));
        Assert.Empty(page.FindAll("#shipments-load-more"));
        Assert.Single(page.FindAll("[data-testid=delayed-badge]"));
    }

    [Fact]
    public void A_status_chip_filters_and_a_viewer_gets_no_new_button()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, First, HttpStatusCode.OK, ToJson(new { items = new[] { ListItem(A, "WW-2026-000002") }, next = (string?)null }))
           .On(HttpMethod.Get, First + "&status=draft", HttpStatusCode.OK, ToJson(new { items = Array.Empty<object>(), next = (string?)null }));

        var page = Render<ShipmentList>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=shipment-row-link]")));
        Assert.Empty(page.FindAll("#shipment-new"));

        page.Find("[data-testid=status-filter-draft]").Click();

        page.WaitForAssertion(() => page.Find("#shipments-empty"));
        Assert.Contains("No shipment matches", page.Find("#shipments-empty").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shipment_push_reloads_the_list()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, First, HttpStatusCode.OK, ToJson(new { items = new[] { ListItem(A, "WW-2026-000001") }, next = (string?)null }));
        var page = Render<ShipmentList>(p => p.Add(l => l.RefreshDelay, TimeSpan.FromMilliseconds(10)));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=shipment-row-link]")));

        Api.On(HttpMethod.Get, First, HttpStatusCode.OK, ToJson(new { items = new[] { ListItem(B, "WW-2026-000002", "draft"), ListItem(A, "WW-2026-000001") }, next = (string?)null }));
        Live.Push($"company:{CompanyId}", "shipment", B.ToString(), 1, "created");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=shipment-row-link]").Count));
    }
}
