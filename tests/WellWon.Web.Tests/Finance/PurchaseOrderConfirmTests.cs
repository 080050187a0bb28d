using System.Net;
using WellWon.Web.Components.Pages.Finance;
using static WellWon.Web.Tests.Finance.PurchaseOrderSamples;

namespace WellWon.Web.Tests.Finance;

/// <summary>The supplier's confirmation of a sent PO is recorded with its reference, and the page shows the order as the Api returns it.</summary>
public sealed class PurchaseOrderConfirmTests : FinanceTestContext
{
    [Fact]
    public void A_member_records_the_suppliers_confirmation_with_its_reference()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, $"/api/finance/purchase-orders/{OrderId}", HttpStatusCode.OK, ToJson(Details(CompanyId, "sent")));
        Api.On(HttpMethod.Post, $"/api/finance/purchase-orders/{OrderId}/confirm", HttpStatusCode.OK, ToJson(Details(CompanyId, "confirmed")));
        var page = Render<PurchaseOrderDetail>(p => p.Add(d => d.Id, OrderId));
        page.WaitForAssertion(() => page.Find("#po-confirm"));

        page.Find("#po-confirm").Click();
        page.Find("#po-supplier-reference").Change("SO-8812");
        page.Find("#po-confirm-submit").Click();

        page.WaitForAssertion(() => Assert.Equal("confirmed", page.Find("[data-testid=po-status-chip]").GetAttribute("data-status")));
        Assert.Equal("{\"supplierReference\":\"SO-8812\"}", Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body);
        Assert.Empty(page.FindAll("#po-confirm-form"));
    }
}
