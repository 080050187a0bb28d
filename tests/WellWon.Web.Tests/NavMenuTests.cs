using WellWon.Web.Components.Layout;
using WellWon.Web.Session;

namespace WellWon.Web.Tests;

/// <summary>The navigation offers what the visitor may use: sign-in for strangers, administration for WellWon administrators only.</summary>
public sealed class NavMenuTests : BunitContext
{
    [Fact]
    public void A_signed_out_visitor_is_offered_sign_in_and_sign_up_only()
    {
        this.AddWebScreens(new StubApi());

        var menu = Render<NavMenu>();

        Assert.Single(menu.FindAll("#nav-login"));
        Assert.Single(menu.FindAll("#nav-register"));
        Assert.Empty(menu.FindAll("#nav-companies"));
        Assert.Empty(menu.FindAll("#nav-admin"));
    }

    [Fact]
    public void Administration_shows_for_an_administrator_and_not_for_an_entrepreneur()
    {
        var auth = this.AddWebScreens(new StubApi(), Guid.NewGuid(), "entrepreneur");
        var menu = Render<NavMenu>();
        Assert.Single(menu.FindAll("#nav-companies"));
        Assert.Empty(menu.FindAll("#nav-admin"));

        auth.SetRoles(SessionClaims.AdminRole);
        menu.Render();

        Assert.Single(menu.FindAll("#nav-admin"));
        Assert.Empty(menu.FindAll("#nav-login"));
    }
}
