using System.Net;
using WellWon.Web.Components.Pages.Finance;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// The cash and payables dashboard: cash per currency with its rouble equivalent and total; payables per currency and age bucket as a
/// stacked bar and a table; the open rows, oldest first, linking to what is owed; everything as of the date picked.
/// </summary>
public sealed class FinanceDashboardTests : FinanceTestContext
{
    private static readonly Guid InvoiceId = Guid.Parse("0196a0c4-6666-7000-8000-000000000001");

    private static object Cash(string asOf) => new
    {
        asOf,
        currencies = new object[]
        {
            new { currency = "RUB", posted = 1_000_000m, pending = -50_000m, available = 950_000m, officialRate = (decimal?)null, rubEquivalent = (decimal?)1_000_000m },
            new { currency = "USD", posted = 10_000m, pending = 0m, available = 10_000m, officialRate = (decimal?)91.5m, rubEquivalent = (decimal?)915_000m },
        },
        totalRub = 1_915_000m,
    };

    private static object Payables(string asOf) => new
    {
        asOf,
        rows = new object[]
        {
            new { kind = "supplier-invoice", id = InvoiceId, party = "Shanghai Tea Co", reference = "INV-889", currency = "USD", amount = 1875m, open = 1875m, dueDate = "2026-02-01", daysOverdue = 45, bucket = "31-60" },
            new { kind = "customs", id = Guid.NewGuid(), party = "Federal Customs Service", reference = "10702010/200326/0001234", currency = "RUB", amount = 250_000m, open = 250_000m, dueDate = "2026-03-25", daysOverdue = 0, bucket = "current" },
        },
        totals = new object[]
        {
            new { currency = "RUB", current = 250_000m, d1to30 = 0m, d31to60 = 0m, d61to90 = 0m, over90 = 0m, total = 250_000m },
            new { currency = "USD", current = 0m, d1to30 = 0m, d31to60 = 1875m, d61to90 = 0m, over90 = 0m, total = 1875m },
        },
    };

    private static readonly object NothingOwed = new { asOf = "2026-03-16", rows = Array.Empty<object>(), totals = Array.Empty<object>() };

    [Fact]
    public void Cash_and_payables_are_shown_per_currency_with_the_aging_chart_and_links_to_the_rows()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, $"/api/finance/cash-position?companyId={CompanyId}", HttpStatusCode.OK, ToJson(Cash("2026-03-16")));
        Api.On(HttpMethod.Get, $"/api/finance/payables?companyId={CompanyId}", HttpStatusCode.OK, ToJson(Payables("2026-03-16")));
        Api.On(HttpMethod.Get, $"/api/finance/receivables-aging?companyId={CompanyId}", HttpStatusCode.OK, ToJson(NothingOwed));

        var page = Render<FinanceDashboard>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=cash-row]").Count));
        Assert.Equal("915\u00a0000.00", page.Find("[data-testid=cash-row][data-currency=USD] [data-testid=cash-rub]").TextContent.Trim());
        Assert.Equal("-50\u00a0000.00", page.Find("[data-testid=cash-row][data-currency=RUB] [data-testid=cash-pending]").TextContent);
        Assert.Equal("1\u00a0915\u00a0000.00", page.Find("[data-testid=cash-total-rub]").TextContent);

        Assert.NotNull(page.Find("#payables-chart"));
        Assert.Equal("1\u00a0875.00", page.Find("[data-testid=payables-total][data-currency=USD] [data-bucket='31-60']").TextContent);
        Assert.Equal("250\u00a0000.00", page.Find("[data-testid=payables-total][data-currency=RUB] [data-testid=payables-sum]").TextContent);
        // The most overdue first, each linking to what is owed.
        var links = page.FindAll("[data-testid=payable-link]");
        Assert.Equal($"/finance/invoices/{InvoiceId}", links[0].GetAttribute("href"));
        Assert.Equal("31-60 days", page.FindAll("[data-testid=payable-bucket]")[0].TextContent);
    }

    [Fact]
    public void The_dashboard_is_asked_for_as_of_the_date_picked()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, $"/api/finance/cash-position?companyId={CompanyId}", HttpStatusCode.OK, ToJson(Cash("2026-03-16")));
        Api.On(HttpMethod.Get, $"/api/finance/payables?companyId={CompanyId}", HttpStatusCode.OK, ToJson(new { asOf = "2026-03-16", rows = Array.Empty<object>(), totals = Array.Empty<object>() }));
        Api.On(HttpMethod.Get, $"/api/finance/cash-position?companyId={CompanyId}&asOf=2026-01-31", HttpStatusCode.OK, ToJson(Cash("2026-01-31")));
        Api.On(HttpMethod.Get, $"/api/finance/payables?companyId={CompanyId}&asOf=2026-01-31", HttpStatusCode.OK, ToJson(Payables("2026-01-31")));
        Api.On(HttpMethod.Get, $"/api/finance/receivables-aging?companyId={CompanyId}", HttpStatusCode.OK, ToJson(NothingOwed));
        Api.On(HttpMethod.Get, $"/api/finance/receivables-aging?companyId={CompanyId}&asOf=2026-01-31", HttpStatusCode.OK, ToJson(NothingOwed));
        var page = Render<FinanceDashboard>();
        page.WaitForAssertion(() => page.Find("[data-testid=payables-empty]"));

        page.Find("#finance-as-of").Input("2026-01-31");
        page.Find("#finance-as-of-show").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=payables-total]").Count));
        Assert.Contains(Api.Requests, r => r.Path == $"/api/finance/payables?companyId={CompanyId}&asOf=2026-01-31");
    }
}
