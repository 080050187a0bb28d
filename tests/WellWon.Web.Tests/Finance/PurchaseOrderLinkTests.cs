using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WellWon.Web.Components.Finance;
using WellWon.Web.Components.Pages.Finance;
using WellWon.Web.Tests.Logistics;
using static WellWon.Web.Tests.Finance.PurchaseOrderSamples;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// A PO line is linked to a cargo line of one of the company's shipments, picked in the dialog, and the order comes back with the
/// link; a draft is edited in the same form it was created in and saved with PUT.
/// </summary>
public sealed class PurchaseOrderLinkTests : FinanceTestContext
{
    [Fact]
    public async Task A_member_links_a_line_to_a_cargo_line_of_a_shipment_of_the_company()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, $"/api/finance/purchase-orders/{OrderId}", HttpStatusCode.OK, ToJson(Details(CompanyId, "confirmed")));
        Api.On(HttpMethod.Get, $"/api/shipments?companyId={CompanyId}&limit=100", HttpStatusCode.OK,
            ToJson(new { items = new[] { ShipmentSamples.ListItem(ShipmentSamples.ShipmentId, "WW-2026-000042") }, next = (string?)null }));
        Api.On(HttpMethod.Get, $"/api/shipments/{ShipmentSamples.ShipmentId}", HttpStatusCode.OK, ToJson(ShipmentSamples.Shipment(CompanyId, "booked")));
        Api.On(HttpMethod.Post, $"/api/finance/purchase-orders/{OrderId}/links", HttpStatusCode.OK, ToJson(Details(CompanyId, "confirmed")));
        var providers = RenderProviders();
        var page = Render<PurchaseOrderDetail>(p => p.Add(d => d.Id, OrderId));
        page.WaitForAssertion(() => page.Find("#po-link"));

        page.Find("#po-link").Click();
        providers.WaitForAssertion(() => providers.FindComponent<LinkShipmentLineDialog>());
        var dialog = providers.FindComponent<LinkShipmentLineDialog>();
        dialog.WaitForAssertion(() => Assert.Contains(Api.Requests, r => r.Path == $"/api/shipments?companyId={CompanyId}&limit=100"));
        var selects = dialog.FindComponents<MudSelect<Guid?>>();
        await dialog.InvokeAsync(() => selects[0].Instance.ValueChanged.InvokeAsync(ShipmentSamples.ShipmentId));
        dialog.WaitForAssertion(() => Assert.Contains(Api.Requests, r => r.Path == $"/api/shipments/{ShipmentSamples.ShipmentId}"));
        await dialog.InvokeAsync(() => selects[1].Instance.ValueChanged.InvokeAsync(ShipmentSamples.LineId));
        providers.Find("#link-quantity").Input("250");
        providers.WaitForAssertion(() => Assert.False(providers.Find("#link-submit").HasAttribute("disabled")));
        providers.Find("#link-submit").Click();

        page.WaitForAssertion(() => Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post));
        Assert.Equal($"{{\"lineNo\":1,\"shipmentId\":\"{ShipmentSamples.ShipmentId}\",\"cargoLineId\":\"{ShipmentSamples.LineId}\",\"quantity\":250}}",
            Api.Requests.Single(r => r.Method == HttpMethod.Post).Body);
    }

    [Fact]
    public void A_draft_is_edited_in_its_form_and_saved_with_put()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, $"/api/finance/purchase-orders/{OrderId}", HttpStatusCode.OK, ToJson(Details(CompanyId, "draft")));
        Api.On(HttpMethod.Put, $"/api/finance/purchase-orders/{OrderId}", HttpStatusCode.OK, ToJson(Details(CompanyId, "draft")));
        RenderProviders();
        var page = Render<PurchaseOrderEditor>(p => p.Add(e => e.Id, OrderId));
        page.WaitForAssertion(() => page.Find("#po-line-0-quantity"));
        Assert.Equal("Shanghai Tea Co", page.Find("#po-supplier-name").GetAttribute("value"));
        Assert.Equal("26010001/1481/0000/2/1", page.Find("#po-unk").GetAttribute("value"));

        page.Find("#po-line-0-quantity").Input("1200");
        page.Find("#po-save").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/finance/purchase-orders/{OrderId}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        var sent = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Put).Body!;
        Assert.Contains("\"quantity\":1200,\"unit\":\"kg\",\"unitPrice\":12.3455,\"sku\":null,\"hsCode\":\"0902100000\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"bank\":{\"account\":null,\"iban\":null,\"swift\":\"BKCHCNBJ\",\"bankName\":\"Bank of China\"}", sent, StringComparison.Ordinal);
    }
}
