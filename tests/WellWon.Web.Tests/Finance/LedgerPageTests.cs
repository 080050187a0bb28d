using System.Net;
using WellWon.Web.Components.Pages.Finance;
using static WellWon.Web.Tests.Finance.LedgerSamples;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// The company's ledger: an admin opens it when there is none (others are told who can); accounts with posted, pending and available
/// balances in the currency's minor units; the trial balance per currency as of the moment picked; balances as of a date.
/// </summary>
public sealed class LedgerPageTests : FinanceTestContext
{
    private static readonly string Accounts = $"/api/finance/ledger/accounts?companyId={CompanyId}";

    [Fact]
    public void An_admin_opens_the_ledger_the_company_does_not_have_yet()
    {
        SignIn("admin");
        Api.On(HttpMethod.Get, Accounts, HttpStatusCode.OK, "[]");
        Api.On(HttpMethod.Post, "/api/finance/ledger", _ =>
        {
            Api.On(HttpMethod.Get, Accounts, HttpStatusCode.OK, ToJson(Chart()));
            return new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(ToJson(new { companyId = CompanyId, created = true }), System.Text.Encoding.UTF8, "application/json") };
        });
        var page = Render<LedgerPage>();
        page.WaitForAssertion(() => page.Find("#ledger-open"));

        page.Find("#ledger-open").Click();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=account-link]").Count));
        Assert.Equal($"{{\"companyId\":\"{CompanyId}\"}}", Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body);
        Assert.Empty(page.FindAll("#ledger-open"));
    }

    [Fact]
    public void A_member_is_told_an_admin_opens_the_ledger()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, Accounts, HttpStatusCode.OK, "[]");

        var page = Render<LedgerPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=ledger-ask-admin]"));
        Assert.Empty(page.FindAll("#ledger-open"));
    }

    [Fact]
    public void Accounts_show_their_balances_with_the_currencys_minor_units_and_link_to_their_statement()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, Accounts, HttpStatusCode.OK, ToJson(Chart()));

        var page = Render<LedgerPage>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=account-link]").Count));
        Assert.Equal("1\u00a0234.50", page.FindAll("[data-testid=account-posted]")[0].TextContent);
        Assert.Equal("0.00", page.FindAll("[data-testid=account-available]")[1].TextContent);
        Assert.Equal("/finance/ledger/accounts/1010.USD", page.FindAll("[data-testid=account-link]")[0].GetAttribute("href"));
        // Writing is for admins: a viewer is offered no entry or conversion.
        Assert.Empty(page.FindAll("#ledger-new-entry"));
        Assert.Empty(page.FindAll("#ledger-convert"));
    }

    [Fact]
    public void The_trial_balance_is_asked_for_as_of_the_moment_picked_in_utc()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, Accounts, HttpStatusCode.OK, ToJson(Chart()));
        var trialPath = $"/api/finance/ledger/trial-balance?companyId={CompanyId}&asOf=2026-03-01T12%3A30%3A00Z";
        Api.On(HttpMethod.Get, trialPath, HttpStatusCode.OK, ToJson(new
        {
            asOf = "2026-03-01T12:30:00Z",
            currencies = new[]
            {
                new
                {
                    currency = "USD",
                    accounts = new[]
                    {
                        new { accountId = Guid.NewGuid(), code = "1010.USD", name = "Bank USD", type = "asset", debit = 1000m, credit = 0m },
                        new { accountId = Guid.NewGuid(), code = "3010.USD", name = "Opening balances USD", type = "equity", debit = 0m, credit = 1000m },
                    },
                    totalDebits = 1000m, totalCredits = 1000m, balanced = true,
                },
            },
        }));
        var page = Render<LedgerPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=account-link]"));

        page.FindAll(".mud-tab")[1].Click();
        page.WaitForAssertion(() => page.Find("#trial-as-of"));
        page.Find("#trial-as-of").Input("2026-03-01T12:30");
        page.Find("#trial-show").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=trial-currency]"));
        Assert.Contains(Api.Requests, r => r.Path == trialPath);
        Assert.Equal("USD", page.Find("[data-testid=trial-currency]").GetAttribute("data-currency"));
        Assert.Equal("1\u00a0000.00", page.Find("[data-testid=trial-debits]").TextContent);
        Assert.Equal("Balanced", page.Find("[data-testid=trial-balanced]").TextContent.Trim());
        Assert.Contains("2026-03-01 12:30 UTC", page.Find("[data-testid=trial-as-of-shown]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Balances_are_shown_as_of_a_date()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, Accounts, HttpStatusCode.OK, ToJson(Chart()));
        var path = $"/api/finance/ledger/balances?companyId={CompanyId}&asOf=2026-01-31T23%3A59%3A00Z";
        Api.On(HttpMethod.Get, path, HttpStatusCode.OK, ToJson(new { asOf = "2026-01-31T23:59:00Z", accounts = new[] { Account("1010.USD", "Bank USD", "asset", "USD", 10m) } }));
        var page = Render<LedgerPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=account-link]"));

        page.FindAll(".mud-tab")[2].Click();
        page.WaitForAssertion(() => page.Find("#balances-as-of"));
        page.Find("#balances-as-of").Input("2026-01-31T23:59");
        page.Find("#balances-show").Click();

        page.WaitForAssertion(() => Assert.Equal("10.00", page.Find("[data-testid=balance-posted]").TextContent));
        Assert.Contains(Api.Requests, r => r.Path == path);
    }
}
