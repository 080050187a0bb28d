using WellWon.Web.Components.Layout;

namespace WellWon.Web.Tests.Finance;

/// <summary>A signed-in user finds the dashboard, ledger, purchase orders, supplier invoices, payments and invoices to clients under Finance; a stranger does not.</summary>
public sealed class FinanceNavTests : BunitContext
{
    [Fact]
    public void Finance_offers_the_ledger_and_purchase_orders_to_signed_in_users_only()
    {
        var auth = this.AddWebScreens(new StubApi(), Guid.NewGuid(), "entrepreneur");
        var menu = Render<NavMenu>();

        Assert.Equal("/finance/ledger", menu.Find("#nav-ledger").GetAttribute("href"));
        Assert.Equal("/finance/purchase-orders", menu.Find("#nav-purchase-orders").GetAttribute("href"));
        Assert.Equal("/finance", menu.Find("#nav-finance-dashboard").GetAttribute("href"));
        Assert.Equal("/finance/invoices", menu.Find("#nav-invoices").GetAttribute("href"));
        Assert.Equal("/finance/payments", menu.Find("#nav-payments").GetAttribute("href"));
        Assert.Equal("/finance/receivables", menu.Find("#nav-receivables").GetAttribute("href"));

        auth.SetNotAuthorized();
        menu.Render();

        Assert.Empty(menu.FindAll("#nav-ledger"));
    }
}
