using System.Net;
using WellWon.Web.Components.Pages.Finance;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// Invoices to clients: the list (drafts unnumbered); an admin drafts one with the server's 400 at its field, issues it and sees the
/// number it was given, cancels it with a reason; others only read.
/// </summary>
public sealed class ReceivableScreenTests : FinanceTestContext
{
    private static readonly Guid InvoiceId = Guid.Parse("0196a0c4-9999-7000-8000-000000000001");

    private static string Detail => $"/api/finance/receivables/{InvoiceId}?companyId={CompanyId}";

    private static object Invoice(string status, string? number, string? cancelReason = null) => new
    {
        id = InvoiceId, number, status, client = new { companyId = (Guid?)null, name = "Retail Chain LLC", taxId = "7701234567" }, currency = "RUB",
        issueDate = number is null ? null : "2026-03-20", dueDate = "2026-04-19",
        lines = new[] { new { description = "Customs brokerage", quantity = 1m, unitPrice = 10_000m, vatRate = 20, shipmentId = (Guid?)null } },
        net = 10_000m, vat = 2_000m, total = 12_000m, cancelReason,
    };

    [Fact]
    public void The_list_shows_drafts_without_a_number_and_issued_ones_with_theirs()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, $"/api/finance/receivables?companyId={CompanyId}", HttpStatusCode.OK,
            ToJson(new { items = new[] { Invoice("issued", "INV-2026-000001"), Invoice("draft", null) }, total = 2L }));

        var page = Render<ReceivableList>();

        page.WaitForAssertion(() => Assert.Equal(["INV-2026-000001", "Draft"], page.FindAll("[data-testid=receivable-link]").Select(l => l.TextContent).ToArray()));
        Assert.Equal("12\u00a0000.00 RUB", page.FindAll("[data-testid=receivable-total]")[0].TextContent);
        Assert.Empty(page.FindAll("#receivable-new"));
    }

    [Fact]
    public void An_admin_drafts_an_invoice_and_the_server_400_lands_at_its_line()
    {
        SignIn("admin");
        Api.On(HttpMethod.Post, "/api/finance/receivables", HttpStatusCode.BadRequest, ToJson(new
        {
            status = 400, title = "Some fields need attention", code = "validation",
            errors = new Dictionary<string, string[]> { ["lines[0].description"] = ["Describe what is invoiced."] },
        }));
        var page = Render<ReceivableEditor>();
        page.WaitForAssertion(() => page.Find("#receivable-save"));

        page.Find("#receivable-client-name").Input("Retail Chain LLC");
        page.Find("#receivable-line-0-price").Input("10000");
        page.WaitForAssertion(() => Assert.Equal("Total 12\u00a0000.00 RUB", page.Find("[data-testid=receivable-form-total]").TextContent));
        page.Find("#receivable-save").Click();

        page.WaitForAssertion(() => Assert.Contains("Describe what is invoiced.", page.Markup, StringComparison.Ordinal));
        var body = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        Assert.Contains("\"client\":{\"companyId\":null,\"name\":\"Retail Chain LLC\",\"taxId\":null},\"currency\":\"RUB\"", body, StringComparison.Ordinal);
        Assert.Contains("\"lines\":[{\"description\":\"\",\"quantity\":1,\"unitPrice\":10000,\"vatRate\":20,\"shipmentId\":null}]", body, StringComparison.Ordinal);

        Api.On(HttpMethod.Post, "/api/finance/receivables", HttpStatusCode.Created, ToJson(Invoice("draft", null)));
        page.Find("#receivable-line-0-description").Change("Customs brokerage");
        page.Find("#receivable-save").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/finance/receivables/{InvoiceId}", Navigation.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public void Issuing_shows_the_number_and_cancelling_keeps_it_with_the_reason()
    {
        SignIn("admin");
        Api.On(HttpMethod.Get, Detail, HttpStatusCode.OK, ToJson(Invoice("draft", null)));
        Api.On(HttpMethod.Post, $"/api/finance/receivables/{InvoiceId}/issue", HttpStatusCode.OK, ToJson(Invoice("issued", "INV-2026-000001")));
        Api.On(HttpMethod.Post, $"/api/finance/receivables/{InvoiceId}/cancel", HttpStatusCode.OK, ToJson(Invoice("cancelled", "INV-2026-000001", "Billed twice")));
        var page = Render<ReceivableEditor>(p => p.Add(x => x.Id, InvoiceId));
        page.WaitForAssertion(() => Assert.Equal("Draft invoice", page.Find("[data-testid=receivable-number]").TextContent));

        page.Find("#receivable-issue").Click();

        page.WaitForAssertion(() => Assert.Equal("INV-2026-000001", page.Find("[data-testid=receivable-number]").TextContent));
        Assert.Equal($"{{\"companyId\":\"{CompanyId}\"}}", Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body);
        Assert.Empty(page.FindAll("#receivable-issue"));

        page.Find("#receivable-cancel").Click();
        page.Find("#receivable-cancel-reason").Input("Billed twice");
        page.Find("#receivable-cancel-submit").Click();

        page.WaitForAssertion(() => Assert.Equal("cancelled", page.Find("[data-testid=receivable-status]").GetAttribute("data-status")));
        Assert.Equal("INV-2026-000001", page.Find("[data-testid=receivable-number]").TextContent);
        Assert.Contains("Billed twice", page.Find("[data-testid=receivable-cancel-reason]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_reads_an_invoice_but_neither_issues_nor_cancels_it()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, Detail, HttpStatusCode.OK, ToJson(Invoice("draft", null)));

        var page = Render<ReceivableEditor>(p => p.Add(x => x.Id, InvoiceId));

        page.WaitForAssertion(() => page.Find("[data-testid=receivable-line]"));
        Assert.Empty(page.FindAll("#receivable-issue"));
        Assert.Empty(page.FindAll("#receivable-cancel"));
    }
}
