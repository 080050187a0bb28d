using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WellWon.Platform.Scheduling;

namespace WellWon.Customs.ExchangeRates;

/// <summary>
/// Every <c>Customs:Rates:Interval</c> (3 h by default), stores the central bank's rates of today and of the recent days never
/// fetched (<see cref="CentralBankRates"/>); the run fails, and is recorded so, when no day could be fetched.
/// </summary>
public sealed class CentralBankRatesJob(IOptions<CustomsRatesOptions> options) : IScheduledJob
{
    public string Name => "customs-central-bank-rates";

    public TimeSpan Interval => options.Value.Interval;

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        var report = await context.Services.GetRequiredService<CentralBankRates>().SyncAsync(ct);
        context.Summary["days"] = report.Days;
        context.Summary["inserted"] = report.Inserted;
        context.Summary["unchanged"] = report.Unchanged;
        context.Summary["revised"] = report.Revised;
        context.Summary["failures"] = report.Failures;
        if (report.Failures.Count == report.Days)
        {
            throw new CentralBankUnavailableException($"No day's rates could be fetched: {string.Join("; ", report.Failures)}");
        }
    }
}
