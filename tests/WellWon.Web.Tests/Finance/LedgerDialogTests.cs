using System.Net;
using MudBlazor;
using WellWon.Web.Components.Finance;
using WellWon.Web.Components.Pages.Finance;
using static WellWon.Web.Tests.Finance.LedgerSamples;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// An admin's manual journal entry: each currency's balance is checked as the lines are typed and an unbalanced entry cannot be
/// posted; the ledger's refusal is shown at the line it names. An entry is reversed from an account's statement, whose lines carry
/// their running balance, cause and description, pages on, and marks the holds still pending.
/// </summary>
public sealed class LedgerDialogTests : FinanceTestContext
{
    private static readonly string Accounts = $"/api/finance/ledger/accounts?companyId={CompanyId}";

    [Fact]
    public async Task The_entry_dialog_checks_each_currency_balances_before_it_posts()
    {
        SignIn("admin");
        Api.On(HttpMethod.Get, Accounts, HttpStatusCode.OK, ToJson(Chart()));
        var providers = RenderProviders();
        var page = Render<LedgerPage>();
        page.WaitForAssertion(() => page.Find("#ledger-new-entry"));

        page.Find("#ledger-new-entry").Click();
        providers.WaitForAssertion(() => providers.FindComponent<JournalEntryDialog>());
        var dialog = providers.FindComponent<JournalEntryDialog>();
        providers.Find("#entry-description").Input("Owner's contribution");
        await Choose(dialog, 0, "1010.USD", "debit");
        await Choose(dialog, 1, "3010.USD", "credit");
        providers.Find("#entry-amount-0").Input("100");
        providers.Find("#entry-amount-1").Input("90");

        providers.WaitForAssertion(() => Assert.Equal("false", providers.Find("[data-testid=entry-balance]").GetAttribute("data-balanced")));
        Assert.Contains(providers.FindAll("[data-testid=entry-check]"), c => c.TextContent.Contains("USD does not balance: debits 100.00, credits 90.00", StringComparison.Ordinal));
        Assert.True(providers.Find("#entry-post").HasAttribute("disabled"));

        providers.Find("#entry-amount-1").Input("100");

        providers.WaitForAssertion(() => Assert.Equal("true", providers.Find("[data-testid=entry-balance]").GetAttribute("data-balanced")));
        Assert.False(providers.Find("#entry-post").HasAttribute("disabled"));
    }

    [Fact]
    public async Task The_ledgers_refusal_is_shown_at_the_line_and_account_it_names()
    {
        SignIn("owner");
        Api.On(HttpMethod.Get, Accounts, HttpStatusCode.OK, ToJson(Chart()));
        Api.On(HttpMethod.Post, "/api/finance/ledger/entries", (HttpStatusCode)422, Problem(422, "finance.ledger.overdraft",
            "1010.RUB would go below zero: 0.00 available, 500.00 asked.", "entries[0].lines[1]", "1010.RUB"));
        var providers = RenderProviders();
        var page = Render<LedgerPage>();
        page.WaitForAssertion(() => page.Find("#ledger-new-entry"));
        page.Find("#ledger-new-entry").Click();
        providers.WaitForAssertion(() => providers.FindComponent<JournalEntryDialog>());
        var dialog = providers.FindComponent<JournalEntryDialog>();
        providers.Find("#entry-description").Input("Pay out");
        await Choose(dialog, 0, "3010.RUB", "debit");
        await Choose(dialog, 1, "1010.RUB", "credit");
        providers.Find("#entry-amount-0").Input("500");
        providers.Find("#entry-amount-1").Input("500");

        providers.WaitForAssertion(() => Assert.False(providers.Find("#entry-post").HasAttribute("disabled")));
        providers.Find("#entry-post").Click();

        providers.WaitForAssertion(() => Assert.Equal("1", providers.Find("[data-testid=line-error]").Closest("[data-testid=entry-line]")!.GetAttribute("data-line")));
        Assert.Contains("1010.RUB would go below zero", providers.Find("[data-testid=line-error]").TextContent, StringComparison.Ordinal);
        var sent = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        Assert.Contains("\"lines\":[{\"account\":\"3010.RUB\",\"side\":\"debit\",\"amount\":500,\"currency\":\"RUB\"},{\"account\":\"1010.RUB\",\"side\":\"credit\",\"amount\":500,\"currency\":\"RUB\"}]", sent, StringComparison.Ordinal);
        Assert.Empty(providers.FindAll("[data-testid=entry-problem]"));
    }

    [Fact]
    public void The_statement_shows_running_balances_marks_pending_holds_and_pages_on()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, Accounts, HttpStatusCode.OK, ToJson(new[] { Account("1010.USD", "Bank USD", "asset", "USD", 150m, 190m, 150m, postedDebits: 200m, pendingDebits: 240m) }));
        Api.On(HttpMethod.Get, Statement(0), HttpStatusCode.OK, ToJson(StatementPage(0, (EntryId, "Opening balance", "contract 7", 200m, 0m, 200m), (Guid.NewGuid(), "Supplier prepayment", "PO-2026-000001", 0m, 50m, 150m))));
        Api.On(HttpMethod.Get, Statement(2), HttpStatusCode.OK, ToJson(StatementPage(2, (Guid.NewGuid(), "Bank fee", null, 0m, 1m, 149m))));

        var page = Render<AccountStatementPage>(p => p.Add(s => s.Account, "1010.USD").Add(s => s.PageSize, 2));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=statement-balance]").Count));
        Assert.Equal(["200.00", "150.00"], page.FindAll("[data-testid=statement-balance]").Select(b => b.TextContent).ToArray());
        Assert.Equal("Supplier prepayment", page.FindAll("[data-testid=statement-description]")[1].TextContent);
        Assert.Contains("PO-2026-000001", page.Markup, StringComparison.Ordinal);
        page.WaitForAssertion(() => page.Find("[data-testid=statement-pending-holds]"));
        Assert.Equal("190.00 USD", page.Find("[data-testid=statement-pending]").TextContent);
        Assert.Contains("debits 40.00", page.Find("[data-testid=statement-pending-holds]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=statement-reverse]"));

        page.Find("#statement-next").Click();

        page.WaitForAssertion(() => Assert.Equal("149.00", Assert.Single(page.FindAll("[data-testid=statement-balance]")).TextContent));
        Assert.Equal("3–3 of 3", page.Find("[data-testid=statement-range]").TextContent.Trim());
    }

    [Fact]
    public void An_admin_reverses_an_entry_from_the_statement()
    {
        SignIn("admin");
        Api.On(HttpMethod.Get, Accounts, HttpStatusCode.OK, ToJson(new[] { Account("1010.USD", "Bank USD", "asset", "USD", 200m, 200m, 200m) }));
        Api.On(HttpMethod.Get, Statement(0, 50), HttpStatusCode.OK, ToJson(StatementPage(0, (EntryId, "Opening balance", null, 200m, 0m, 200m))));
        Api.On(HttpMethod.Post, $"/api/finance/ledger/entries/{EntryId}/reverse", HttpStatusCode.UnprocessableEntity,
            Problem(422, "finance.ledger.already-reversed", "The entry was reversed already."));
        var providers = RenderProviders();
        var page = Render<AccountStatementPage>(p => p.Add(s => s.Account, "1010.USD"));
        page.WaitForAssertion(() => page.Find("[data-testid=statement-reverse]"));

        page.Find("[data-testid=statement-reverse]").Click();
        providers.WaitForAssertion(() => providers.Find("#reverse-submit"));
        providers.Find("#reverse-submit").Click();

        providers.WaitForAssertion(() => Assert.Equal("The entry was reversed already.", providers.Find("[data-testid=reverse-problem]").TextContent.Trim()));
        var sent = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        Assert.StartsWith($"{{\"companyId\":\"{CompanyId}\",\"reversalId\":\"", sent, StringComparison.Ordinal);
    }

    private static string Statement(int offset, int limit = 2) =>
        $"/api/finance/ledger/accounts/1010.USD/statement?companyId={CompanyId}&limit={limit}&offset={offset}";

    private static object StatementPage(int offset, params (Guid Id, string Description, string? Cause, decimal Debit, decimal Credit, decimal Balance)[] lines) => new
    {
        accountId = Guid.NewGuid(), code = "1010.USD", name = "Bank USD", currency = "USD", total = 3L, limit = 2, offset,
        lines = lines.Select(l => new
        {
            entryId = l.Id, description = l.Description, cause = l.Cause, effectiveAt = "2026-02-01T10:00:00Z", recordedAt = "2026-02-01T10:00:00Z",
            debit = l.Debit, credit = l.Credit, balance = l.Balance,
        }),
    };

    /// <summary>Picks the account and side of line <paramref name="line"/> as a user choosing in the selects would.</summary>
    private static async Task Choose(IRenderedComponent<JournalEntryDialog> dialog, int line, string account, string side)
    {
        var selects = dialog.FindComponents<MudSelect<string>>();
        await dialog.InvokeAsync(() => selects[line * 2].Instance.ValueChanged.InvokeAsync(account));
        await dialog.InvokeAsync(() => selects[(line * 2) + 1].Instance.ValueChanged.InvokeAsync(side));
    }
}
