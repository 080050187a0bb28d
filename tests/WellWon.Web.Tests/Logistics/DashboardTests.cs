using System.Net;
using System.Text.Json;
using WellWon.Web.Api;
using WellWon.Web.Components.Logistics;
using WellWon.Web.Components.Pages.Logistics;

namespace WellWon.Web.Tests.Logistics;

/// <summary>The overview renders the Api's dashboard answer (statuses, delays, arrivals, lanes), and a 404 is a friendly empty state.</summary>
public sealed class DashboardTests : LogisticsTestContext
{
    private static readonly string Sample = $$"""
        {
          "companyId": "{{CompanyId}}",
          "asOf": "2026-12-20T09:00:00Z",
          "byStatus": { "draft": 2, "booked": 3, "inTransit": 5, "arrived": 1, "cleared": 0, "delivered": 7, "cancelled": 1 },
          "delayed": { "count": 2, "top": [
            { "id": "0196a0c4-5555-7000-8000-0000000000d1", "reference": "WW-2026-000007", "plannedEta": "2026-12-18T08:00:00Z",
              "expectedEta": "2026-12-22T08:00:00Z", "delayHours": 96, "destination": "DEHAM" },
            { "id": "0196a0c4-5555-7000-8000-0000000000d2", "reference": "WW-2026-000009", "plannedEta": "2026-12-19T08:00:00Z",
              "expectedEta": "2026-12-20T20:00:00Z", "delayHours": 36, "destination": "RULED" } ] },
          "arrivingSoon": { "count": 1, "items": [
            { "id": "0196a0c4-5555-7000-8000-0000000000a1", "reference": "WW-2026-000011", "expectedEta": "2026-12-24T06:00:00Z", "destination": "RUVVO", "mode": "sea" } ] },
          "lanes": [
            { "origin": "CNSHA", "destination": "DEHAM", "mode": "sea", "shipments": 9, "averageTransitDays": 38.5 },
            { "origin": "CNPVG", "destination": "RUSVO", "mode": "air", "shipments": 4, "averageTransitDays": 2.1 } ]
        }
        """;

    [Fact]
    public void The_dashboard_renders_statuses_delays_arrivals_and_lanes_from_the_apis_answer()
    {
        SignIn("viewer");
        var data = JsonSerializer.Deserialize<LogisticsDashboard>(Sample, Json)!;

        var view = Render<DashboardView>(p => p.Add(d => d.Data, data));

        var statuses = view.FindAll("[data-testid=dashboard-status]").ToDictionary(e => e.GetAttribute("data-status")!, e => e.TextContent.Trim());
        Assert.Equal("In transit: 5", statuses["in_transit"]);
        Assert.Equal("Delivered: 7", statuses["delivered"]);
        Assert.Single(view.FindAll("#dashboard-status-chart"));
        Assert.Equal("2", view.Find("[data-testid=dashboard-delayed-count]").TextContent.Trim());
        var delayed = view.FindAll("[data-testid=dashboard-delayed]");
        Assert.Equal(2, delayed.Count);
        Assert.Contains("WW-2026-000007", delayed[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("+96 h", delayed[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("RUVVO", view.Find("[data-testid=dashboard-arriving]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["CNSHA → DEHAM", "CNPVG → RUSVO"], view.FindAll("[data-testid=dashboard-lane]").Select(l => l.TextContent.Trim()));
        Assert.Contains("38.5 days", view.Find("#dashboard-lanes").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_overview_loads_the_dashboard_of_the_current_company()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, $"/api/shipments/dashboard?companyId={CompanyId}", HttpStatusCode.OK, Sample);

        var page = Render<LogisticsOverview>();

        page.WaitForAssertion(() => page.Find("#dashboard"));
        Assert.Contains("2026-12-20 09:00 UTC", page.Find("[data-testid=dashboard-as-of]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_endpoint_a_404_is_an_empty_state_not_an_error()
    {
        SignIn("member");

        var page = Render<LogisticsOverview>();

        page.WaitForAssertion(() => page.Find("#dashboard-unavailable"));
        Assert.Empty(page.FindAll("[data-testid=api-problem]"));
    }
}
