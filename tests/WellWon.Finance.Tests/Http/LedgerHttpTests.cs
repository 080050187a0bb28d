using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Finance.Ledger.Features;
using WellWon.Platform.Scheduling;
using static WellWon.Finance.Tests.Http.LedgerApi;

namespace WellWon.Finance.Tests.Http;

/// <summary>The ledger over HTTP end to end: the real Api, real PostgreSQL and Redis, companies and roles from the Companies API.</summary>
public sealed class LedgerHttpTests(FinanceApiFactory api) : IClassFixture<FinanceApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Outsiders_are_told_nothing_viewers_read_and_only_admins_post()
    {
        var (owner, company, ownerClient) = await api.OpenedAsync();
        await ownerClient.FundAsync(company, 1_000m);
        var (viewer, member, admin, outsider) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        await api.JoinCompanyAsync(owner, company, member, "member");
        await api.JoinCompanyAsync(owner, company, admin, "admin");
        var pay = Entry(Guid.NewGuid(), "Bank fee", Line("5510.RUB", "debit", 10m), Line("1010.RUB", "credit", 10m));

        using var outsiderClient = api.ClientFor(outsider);
        Assert.Equal(("companies.company-not-found", null, null), await ProblemAsync(await outsiderClient.GetAsync($"{Root}/accounts?companyId={company}", Ct), HttpStatusCode.NotFound));
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.PostAsync(company, pay)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.GetAsync($"{Root}/trial-balance?companyId={company}", Ct)).StatusCode);

        using var viewerClient = api.ClientFor(viewer);
        Assert.Equal(1_000m, (await viewerClient.AccountAsync(company, "1010.RUB")).GetProperty("posted").GetDecimal());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.PostAsync(company, pay)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.PostAsJsonAsync(Root, new { companyId = company }, Ct)).StatusCode);
        using var memberClient = api.ClientFor(member);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberClient.PostAsync(company, pay)).StatusCode);

        using var adminClient = api.ClientFor(admin);
        await JsonAsync(await adminClient.PostAsync(company, pay), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await adminClient.PostAsJsonAsync(Root, new { companyId = company }, Ct)).StatusCode);
        Assert.Equal(990m, (await viewerClient.AccountAsync(company, "1010.RUB")).GetProperty("posted").GetDecimal());

        // A company without a ledger yet.
        var bare = await api.CreateCompanyAsync(owner, "No Ledger Yet");
        Assert.Equal(("finance.ledger.not-opened", null, null), await ProblemAsync(await ownerClient.PostAsync(bare, pay), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_retried_entry_answers_the_original_a_reused_id_is_a_conflict_and_broken_rules_name_their_field()
    {
        var (_, company, client) = await api.OpenedAsync();
        await client.FundAsync(company, 1_000m);
        var id = Guid.NewGuid();
        var entry = Entry(id, "Customs duty", Line("5110", "debit", 300m), Line("1010.RUB", "credit", 300m));

        var first = await JsonAsync(await client.PostAsync(company, entry), HttpStatusCode.Created);
        var retry = await JsonAsync(await client.PostAsync(company, entry), HttpStatusCode.OK);
        Assert.True(retry.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.GetProperty("entries")[0].GetRawText(), retry.GetProperty("entries")[0].GetRawText());
        Assert.Equal(700m, (await client.AccountAsync(company, "1010.RUB")).GetProperty("posted").GetDecimal());

        var reused = Entry(id, "Customs duty", Line("5110", "debit", 301m), Line("1010.RUB", "credit", 301m));
        Assert.Equal(("finance.ledger.id-reused", "entries[0].id", null), await ProblemAsync(await client.PostAsync(company, reused), HttpStatusCode.Conflict));

        var unbalanced = Entry(Guid.NewGuid(), "Typo", Line("5110", "debit", 300m), Line("1010.RUB", "credit", 30m));
        Assert.Equal(("finance.ledger.unbalanced", "entries[0].lines", null), await ProblemAsync(await client.PostAsync(company, unbalanced), HttpStatusCode.UnprocessableEntity));

        var crossCurrency = Entry(Guid.NewGuid(), "USD for RUB in one entry", Line("1010.USD", "debit", 10m, "USD"), Line("1010.RUB", "credit", 915m));
        Assert.Equal(("finance.ledger.unbalanced", "entries[0].lines", null), await ProblemAsync(await client.PostAsync(company, crossCurrency), HttpStatusCode.UnprocessableEntity));

        var overdraft = Entry(Guid.NewGuid(), "Too much", Line("5510.RUB", "debit", 700.01m), Line("1010.RUB", "credit", 700.01m));
        Assert.Equal(("finance.ledger.overdraft", "entries[0].lines[1]", "1010.RUB"), await ProblemAsync(await client.PostAsync(company, overdraft), HttpStatusCode.UnprocessableEntity));

        var linked = new[] { Entry(Guid.NewGuid(), "Fine", Line("5510.RUB", "debit", 100m), Line("1010.RUB", "credit", 100m)), overdraft };
        Assert.Equal(("finance.ledger.overdraft", "entries[1].lines[1]", "1010.RUB"), await ProblemAsync(await client.PostAsync(company, linked), HttpStatusCode.UnprocessableEntity));
        Assert.Equal(700m, (await client.AccountAsync(company, "1010.RUB")).GetProperty("posted").GetDecimal());

        var sideless = Entry(Guid.NewGuid(), "Sideways", Line("5510.RUB", "up", 1m), Line("1010.RUB", "credit", 1m));
        var invalid = await JsonAsync(await client.PostAsync(company, sideless), HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("entries[0].lines[0].side", out _), invalid.GetRawText());
    }

    [Fact]
    public async Task Holds_count_in_pending_balances_and_are_posted_for_less_voided_or_expired_once()
    {
        var (_, company, client) = await api.OpenedAsync();
        await client.FundAsync(company, 1_000m, "USD");
        object Hold(Guid id, decimal amount, int seconds) => new
        {
            id, description = "Prepayment to supplier", cause = "invoice-77", holdForSeconds = seconds,
            lines = new[] { Line("1310.USD", "debit", amount, "USD"), Line("1010.USD", "credit", amount, "USD") },
        };

        var held = Guid.NewGuid();
        await JsonAsync(await client.PostAsync(company, Hold(held, 800m, 600)), HttpStatusCode.Created);
        var bank = await client.AccountAsync(company, "1010.USD");
        Assert.Equal((1_000m, 200m, 200m), (bank.GetProperty("posted").GetDecimal(), bank.GetProperty("pending").GetDecimal(), bank.GetProperty("available").GetDecimal()));

        var posted = await JsonAsync(await client.PostAsJsonAsync($"{Root}/entries/{held}/post", new { companyId = company, amount = 650m }, Ct), HttpStatusCode.OK);
        Assert.Equal(("posted", 650m), (posted.GetProperty("entry").GetProperty("status").GetString(), posted.GetProperty("entry").GetProperty("postedLines")[0].GetProperty("amount").GetDecimal()));
        Assert.True((await JsonAsync(await client.PostAsJsonAsync($"{Root}/entries/{held}/post", new { companyId = company, amount = 650m }, Ct), HttpStatusCode.OK)).GetProperty("replayed").GetBoolean());
        Assert.Equal(("finance.ledger.pending-already-posted", null, null),
            await ProblemAsync(await client.PostAsJsonAsync($"{Root}/entries/{held}/void", new { companyId = company }, Ct), HttpStatusCode.UnprocessableEntity));
        bank = await client.AccountAsync(company, "1010.USD");
        Assert.Equal((350m, 350m, 350m), (bank.GetProperty("posted").GetDecimal(), bank.GetProperty("pending").GetDecimal(), bank.GetProperty("available").GetDecimal()));

        var voided = Guid.NewGuid();
        await JsonAsync(await client.PostAsync(company, Hold(voided, 100m, 600)), HttpStatusCode.Created);
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/entries/{voided}/void", new { companyId = company }, Ct), HttpStatusCode.OK);
        Assert.Equal("voided", (await JsonAsync(await client.GetAsync($"{Root}/entries/{voided}?companyId={company}", Ct), HttpStatusCode.OK)).GetProperty("status").GetString());

        // A hold of one second: the next post finds it expired; the job records the expiry of another for the read models.
        var lazy = Guid.NewGuid();
        var byJob = Guid.NewGuid();
        await JsonAsync(await client.PostAsync(company, Hold(lazy, 100m, 1), Hold(byJob, 50m, 1)), HttpStatusCode.Created);
        Assert.Equal(200m, (await client.AccountAsync(company, "1010.USD")).GetProperty("available").GetDecimal());
        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct);
        Assert.Equal(("finance.ledger.pending-expired", null, null),
            await ProblemAsync(await client.PostAsJsonAsync($"{Root}/entries/{lazy}/post", new { companyId = company }, Ct), HttpStatusCode.UnprocessableEntity));

        await using (var scope = api.Services.CreateAsyncScope())
        {
            var job = scope.ServiceProvider.GetServices<IScheduledJob>().OfType<LedgerHoldsExpiryJob>().SingleOrDefault()
                ?? ActivatorUtilities.CreateInstance<LedgerHoldsExpiryJob>(scope.ServiceProvider, Microsoft.Extensions.Options.Options.Create(new LedgerHoldsOptions()));
            var run = new JobContext(Guid.NewGuid(), job.Name, DateTimeOffset.UtcNow, scope.ServiceProvider);
            await job.RunAsync(run, Ct);
            Assert.Equal(2, run.Summary["expired"]);
        }

        Assert.Equal("expired", (await JsonAsync(await client.GetAsync($"{Root}/entries/{byJob}?companyId={company}", Ct), HttpStatusCode.OK)).GetProperty("status").GetString());
        bank = await client.AccountAsync(company, "1010.USD");
        Assert.Equal((350m, 350m, 350m), (bank.GetProperty("posted").GetDecimal(), bank.GetProperty("pending").GetDecimal(), bank.GetProperty("available").GetDecimal()));
    }

    [Fact]
    public async Task Statements_run_their_balance_across_pages_and_trial_balances_and_balances_answer_as_of_any_moment()
    {
        var (_, company, client) = await api.OpenedAsync();
        var day = new DateTimeOffset(2025, 10, 1, 12, 0, 0, TimeSpan.Zero);
        await client.FundAsync(company, 1_000m, effectiveAt: day);
        for (var i = 1; i <= 3; i++)
        {
            var fee = new
            {
                id = Guid.NewGuid(), description = $"Fee {i}", effectiveAt = day.AddDays(i),
                lines = new[] { Line("5510.RUB", "debit", 100m * i), Line("1010.RUB", "credit", 100m * i) },
            };
            await JsonAsync(await client.PostAsync(company, fee), HttpStatusCode.Created);
        }

        var page = await JsonAsync(await client.GetAsync($"{Root}/accounts/1010.RUB/statement?companyId={company}&limit=2&offset=1", Ct), HttpStatusCode.OK);
        Assert.Equal(4, page.GetProperty("total").GetInt64());
        Assert.Equal([(100m, 900m, "Fee 1"), (200m, 700m, "Fee 2")], page.GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("credit").GetDecimal(), l.GetProperty("balance").GetDecimal(), l.GetProperty("description").GetString())));
        var fees = await JsonAsync(await client.GetAsync($"{Root}/accounts/5510.RUB/statement?companyId={company}&from={Uri.EscapeDataString(day.AddDays(2).ToString("O"))}", Ct), HttpStatusCode.OK);
        Assert.Equal([300m, 600m], fees.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("balance").GetDecimal()));

        var asOf = day.AddDays(2.5);
        var trial = await JsonAsync(await client.GetAsync($"{Root}/trial-balance?companyId={company}&asOf={Uri.EscapeDataString(asOf.ToString("O"))}", Ct), HttpStatusCode.OK);
        var rub = Assert.Single(trial.GetProperty("currencies").EnumerateArray());
        Assert.Equal(("RUB", 1_000m, 1_000m, true), (rub.GetProperty("currency").GetString(), rub.GetProperty("totalDebits").GetDecimal(),
            rub.GetProperty("totalCredits").GetDecimal(), rub.GetProperty("balanced").GetBoolean()));
        Assert.Equal(700m, rub.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "1010.RUB").GetProperty("debit").GetDecimal());

        Assert.Equal(1_000m, (await client.AccountAsync(company, "1010.RUB", day.AddHours(1))).GetProperty("posted").GetDecimal());
        Assert.Equal(700m, (await client.AccountAsync(company, "1010.RUB", asOf)).GetProperty("posted").GetDecimal());
        Assert.Equal(400m, (await client.AccountAsync(company, "1010.RUB")).GetProperty("posted").GetDecimal());
        Assert.Equal(0m, (await client.AccountAsync(company, "1010.RUB", day.AddHours(-1))).GetProperty("posted").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Root}/accounts/9999/statement?companyId={company}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_conversion_and_a_reversal_are_entries_like_any_other_retried_safely()
    {
        var (_, company, client) = await api.OpenedAsync();
        await client.FundAsync(company, 100_000m);
        var conversion = new { companyId = company, id = Guid.NewGuid(), sold = new { amount = 100_000m, currency = "RUB" }, bought = new { amount = 1_075m, currency = "USD" }, marketRate = 91.50m };

        var converted = await JsonAsync(await client.PostAsJsonAsync($"{Root}/conversions", conversion, Ct), HttpStatusCode.Created);
        Assert.Equal(2, converted.GetProperty("entries").GetArrayLength());
        Assert.True((await JsonAsync(await client.PostAsJsonAsync($"{Root}/conversions", conversion, Ct), HttpStatusCode.OK)).GetProperty("replayed").GetBoolean());
        Assert.Equal(1_075m, (await client.AccountAsync(company, "1010.USD")).GetProperty("posted").GetDecimal());
        Assert.Equal(1_637.50m, (await client.AccountAsync(company, "5510.RUB")).GetProperty("posted").GetDecimal());
        Assert.Equal(0m, (await client.AccountAsync(company, "1010.RUB")).GetProperty("posted").GetDecimal());

        var supplier = Guid.NewGuid();
        var invoice = Guid.NewGuid();
        await JsonAsync(await client.PostAsync(company, Entry(invoice, "Supplier invoice 118",
            Line("1310.USD", "debit", 1_000m, "USD"), Line("2110", "credit", 1_000m, "USD", supplier))), HttpStatusCode.Created);
        Assert.Equal(1_000m, (await client.AccountAsync(company, $"2110.USD.{supplier:N}")).GetProperty("posted").GetDecimal());

        var reversalId = Guid.NewGuid();
        var reverse = new { companyId = company, reversalId, description = "Invoice cancelled" };
        var reversal = await JsonAsync(await client.PostAsJsonAsync($"{Root}/entries/{invoice}/reverse", reverse, Ct), HttpStatusCode.Created);
        Assert.Equal(invoice, reversal.GetProperty("entry").GetProperty("reverses").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{Root}/entries/{invoice}/reverse", reverse, Ct)).StatusCode);
        Assert.Equal(("finance.ledger.already-reversed", null, null), await ProblemAsync(
            await client.PostAsJsonAsync($"{Root}/entries/{invoice}/reverse", new { companyId = company, reversalId = Guid.NewGuid() }, Ct), HttpStatusCode.UnprocessableEntity));

        var original = await JsonAsync(await client.GetAsync($"{Root}/entries/{invoice}?companyId={company}", Ct), HttpStatusCode.OK);
        Assert.Equal((reversalId, "posted", $"2110.USD.{supplier:N}"), (original.GetProperty("reversedBy").GetGuid(), original.GetProperty("status").GetString(),
            original.GetProperty("lines")[1].GetProperty("code").GetString()));
        Assert.Equal(0m, (await client.AccountAsync(company, $"2110.USD.{supplier:N}")).GetProperty("posted").GetDecimal());
    }
}
