using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WellWon.Web.Components.Pages.Finance;
using static WellWon.Web.Tests.Finance.PurchaseOrderSamples;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// Purchase orders: the list filtered by status, supplier and currency with its totals per currency; the draft form checking IBAN
/// and HS codes as typed and showing the server's 400 at each field; the detail page offering the moves the role may make, with the
/// approval limit's 403 in words; cancellation with its reason; the approval limit for admins only.
/// </summary>
public sealed class PurchaseOrderScreenTests : FinanceTestContext
{
    private static string List(string filters = "") => $"/api/finance/purchase-orders?companyId={CompanyId}{filters}&limit=50&offset=0";

    [Fact]
    public async Task The_list_filters_by_status_supplier_and_currency_and_totals_per_currency()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, List(), HttpStatusCode.OK, ToJson(new
        {
            items = new[] { Summary("PO-2026-000002", "approved", "Shanghai Tea Co", "USD", 1000.5m), Summary("PO-2026-000001", "draft", "Yiwu Goods", "USD", 99.5m), Summary("PO-2026-000003", "sent", "Berlin GmbH", "EUR", 10m) },
            total = 3L,
        }));
        Api.On(HttpMethod.Get, List("&status=draft"), HttpStatusCode.OK, ToJson(new { items = new[] { Summary("PO-2026-000001", "draft", "Yiwu Goods", "USD", 99.5m) }, total = 1L }));
        Api.On(HttpMethod.Get, List("&status=draft&supplier=Yiwu"), HttpStatusCode.OK, ToJson(new { items = new[] { Summary("PO-2026-000001", "draft", "Yiwu Goods", "USD", 99.5m) }, total = 1L }));
        Api.On(HttpMethod.Get, List("&status=draft&supplier=Yiwu&currency=EUR"), HttpStatusCode.OK, ToJson(new { items = Array.Empty<object>(), total = 0L }));
        RenderProviders();
        var page = Render<PurchaseOrderList>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=po-link]").Count));
        Assert.Equal("1\u00a0100.00 USD", page.Find("[data-testid=po-currency-total][data-currency=USD]").TextContent);
        Assert.Equal("10.00 EUR", page.Find("[data-testid=po-currency-total][data-currency=EUR]").TextContent);
        Assert.Equal(["approved", "draft", "sent"], page.FindAll("#po-list [data-testid=po-status-chip]").Select(c => c.GetAttribute("data-status")).ToArray());
        Assert.NotEmpty(page.FindAll("#po-new"));

        page.Find("[data-testid=po-filter][data-status=draft]").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=po-link]")));
        page.Find("#po-filter-supplier").Input(" Yiwu ");
        page.Find("#po-filter-apply").Click();
        page.WaitForAssertion(() => Assert.Contains(Api.Requests, r => r.Path == List("&status=draft&supplier=Yiwu")));
        var currency = page.FindComponents<MudSelect<string>>().Single();
        await page.InvokeAsync(() => currency.Instance.ValueChanged.InvokeAsync("EUR"));

        page.WaitForAssertion(() => page.Find("[data-testid=po-empty]"));
        Assert.Equal("0 of 0", page.Find("[data-testid=po-count]").TextContent);
    }

    [Fact]
    public void A_viewer_is_offered_neither_a_new_order_nor_the_approval_limit()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, List(), HttpStatusCode.OK, ToJson(new { items = Array.Empty<object>(), total = 0L }));

        var page = Render<PurchaseOrderList>();

        page.WaitForAssertion(() => page.Find("[data-testid=po-empty]"));
        Assert.Empty(page.FindAll("#po-new"));
        Assert.Empty(page.FindAll("#po-settings"));
    }

    [Fact]
    public void The_form_checks_the_iban_by_mod_97_and_the_hs_code_as_they_are_typed()
    {
        SignIn("member");
        RenderProviders();
        var page = Render<PurchaseOrderEditor>();
        page.WaitForAssertion(() => page.Find("#po-iban"));

        page.Find("#po-iban").Input("DE89 3704 0044 0532 0130 01");
        page.Find("#po-line-0-hs").Input("09021");

        page.WaitForAssertion(() => Assert.Contains("is not a valid IBAN (country, check digits, mod-97)", page.Markup, StringComparison.Ordinal));
        Assert.Contains("'09021' is not a 10-digit EAEU commodity code.", page.Markup, StringComparison.Ordinal);
        Assert.True(page.Find("#po-save").HasAttribute("disabled"));

        page.Find("#po-iban").Input("DE89 3704 0044 0532 0130 00");
        page.Find("#po-line-0-hs").Input("0902100000");

        page.WaitForAssertion(() => Assert.DoesNotContain("is not a valid IBAN", page.Markup, StringComparison.Ordinal));
        Assert.False(page.Find("#po-save").HasAttribute("disabled"));
    }

    [Fact]
    public void The_servers_400_is_shown_at_each_field_it_names_and_a_saved_draft_opens_its_page()
    {
        SignIn("member");
        Api.On(HttpMethod.Post, "/api/finance/purchase-orders", HttpStatusCode.BadRequest, Problem(400, "validation", "Some fields need attention.", errors: new()
        {
            ["lines[0].description"] = ["Describe the goods (1 to 500 characters)."],
            ["incotermPlace"] = ["An Incoterms rule needs its named place (e.g. FOB Shanghai)."],
            ["supplier.country"] = ["A supplier outside WellWon needs its country (ISO 3166 alpha-2)."],
        }));
        RenderProviders();
        var page = Render<PurchaseOrderEditor>();
        page.WaitForAssertion(() => page.Find("#po-save"));
        page.Find("#po-supplier-name").Input("Shanghai Tea Co");
        page.Find("#po-line-0-quantity").Input("10");
        page.Find("#po-line-0-price").Input("2.5");

        page.Find("#po-save").Click();

        page.WaitForAssertion(() => Assert.Contains("Describe the goods (1 to 500 characters).", page.Markup, StringComparison.Ordinal));
        Assert.Contains("An Incoterms rule needs its named place (e.g. FOB Shanghai).", page.Markup, StringComparison.Ordinal);
        Assert.Contains("A supplier outside WellWon needs its country (ISO 3166 alpha-2).", page.Markup, StringComparison.Ordinal);
        Assert.Equal("Total 25.00 USD", page.Find("[data-testid=po-form-total]").TextContent);
        var sent = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        Assert.Contains("\"supplier\":{\"companyId\":null,\"name\":\"Shanghai Tea Co\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"quantity\":10,\"unit\":\"pcs\",\"unitPrice\":2.5", sent, StringComparison.Ordinal);

        Api.On(HttpMethod.Post, "/api/finance/purchase-orders", HttpStatusCode.Created, ToJson(Details(CompanyId, "draft")));
        page.Find("#po-save").Click();
        page.WaitForAssertion(() => Assert.EndsWith($"/finance/purchase-orders/{OrderId}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("viewer", "draft", "")]
    [InlineData("member", "draft", "edit cancel")]
    [InlineData("manager", "draft", "edit approve cancel")]
    [InlineData("admin", "approved", "send link cancel")]
    [InlineData("member", "sent", "confirm link cancel")]
    [InlineData("member", "received", "link close")]
    [InlineData("owner", "closed", "")]
    public void The_detail_offers_the_moves_the_role_may_make_in_the_status(string role, string status, string actions)
    {
        SignIn(role);
        Api.On(HttpMethod.Get, $"/api/finance/purchase-orders/{OrderId}", HttpStatusCode.OK, ToJson(Details(CompanyId, status)));

        var page = Render<PurchaseOrderDetail>(p => p.Add(d => d.Id, OrderId));

        page.WaitForAssertion(() => Assert.Equal(status, page.Find("[data-testid=po-status-chip]").GetAttribute("data-status")));
        Assert.Equal(actions, string.Join(' ', page.FindAll("[data-testid=po-action]").Select(a => a.GetAttribute("data-action"))));
    }

    [Fact]
    public void The_detail_shows_lines_progress_due_dates_and_the_approval_record()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, $"/api/finance/purchase-orders/{OrderId}", HttpStatusCode.OK, ToJson(Details(CompanyId, "confirmed",
            new { by = Me, role = "manager", rubEquivalent = 1_123_440.5m, rate = 91.0m, rateDate = "2026-03-02", at = "2026-03-02T09:00:00Z" })));

        var page = Render<PurchaseOrderDetail>(p => p.Add(d => d.Id, OrderId));

        page.WaitForAssertion(() => page.Find("[data-testid=po-approval-record]"));
        Assert.Contains("as manager", page.Find("[data-testid=po-approval-record]").TextContent, StringComparison.Ordinal);
        Assert.Contains("1\u00a0123\u00a0440.50 RUB at 91.0", page.Find("[data-testid=po-approval-record]").TextContent, StringComparison.Ordinal);
        Assert.Equal("12\u00a0345.50", page.Find("[data-testid=po-line-amount]").TextContent);
        Assert.Equal("400", page.Find("[data-testid=po-line-shipped]").TextContent);
        Assert.Equal("100", page.Find("[data-testid=po-line-received]").TextContent);
        Assert.Contains("due 2026-03-10", page.Find("[data-testid=po-payment]").TextContent, StringComparison.Ordinal);
        Assert.Contains("УНК 26010001/1481/0000/2/1", page.Find("[data-testid=po-contract]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Approval_above_the_managers_limit_shows_the_403_in_words()
    {
        SignIn("manager");
        Api.On(HttpMethod.Get, $"/api/finance/purchase-orders/{OrderId}", HttpStatusCode.OK, ToJson(Details(CompanyId, "draft")));
        Api.On(HttpMethod.Post, $"/api/finance/purchase-orders/{OrderId}/approve", HttpStatusCode.Forbidden, Problem(403, "finance.po.approval-limit-exceeded",
            "RUB 1 123 440.50 is above the managers' limit of RUB 1 000 000.00: an admin approves it.", "total"));
        var page = Render<PurchaseOrderDetail>(p => p.Add(d => d.Id, OrderId));
        page.WaitForAssertion(() => page.Find("#po-approve"));

        page.Find("#po-approve").Click();

        page.WaitForAssertion(() => Assert.Equal("RUB 1 123 440.50 is above the managers' limit of RUB 1 000 000.00: an admin approves it.",
            page.Find("[data-testid=api-problem]").TextContent.Trim()));
        Assert.Equal("draft", page.Find("[data-testid=po-status-chip]").GetAttribute("data-status"));
    }

    [Fact]
    public void Cancelling_sends_the_reason_and_shows_the_cancelled_order()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, $"/api/finance/purchase-orders/{OrderId}", HttpStatusCode.OK, ToJson(Details(CompanyId, "approved")));
        Api.On(HttpMethod.Post, $"/api/finance/purchase-orders/{OrderId}/cancel", HttpStatusCode.OK, ToJson(Details(CompanyId, "cancelled")));
        var providers = RenderProviders();
        var page = Render<PurchaseOrderDetail>(p => p.Add(d => d.Id, OrderId));
        page.WaitForAssertion(() => page.Find("#po-cancel"));

        page.Find("#po-cancel").Click();
        providers.WaitForAssertion(() => providers.Find("#po-cancel-reason"));
        providers.Find("#po-cancel-reason").Input("Supplier out of stock");
        providers.Find("#po-cancel-submit").Click();

        page.WaitForAssertion(() => Assert.Equal("cancelled", page.Find("[data-testid=po-status-chip]").GetAttribute("data-status")));
        Assert.Equal("{\"reason\":\"Supplier out of stock\"}", Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body);
    }

    [Fact]
    public void An_admin_sets_the_approval_limit_and_a_manager_only_reads_it()
    {
        SignIn("admin");
        Api.On(HttpMethod.Get, $"/api/finance/purchase-orders/settings?companyId={CompanyId}", HttpStatusCode.OK,
            ToJson(new { companyId = CompanyId, managerLimitRub = (decimal?)null, setBy = (Guid?)null, setAt = (DateTimeOffset?)null }));
        Api.On(HttpMethod.Put, "/api/finance/purchase-orders/settings", HttpStatusCode.OK,
            ToJson(new { companyId = CompanyId, managerLimitRub = 1_000_000m, setBy = Me, setAt = "2026-03-01T10:00:00Z" }));
        var page = Render<PurchaseOrderSettings>();
        page.WaitForAssertion(() => page.Find("#po-limit"));

        page.Find("#po-limit").Input("1000000");
        page.Find("#po-limit-save").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=po-limit-set]"));
        Assert.Equal($"{{\"companyId\":\"{CompanyId}\",\"managerLimitRub\":1000000}}", Assert.Single(Api.Requests, r => r.Method == HttpMethod.Put).Body);
    }
}
