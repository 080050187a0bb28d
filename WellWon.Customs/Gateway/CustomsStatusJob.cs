using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WellWon.Platform.Scheduling;

namespace WellWon.Customs.Gateway;

/// <summary>
/// Every <c>Customs:Gateway:Interval</c> (1 min by default), applies the customs gateway's statuses to the submitted and registered
/// declarations (<see cref="CustomsStatusSync"/>); skipped while <c>Customs:Gateway:BaseUrl</c> is empty; the run fails, and is
/// recorded so, when the gateway answered for none of them.
/// </summary>
public sealed class CustomsStatusJob(IOptions<CustomsGatewayOptions> options) : IScheduledJob
{
    public string Name => "customs-status";

    public TimeSpan Interval => options.Value.Interval;

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            context.Skip("Customs:Gateway:BaseUrl is empty: no customs gateway is configured.");
            return;
        }

        var report = await context.Services.GetRequiredService<CustomsStatusSync>().RunAsync(ct);
        if (report.Polled == 0)
        {
            context.Skip("No declaration is submitted or registered.");
            return;
        }

        context.Summary["polled"] = report.Polled;
        context.Summary["unknown"] = report.Unknown;
        context.Summary["applied"] = report.Applied;
        context.Summary["unchanged"] = report.Unchanged;
        context.Summary["skipped"] = report.Skipped;
        context.Summary["malformed"] = report.Malformed;
        context.Summary["failures"] = report.Failures;
        if (report.Failures.Count == report.Polled)
        {
            throw new CustomsGatewayUnavailableException($"The customs gateway answered for no declaration: {string.Join("; ", report.Failures.Take(5))}");
        }
    }
}
