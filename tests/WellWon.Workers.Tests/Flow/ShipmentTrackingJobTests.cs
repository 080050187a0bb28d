using Microsoft.Extensions.DependencyInjection;
using WellWon.Logistics.Tracking;
using WellWon.Platform.Scheduling;
using WellWon.Workers.DataSync;

namespace WellWon.Workers.Tests.Flow;

/// <summary>The data-sync role's carrier tracking job as the Workers' Program registers it, without the mediator's Logistics handlers.</summary>
public sealed class ShipmentTrackingJobTests
{
    [Fact]
    public async Task The_data_sync_role_runs_shipment_tracking_on_its_interval_through_the_shipments_write_path()
    {
        await using var hosts = await FlowHosts.StartAsync("data-sync", new Dictionary<string, string?>
        {
            ["Logistics:Tracking:Interval"] = "00:00:02",
            ["Logistics:Tracking:Carriers:SIMU:BaseUrl"] = "http://127.0.0.1:9/",
        });
        var worker = hosts.Worker.Services;

        var job = Assert.Single(worker.GetServices<IScheduledJob>().OfType<ShipmentTrackingJob>());
        Assert.Equal(("shipment-tracking", TimeSpan.FromSeconds(2)), (job.Name, job.Interval));
        await using var scope = worker.CreateAsyncScope();
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<ShipmentTracker>());

        // No shipment to follow yet: the run does nothing and says so.
        var context = new JobContext(Guid.NewGuid(), job.Name, DateTimeOffset.UtcNow, scope.ServiceProvider);
        await job.RunAsync(context, TestContext.Current.CancellationToken);
        Assert.Empty(context.Summary);
    }
}
