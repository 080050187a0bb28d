using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Web.Api;
using WellWon.Web.Components.Customs;
using WellWon.Web.Components.Pages.Logistics;
using WellWon.Web.Tests.Logistics;
using static WellWon.Web.Tests.Logistics.ShipmentSamples;

namespace WellWon.Web.Tests.Customs;

/// <summary>
/// The shipment page's landed cost: the Api's figures with their basis and warnings, a friendly empty state while there is none
/// (404), a what-if that changes one line's HS code and shows the answer without saving; and "Prepare declaration" opens one
/// from the shipment.
/// </summary>
public sealed class LandedCostPanelTests : LogisticsTestContext
{
    private static readonly string Path = $"/api/customs/landed-cost?shipmentId={ShipmentId}";

    [Fact]
    public void The_landed_cost_shows_its_totals_items_basis_and_warnings()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, Path, HttpStatusCode.OK, Sample);

        var panel = RenderPanel();

        panel.WaitForAssertion(() => Assert.Equal("estimate", panel.Find("[data-testid=landed-cost-basis]").GetAttribute("data-basis")));
        Assert.Equal("150,000.00 RUB", panel.Find("[data-testid=lc-goods]").TextContent);
        Assert.Equal("15,000.00 RUB", panel.Find("[data-testid=lc-duty]").TextContent);
        Assert.Equal("233,730.00 RUB", panel.Find("[data-testid=lc-total]").TextContent);
        Assert.Equal(["Ball bearings", "Green tea"], panel.FindAll("[data-testid=lc-item-description]").Select(e => e.TextContent).ToArray());
        Assert.Equal("—", panel.FindAll("[data-testid=lc-item-hs]")[1].TextContent);
        Assert.Equal("Cargo line 2 has no HS code: its duty is not included.", panel.Find("[data-testid=landed-cost-warning]").TextContent.Trim());
    }

    [Fact]
    public void Without_a_landed_cost_the_panel_says_so_kindly()
    {
        SignIn("member");

        var panel = RenderPanel();

        panel.WaitForAssertion(() => panel.Find("[data-testid=landed-cost-empty]"));
        Assert.Empty(panel.FindAll("[data-testid=api-problem]"));
        Assert.Empty(panel.FindAll("[data-testid=landed-cost-problem]"));
    }

    [Fact]
    public void A_what_if_sends_the_changed_code_and_shows_its_answer_beside_the_saved_total()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, Path, HttpStatusCode.OK, Sample);
        Api.On(HttpMethod.Post, "/api/customs/landed-cost/what-if", HttpStatusCode.OK, Sample.Replace("\"estimate\"", "\"what-if\"", StringComparison.Ordinal)
            .Replace("\"total\": 233730.00}", "\"total\": 240000.00}", StringComparison.Ordinal));
        RenderProviders();
        var panel = RenderPanel();
        panel.WaitForAssertion(() => panel.Find("[data-testid=lc-total]"));

        panel.Find("#what-if-panel .mud-expand-panel-header").Click();
        panel.WaitForAssertion(() => panel.Find("#what-if-hs"));
        panel.Find("#what-if-hs").Input("8482109000");
        panel.Find("#what-if-origin").Input("VN");
        panel.Find("#what-if-run").Click();

        panel.WaitForAssertion(() => Assert.Equal("what-if", panel.Find("[data-testid=landed-cost-basis]").GetAttribute("data-basis")));
        Assert.Equal("240,000.00 RUB", panel.Find("[data-testid=lc-total]").TextContent);
        Assert.Contains("233,730.00", panel.Find("[data-testid=landed-cost-what-if]").TextContent, StringComparison.Ordinal);
        var sent = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        Assert.Contains("\"hsCode\":\"8482109000\",\"origin\":\"VN\"", sent, StringComparison.Ordinal);
        Assert.Contains($"\"shipmentId\":\"{ShipmentId}\"", sent, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_declaration_opens_one_from_the_shipment_and_goes_to_its_editor()
    {
        SignIn("member");
        var declarationId = Guid.NewGuid();
        Api.On(HttpMethod.Get, $"/api/shipments/{ShipmentId}", HttpStatusCode.OK, ToJson(Shipment(CompanyId)));
        Api.On(HttpMethod.Get, $"/api/shipments/{ShipmentId}/timeline", HttpStatusCode.OK, ToJson(Timeline()));
        Api.On(HttpMethod.Post, "/api/customs/declarations", HttpStatusCode.Created, ToJson(new { id = declarationId }));

        var page = Render<ShipmentDetail>(p => p.Add(d => d.Id, ShipmentId));
        page.WaitForAssertion(() => page.Find("[data-testid=landed-cost-empty]"));
        page.Find("#shipment-prepare-declaration").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/customs/{declarationId}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        var sent = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        Assert.Contains($"\"fromShipmentId\":\"{ShipmentId}\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"procedure\":\"40\"", sent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_viewer_is_not_offered_to_prepare_a_declaration()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, $"/api/shipments/{ShipmentId}", HttpStatusCode.OK, ToJson(Shipment(CompanyId)));
        Api.On(HttpMethod.Get, $"/api/shipments/{ShipmentId}/timeline", HttpStatusCode.OK, ToJson(Timeline()));

        var page = Render<ShipmentDetail>(p => p.Add(d => d.Id, ShipmentId));

        page.WaitForAssertion(() => page.Find("[data-testid=landed-cost]"));
        Assert.Empty(page.FindAll("#shipment-prepare-declaration"));
    }

    private IRenderedComponent<LandedCostPanel> RenderPanel() => Render<LandedCostPanel>(p => p
        .Add(c => c.ShipmentId, ShipmentId)
        .Add(c => c.CompanyId, CompanyId)
        .Add(c => c.Incoterm, "FOB")
        .Add(c => c.Cargo, new List<CargoLineView>
        {
            new(Guid.NewGuid(), "Ball bearings", "8482101000", 10, "box", 1200m, 1100m, null, new MoneyView(15000m, "CNY")),
            new(Guid.NewGuid(), "Green tea", null, 5, "bag", 100m, 90m, null, new MoneyView(1000m, "CNY")),
        }));

    // The contract's sample, with figures.
    private const string Sample = """
        { "shipmentId": "0196a0c4-5555-7000-8000-000000000001", "companyId": "0196a0c4-1111-7000-8000-000000000001", "currency": "RUB", "ratesDate": "2025-11-14",
          "basis": "estimate", "declarationId": null,
          "items": [ { "description": "Ball bearings", "hsCode": "8482100001", "goodsValue": 150000.00, "freight": 12000.00, "insurance": 0.00,
                       "duty": 15000.00, "excise": 0.00, "vat": 35400.00, "fees": 8530.00, "total": 220930.00 },
                     { "description": "Green tea", "hsCode": null, "goodsValue": 0.00, "freight": 0.00, "insurance": 0.00,
                       "duty": 0.00, "excise": 0.00, "vat": 0.00, "fees": 0.00, "total": 0.00 } ],
          "totals": { "goodsValue": 150000.00, "freight": 12000.00, "insurance": 0.00, "duty": 15000.00, "excise": 0.00, "vat": 35400.00, "fees": 8530.00,
                      "brokerAndWarehouse": 12800.00, "totalWithoutVat": 198330.00, "total": 233730.00},
          "warnings": [ "Cargo line 2 has no HS code: its duty is not included." ] }
        """;
}
