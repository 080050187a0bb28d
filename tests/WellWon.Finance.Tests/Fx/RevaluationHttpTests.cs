using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.Projections;
using WellWon.Finance.Tests.Http;
using static WellWon.Finance.Tests.Http.LedgerApi;

namespace WellWon.Finance.Tests.Fx;

/// <summary>The ledger in roubles over HTTP: the month-end revaluation, rouble equivalents in the views, a missing rate, a rebuild.</summary>
public sealed class RevaluationHttpTests(FinanceApiFactory api) : IClassFixture<FinanceApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset October5 = new(2026, 10, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_month_is_revalued_once_by_an_admin_and_the_views_show_the_roubles()
    {
        var (owner, company, client) = await api.OpenedAsync();
        var (viewer, outsider) = (Guid.NewGuid(), Guid.NewGuid());
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        // 1,000.00 USD on 05.10 at the usual 90.00: 90,000.00 RUB; the month ends at 95.00: worth 95,000.00, a 5,000.00 unrealised gain.
        await client.FundAsync(company, 1_000m, "USD", October5);
        api.Rates.Set("USD", new DateOnly(2026, 10, 31), 95m);
        var body = new { companyId = company, month = "2026-10" };

        using var outsiderClient = api.ClientFor(outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.PostAsJsonAsync($"{Root}/revaluations", body, Ct)).StatusCode);
        using var viewerClient = api.ClientFor(viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.PostAsJsonAsync($"{Root}/revaluations", body, Ct)).StatusCode);

        var created = await JsonAsync(await client.PostAsJsonAsync($"{Root}/revaluations", body, Ct), HttpStatusCode.Created);
        Assert.Equal(("2026-10", "2026-10-31", false), (created.GetProperty("month").GetString(), created.GetProperty("ratesDay").GetString(), created.GetProperty("replayed").GetBoolean()));
        var lines = created.GetProperty("entry").GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("code").GetString(), l.GetProperty("side").GetString(), l.GetProperty("amount").GetDecimal(), l.GetProperty("rubEquivalent").GetDecimal()))
            .ToList();
        Assert.Equal([("1010.USD", "debit", 0m, 5_000m), ("4420", "credit", 5_000m, 5_000m)], lines);
        var again = await JsonAsync(await client.PostAsJsonAsync($"{Root}/revaluations", body, Ct), HttpStatusCode.OK);
        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Equal(created.GetProperty("entry").GetProperty("id").GetGuid(), again.GetProperty("entry").GetProperty("id").GetGuid());

        var bank = await viewerClient.AccountAsync(company, "1010.USD");
        Assert.Equal((1_000m, 95_000m), (bank.GetProperty("posted").GetDecimal(), bank.GetProperty("rubEquivalent").GetDecimal()));
        Assert.Equal(90_000m, (await viewerClient.AccountAsync(company, "1010.USD", new DateTimeOffset(2026, 10, 31, 12, 0, 0, TimeSpan.Zero))).GetProperty("rubEquivalent").GetDecimal());

        var trial = await JsonAsync(await viewerClient.GetAsync($"{Root}/trial-balance?companyId={company}&asOf=2026-11-01T00:00:00Z", Ct), HttpStatusCode.OK);
        Assert.Equal((95_000m, 95_000m, true), (trial.GetProperty("rubDebits").GetDecimal(), trial.GetProperty("rubCredits").GetDecimal(), trial.GetProperty("rubBalanced").GetBoolean()));
        Assert.Equal(0m, trial.GetProperty("currencies").EnumerateArray().SelectMany(c => c.GetProperty("accounts").EnumerateArray()).Sum(a => a.GetProperty("rubEquivalent").GetDecimal()));
        Assert.All(trial.GetProperty("currencies").EnumerateArray(), c => Assert.True(c.GetProperty("balanced").GetBoolean(), c.GetRawText()));

        var statement = await JsonAsync(await viewerClient.GetAsync($"{Root}/accounts/1010.USD/statement?companyId={company}", Ct), HttpStatusCode.OK);
        Assert.Equal([(1_000m, 0m, 90_000m, 90_000m), (0m, 0m, 5_000m, 95_000m)],
            statement.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("debit").GetDecimal(), l.GetProperty("credit").GetDecimal(),
                l.GetProperty("rubDebit").GetDecimal(), l.GetProperty("rubEquivalent").GetDecimal())));
    }

    [Fact]
    public async Task A_missing_rate_a_month_not_over_and_a_malformed_month_are_refused_by_name()
    {
        var (_, company, client) = await api.OpenedAsync();
        api.Rates.Set("CNY", new DateOnly(2026, 10, 7), null);
        var entry = new
        {
            id = Guid.NewGuid(), description = "Yuan on a day without a rate", effectiveAt = new DateTimeOffset(2026, 10, 7, 10, 0, 0, TimeSpan.Zero),
            lines = new[] { Line("1010.CNY", "debit", 10m, "CNY"), Line("3010.CNY", "credit", 10m, "CNY") },
        };
        var missing = await JsonAsync(await client.PostAsJsonAsync($"{Root}/entries", new { companyId = company, entries = new[] { entry } }, Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("finance.ledger.rate-missing", missing.GetProperty("code").GetString());
        Assert.Contains("CNY for 2026-10-07", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(("finance.ledger.month-not-over", "month", null),
            await ProblemAsync(await client.PostAsJsonAsync($"{Root}/revaluations", new { companyId = company, month = "2099-01" }, Ct), HttpStatusCode.UnprocessableEntity));
        var malformed = await JsonAsync(await client.PostAsJsonAsync($"{Root}/revaluations", new { companyId = company, month = "2026-13" }, Ct), HttpStatusCode.BadRequest);
        Assert.True(malformed.GetProperty("errors").TryGetProperty("month", out _), malformed.GetRawText());
    }

    [Fact]
    public async Task A_rebuild_of_the_read_models_from_the_log_gives_the_same_rouble_balances()
    {
        var (_, company, client) = await api.OpenedAsync();
        await client.FundAsync(company, 500_000m, "RUB", October5);
        var supplier = Guid.NewGuid();
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/conversions",
            new { companyId = company, id = Guid.NewGuid(), sold = new { amount = 95_000m, currency = "RUB" }, bought = new { amount = 1_000m, currency = "USD" }, marketRate = 90m }, Ct), HttpStatusCode.Created);
        await JsonAsync(await client.PostAsync(company, Entry(Guid.NewGuid(), "Invoice", Line("5510.USD", "debit", 800m, "USD"), Line("2110", "credit", 800m, "USD", supplier))), HttpStatusCode.Created);
        api.Rates.Set("USD", DateOnly.FromDateTime(DateTime.UtcNow), 92.5m);
        var payment = await JsonAsync(await client.PostAsync(company, Entry(Guid.NewGuid(), "Payment", Line("2110", "debit", 800m, "USD", supplier), Line("1010.USD", "credit", 800m, "USD"))), HttpStatusCode.Created);
        // Both were valued at 90.00 (the invoice that day, the dollars at the conversion's market rate): nothing is realised.
        Assert.DoesNotContain(payment.GetProperty("entries")[0].GetProperty("lines").EnumerateArray(), l => l.GetProperty("valuation").GetBoolean());
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/revaluations", new { companyId = company, month = "2026-10" }, Ct), HttpStatusCode.Created);

        var before = await BalancesAsync(client, company);
        var rebuilder = api.Services.GetRequiredService<ProjectionRebuilder>();
        foreach (var projection in api.Services.GetServices<IProjection>().OfType<IRebuildableProjection>().Where(p => p.Name.StartsWith("finance.ledger", StringComparison.Ordinal)))
        {
            await rebuilder.RebuildAsync(projection, null, Ct);
        }

        Assert.Equal(before, await BalancesAsync(client, company));
        Assert.Contains(before, b => b is ("1010.USD", 200m, 18_000m, _));
        Assert.Equal(0m, before.Sum(b => b.Type is "asset" or "expense" ? b.Rub : -b.Rub));
    }

    private static async Task<List<(string Code, decimal Posted, decimal Rub, string Type)>> BalancesAsync(HttpClient client, Guid company)
    {
        var balances = await JsonAsync(await client.GetAsync($"{Root}/balances?companyId={company}", Ct), HttpStatusCode.OK);
        return [.. balances.GetProperty("accounts").EnumerateArray().Select(a => (a.GetProperty("code").GetString()!, a.GetProperty("posted").GetDecimal(),
            a.GetProperty("rubEquivalent").GetDecimal(), a.GetProperty("type").GetString()!))];
    }
}
