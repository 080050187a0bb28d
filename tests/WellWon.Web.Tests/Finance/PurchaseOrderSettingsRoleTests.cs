using System.Net;
using WellWon.Web.Components.Pages.Finance;

namespace WellWon.Web.Tests.Finance;

/// <summary>A manager reads the approval limit that applies to them but is not offered to change it.</summary>
public sealed class PurchaseOrderSettingsRoleTests : FinanceTestContext
{
    [Fact]
    public void A_manager_reads_the_limit_without_a_save()
    {
        SignIn("manager");
        Api.On(HttpMethod.Get, $"/api/finance/purchase-orders/settings?companyId={CompanyId}", HttpStatusCode.OK,
            ToJson(new { companyId = CompanyId, managerLimitRub = 1_000_000m, setBy = Guid.NewGuid(), setAt = "2026-03-01T10:00:00Z" }));

        var page = Render<PurchaseOrderSettings>();

        page.WaitForAssertion(() => page.Find("[data-testid=po-limit-admins-only]"));
        Assert.Empty(page.FindAll("#po-limit-save"));
    }
}
