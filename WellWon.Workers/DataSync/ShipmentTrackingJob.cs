using Microsoft.Extensions.Options;
using WellWon.Logistics.Carriers;
using WellWon.Logistics.Tracking;
using WellWon.Platform.Scheduling;

namespace WellWon.Workers.DataSync;

/// <summary>
/// Every <c>Logistics:Tracking:Interval</c> (30 s by default), reads the tracking feeds of the carriers that booked and moving
/// shipments' legs name and applies what they report (<see cref="ShipmentTracker"/>); the run's figures go to its history.
/// </summary>
public sealed class ShipmentTrackingJob(IOptions<TrackingOptions> options) : IScheduledJob
{
    public string Name => "shipment-tracking";

    public TimeSpan Interval => options.Value.Interval;

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        var report = await context.Services.GetRequiredService<ShipmentTracker>().RunAsync(ct);
        if (report.Followed == 0)
        {
            context.Skip("No booked or moving shipment has a leg with a tracked carrier.");
            return;
        }

        context.Summary["followed"] = report.Followed;
        context.Summary["subscribed"] = report.Subscribed;
        context.Summary["events"] = report.Events;
        context.Summary["applied"] = report.Applied;
        context.Summary["ignored"] = report.Ignored;
        context.Summary["skipped"] = report.Skipped;
        context.Summary["failures"] = report.Failures;
        context.Summary["unsubscribed"] = report.Unsubscribed;
    }
}
