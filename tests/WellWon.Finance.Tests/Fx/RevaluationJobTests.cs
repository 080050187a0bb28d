using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WellWon.Finance.Ledger.Features;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Finance.Tests.Http;
using WellWon.Platform.Scheduling;
using static WellWon.Finance.Tests.Http.LedgerApi;

namespace WellWon.Finance.Tests.Fx;

/// <summary>The data-sync job revalues the past month of every ledger once, and waits for a month-end rate the bank has not published.</summary>
public sealed class RevaluationJobTests(FinanceApiFactory api) : IClassFixture<FinanceApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_job_revalues_last_month_for_every_ledger_once_its_rates_are_known()
    {
        // The job revalues the month before the current one; the tests' rates answer for any day of it.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var monthEnd = new DateOnly(today.Year, today.Month, 1).AddDays(-1);
        var (_, dollars, dollarsClient) = await api.OpenedAsync();
        var (_, yuan, yuanClient) = await api.OpenedAsync();
        var funded = new DateTimeOffset(lastMonth.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        await dollarsClient.FundAsync(dollars, 1_000m, "USD", funded);
        await yuanClient.FundAsync(yuan, 1_000m, "CNY", funded);
        api.Rates.Set("USD", monthEnd, 91m);
        api.Rates.Set("CNY", monthEnd, null);

        var job = new LedgerRevaluationJob(api.Services.GetRequiredService<LedgerReader>(), TimeProvider.System, Options.Create(new LedgerRevaluationOptions()));
        var first = await RunAsync(job);
        Assert.Equal((1, 1), (first.Summary["revalued"], first.Summary["waitingForRates"]));
        // 1,000 USD at 90.00 (the usual rate of the day funded) worth 91,000.00 at month end.
        Assert.Equal(91_000m, (await dollarsClient.AccountAsync(dollars, "1010.USD")).GetProperty("rubEquivalent").GetDecimal());

        api.Rates.Set("CNY", monthEnd, 12.75m);
        var second = await RunAsync(job);
        Assert.Equal((1, 0), (second.Summary["revalued"], second.Summary["waitingForRates"]));
        Assert.Equal(12_750m, (await yuanClient.AccountAsync(yuan, "1010.CNY")).GetProperty("rubEquivalent").GetDecimal());

        await RunAsync(job);
        var asked = await dollarsClient.PostAsJsonAsync($"{Root}/revaluations", new { companyId = dollars, month = lastMonth.ToString("yyyy-MM") }, Ct);
        Assert.True((await JsonAsync(asked, HttpStatusCode.OK)).GetProperty("replayed").GetBoolean());
    }

    private async Task<JobContext> RunAsync(LedgerRevaluationJob job)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var run = new JobContext(Guid.NewGuid(), job.Name, DateTimeOffset.UtcNow, scope.ServiceProvider);
        await job.RunAsync(run, Ct);
        return run;
    }
}
