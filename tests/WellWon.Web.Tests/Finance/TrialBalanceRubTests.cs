using System.Net;
using WellWon.Web.Components.Pages.Finance;
using static WellWon.Web.Tests.Finance.LedgerSamples;

namespace WellWon.Web.Tests.Finance;

/// <summary>The trial balance of a foreign currency shows each account's rouble equivalent when the ledger gives one; roubles show none.</summary>
public sealed class TrialBalanceRubTests : FinanceTestContext
{
    [Fact]
    public void A_foreign_currency_shows_its_rouble_equivalent_column()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, $"/api/finance/ledger/accounts?companyId={CompanyId}", HttpStatusCode.OK, ToJson(Chart()));
        Api.On(HttpMethod.Get, $"/api/finance/ledger/trial-balance?companyId={CompanyId}", HttpStatusCode.OK, ToJson(new
        {
            asOf = "2026-03-31T23:59:59Z",
            currencies = new object[]
            {
                new
                {
                    currency = "RUB",
                    accounts = new[] { new { accountId = Guid.NewGuid(), code = "1010.RUB", name = "Bank RUB", type = "asset", debit = 5m, credit = 0m, rubEquivalent = (decimal?)null } },
                    totalDebits = 5m, totalCredits = 5m, balanced = true,
                },
                new
                {
                    currency = "USD",
                    accounts = new[]
                    {
                        new { accountId = Guid.NewGuid(), code = "1010.USD", name = "Bank USD", type = "asset", debit = 1000m, credit = 0m, rubEquivalent = (decimal?)91_500m },
                        new { accountId = Guid.NewGuid(), code = "3010.USD", name = "Opening balances USD", type = "equity", debit = 0m, credit = 1000m, rubEquivalent = (decimal?)91_500m },
                    },
                    totalDebits = 1000m, totalCredits = 1000m, balanced = true,
                },
            },
        }));
        var page = Render<LedgerPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=account-link]"));

        page.FindAll(".mud-tab")[1].Click();
        page.WaitForAssertion(() => page.Find("#trial-show"));
        page.Find("#trial-show").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=trial-currency]").Count));
        Assert.Empty(page.FindAll("[data-testid=trial-currency][data-currency=RUB] [data-testid=trial-rub-header]"));
        Assert.Equal(["91\u00a0500.00", "91\u00a0500.00"], page.FindAll("[data-testid=trial-currency][data-currency=USD] [data-testid=trial-rub]").Select(c => c.TextContent).ToArray());
    }
}
