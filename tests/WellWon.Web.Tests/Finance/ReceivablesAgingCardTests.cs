using System.Net;
using WellWon.Web.Components.Pages.Finance;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// The dashboard's receivables card beside the payables one: what clients owe per currency and age bucket, drawn by the same aging
/// chart and table, linking to the list of invoices to clients filtered to the open ones; the list honours that filter.
/// </summary>
public sealed class ReceivablesAgingCardTests : FinanceTestContext
{
    private static readonly object NothingOwed = new { asOf = "2026-03-16", rows = Array.Empty<object>(), totals = Array.Empty<object>() };

    private static object Receivables(string asOf) => new
    {
        asOf,
        rows = new object[]
        {
            new { id = Guid.NewGuid(), client = "Volga Trade", number = "INV-2026-000004", currency = "RUB", amount = 80_000m, open = 80_000m, issueDate = "2025-12-01", dueDate = "2026-01-01", daysOverdue = 74, bucket = "61-90" },
            new { id = Guid.NewGuid(), client = "Baltic Retail", number = "INV-2026-000001", currency = "USD", amount = 12_000m, open = 8_000m, issueDate = "2026-02-20", dueDate = "2026-03-20", daysOverdue = 0, bucket = "current" },
        },
        totals = new object[]
        {
            new { currency = "RUB", current = 0m, d1to30 = 0m, d31to60 = 0m, d61to90 = 80_000m, over90 = 0m, total = 80_000m },
            new { currency = "USD", current = 8_000m, d1to30 = 0m, d31to60 = 0m, d61to90 = 0m, over90 = 0m, total = 8_000m },
        },
    };

    private void StubCashAndPayables(string? asOf = null)
    {
        var query = asOf is null ? "" : $"&asOf={asOf}";
        Api.On(HttpMethod.Get, $"/api/finance/cash-position?companyId={CompanyId}{query}", HttpStatusCode.OK,
            ToJson(new { asOf = asOf ?? "2026-03-16", currencies = Array.Empty<object>(), totalRub = (decimal?)null }));
        Api.On(HttpMethod.Get, $"/api/finance/payables?companyId={CompanyId}{query}", HttpStatusCode.OK, ToJson(NothingOwed));
    }

    [Fact]
    public void What_clients_owe_is_shown_per_currency_and_age_beside_the_payables_and_links_to_the_open_invoices()
    {
        SignIn("viewer");
        StubCashAndPayables();
        Api.On(HttpMethod.Get, $"/api/finance/receivables-aging?companyId={CompanyId}", HttpStatusCode.OK, ToJson(Receivables("2026-03-16")));

        var page = Render<FinanceDashboard>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=receivables-total]").Count));
        Assert.NotNull(page.Find("#receivables-aging #receivables-chart"));
        Assert.Equal("80\u00a0000.00", page.Find("[data-testid=receivables-total][data-currency=RUB] [data-bucket='61-90']").TextContent);
        Assert.Equal("0.00", page.Find("[data-testid=receivables-total][data-currency=RUB] [data-bucket='current']").TextContent);
        Assert.Equal("8\u00a0000.00", page.Find("[data-testid=receivables-total][data-currency=USD] [data-bucket='current']").TextContent);
        Assert.Equal("8\u00a0000.00", page.Find("[data-testid=receivables-total][data-currency=USD] [data-testid=receivables-sum]").TextContent);
        Assert.Equal("/finance/receivables?status=open", page.Find("[data-testid=receivables-link]").GetAttribute("href"));
        // The payables card beside it says nothing is owed; the two do not mix.
        Assert.NotNull(page.Find("[data-testid=payables-empty]"));
        Assert.Empty(page.FindAll("[data-testid=payables-total]"));
        Assert.Empty(page.FindAll("[data-testid=receivables-empty]"));
    }

    [Fact]
    public void The_receivables_card_follows_the_date_picked_and_says_when_no_client_owes_anything()
    {
        SignIn("viewer");
        StubCashAndPayables();
        StubCashAndPayables("2026-01-31");
        Api.On(HttpMethod.Get, $"/api/finance/receivables-aging?companyId={CompanyId}", HttpStatusCode.OK, ToJson(NothingOwed));
        Api.On(HttpMethod.Get, $"/api/finance/receivables-aging?companyId={CompanyId}&asOf=2026-01-31", HttpStatusCode.OK, ToJson(Receivables("2026-01-31")));
        var page = Render<FinanceDashboard>();
        page.WaitForAssertion(() => page.Find("[data-testid=receivables-empty]"));

        page.Find("#finance-as-of").Input("2026-01-31");
        page.Find("#finance-as-of-show").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=receivables-total]").Count));
        Assert.Contains(Api.Requests, r => r.Path == $"/api/finance/receivables-aging?companyId={CompanyId}&asOf=2026-01-31");
    }

    [Fact]
    public void The_receivables_list_opened_from_the_card_shows_only_the_invoices_still_owed()
    {
        SignIn("viewer");
        static object Invoice(string number, string status) => new
        {
            id = Guid.NewGuid(), number, status, client = new { companyId = (Guid?)null, name = "Retail Chain LLC", taxId = (string?)null }, currency = "RUB",
            issueDate = "2026-03-01", dueDate = "2026-03-31",
            lines = new[] { new { description = "Freight", quantity = 1m, unitPrice = 1_000m, vatRate = 0, shipmentId = (Guid?)null } },
            total = 1_000m, paid = 0m, open = 1_000m,
        };
        Api.On(HttpMethod.Get, $"/api/finance/receivables?companyId={CompanyId}", HttpStatusCode.OK, ToJson(new
        {
            items = new[] { Invoice("INV-2026-000001", "issued"), Invoice("INV-2026-000002", "paid"), Invoice("INV-2026-000003", "partly-paid"), Invoice("INV-2026-000004", "cancelled") },
            total = 4L,
        }));
        Navigation.NavigateTo("/finance/receivables?status=open");

        var page = Render<ReceivableList>();

        page.WaitForAssertion(() => Assert.Equal(["INV-2026-000001", "INV-2026-000003"], page.FindAll("[data-testid=receivable-link]").Select(l => l.TextContent).ToArray()));
        Assert.Equal("/finance/receivables", page.Find("[data-testid=receivable-filter-clear]").GetAttribute("href"));
    }
}
