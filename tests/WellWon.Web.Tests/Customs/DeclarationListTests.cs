using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Web.Components.Pages.Customs;
using WellWon.Web.Tests.Logistics;
using static WellWon.Web.Tests.Logistics.ShipmentSamples;

namespace WellWon.Web.Tests.Customs;

/// <summary>
/// The company's declarations with their status and shipment; a member opens a new one (procedure 40 unless chosen otherwise, from a
/// shipment when one is picked) and lands in its editor; a viewer is not offered to; a declaration changed elsewhere is re-read by push.
/// </summary>
public sealed class DeclarationListTests : LogisticsTestContext
{
    private static readonly Guid DeclarationId = Guid.Parse("0196a0c4-9999-7000-8000-000000000001");

    [Fact]
    public void The_list_shows_each_declarations_status_number_and_shipment()
    {
        SignIn("member");
        Answer();

        var page = Render<DeclarationList>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=declaration-link]").Count));
        Assert.Equal(["released", "draft"], page.FindAll("#declaration-list [data-testid=declaration-status-chip]").Select(c => c.GetAttribute("data-status")).ToArray());
        Assert.Equal("10702070/141125/0000123", page.FindAll("[data-testid=declaration-link]")[0].TextContent);
        Assert.Equal("WW-2026-000042", page.Find("[data-testid=declaration-shipment-link]").TextContent);
        Assert.Equal($"/shipments/{ShipmentId}", page.Find("[data-testid=declaration-shipment-link]").GetAttribute("href"));
    }

    [Fact]
    public void A_member_opens_a_declaration_under_procedure_40_and_goes_to_its_editor()
    {
        SignIn("member");
        Answer();
        Api.On(HttpMethod.Post, "/api/customs/declarations", HttpStatusCode.Created, ToJson(new { id = DeclarationId }));
        RenderProviders();
        var page = Render<DeclarationList>();
        page.WaitForAssertion(() => page.Find("[data-testid=declaration-link]"));

        page.Find("#declaration-new").Click();
        page.Find("#new-create").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/customs/{DeclarationId}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        var sent = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        Assert.Contains($"\"companyId\":\"{CompanyId}\",\"procedure\":\"40\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"fromShipmentId\":null", sent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_viewer_is_not_offered_a_new_declaration()
    {
        SignIn("viewer");
        Answer();

        var page = Render<DeclarationList>();

        page.WaitForAssertion(() => page.Find("[data-testid=declaration-link]"));
        Assert.Empty(page.FindAll("#declaration-new"));
    }

    [Fact]
    public void A_declaration_changed_elsewhere_is_pushed_and_the_list_rereads()
    {
        SignIn("member");
        Answer();
        var page = Render<DeclarationList>(p => p.Add(l => l.RefreshDelay, TimeSpan.FromMilliseconds(10)));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=declaration-link]").Count));
        Assert.Contains(Live.Joined, g => g == $"company:{CompanyId}");

        Api.On(HttpMethod.Get, $"/api/customs/declarations?companyId={CompanyId}", HttpStatusCode.OK, ToJson(new object[]
        {
            Summary(Guid.NewGuid(), "released", "10702070/141125/0000123", ShipmentId),
            Summary(DeclarationId, "submitted", null, null),
        }));
        Live.Push($"company:{CompanyId}", "declaration", DeclarationId.ToString(), 7, "status");

        page.WaitForAssertion(() => Assert.Equal(
            ["released", "submitted"],
            page.FindAll("#declaration-list [data-testid=declaration-status-chip]").Select(c => c.GetAttribute("data-status")).ToArray()));
    }

    [Fact]
    public void Another_kind_of_change_in_the_company_does_not_reread_the_list()
    {
        SignIn("member");
        Answer();
        var page = Render<DeclarationList>(p => p.Add(l => l.RefreshDelay, TimeSpan.FromMilliseconds(10)));
        page.WaitForAssertion(() => page.Find("[data-testid=declaration-link]"));
        var reads = Api.Requests.Count(r => r.Path.StartsWith("/api/customs/declarations", StringComparison.Ordinal));

        Live.Push($"company:{CompanyId}", "shipment", ShipmentId.ToString(), 7, "status");
        Live.Push($"company:{Guid.NewGuid()}", "declaration", DeclarationId.ToString(), 7, "status");
        Thread.Sleep(100);

        Assert.Equal(reads, Api.Requests.Count(r => r.Path.StartsWith("/api/customs/declarations", StringComparison.Ordinal)));
    }

    private void Answer()
    {
        Api.On(HttpMethod.Get, $"/api/customs/declarations?companyId={CompanyId}", HttpStatusCode.OK, ToJson(new object[]
        {
            Summary(Guid.NewGuid(), "released", "10702070/141125/0000123", ShipmentId),
            Summary(DeclarationId, "draft", null, null),
        }));
        Api.On(HttpMethod.Get, $"/api/shipments?companyId={CompanyId}&limit=100", HttpStatusCode.OK, ToJson(new
        {
            items = new[] { ListItem(ShipmentId, "WW-2026-000042") },
            next = (string?)null,
        }));
    }

    private static object Summary(Guid id, string status, string? registrationNumber, Guid? shipmentId) => new
    {
        id, status, procedure = "40", customsOffice = "10702070", declarationDate = "2025-11-14", registrationNumber, shipmentId, itemCount = 1,
        customsValueRub = 1_500_000m, payableRub = 308_530m, createdAt = "2025-11-14T08:00:00Z", updatedAt = "2025-11-14T08:00:00Z",
    };
}
