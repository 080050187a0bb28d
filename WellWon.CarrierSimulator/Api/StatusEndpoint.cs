using Microsoft.Extensions.Options;
using WellWon.CarrierSimulator.Timeline;

namespace WellWon.CarrierSimulator.Api;

/// <summary><c>GET /</c>: what the simulator is doing, for a glance in the dashboard or a browser (no key needed).</summary>
public static class StatusEndpoint
{
    public sealed record Status(
        string Carrier, string Code, string Clock, int Subscriptions, int EventsProduced, long RequestsServed,
        long RequestsUnauthorized, long RequestsThrottled, long RequestsFailed, IReadOnlyList<ShipmentStatus> Shipments);

    public sealed record ShipmentStatus(string Reference, int Legs, int EventsProduced, int EventsPlanned, string? LastEvent);

    public static IEndpointRouteBuilder MapSimulatorStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Describe).WithTags("Status");
        return app;
    }

    private static Status Describe(SubscriptionStore store, SimulatorStats stats, TimeProvider clock, IOptions<SimulatorOptions> options)
    {
        var now = clock.GetUtcNow();
        var shipments = store.All
            .Select(s => (Subscription: s, Happened: s.HappenedBy(now)))
            .OrderBy(s => s.Subscription.Reference, StringComparer.Ordinal)
            .Select(s => new ShipmentStatus(s.Subscription.Reference, s.Subscription.Legs.Length, s.Happened, s.Subscription.Timeline.Length,
                s.Happened > 0 ? s.Subscription.Timeline[s.Happened - 1].Type : null))
            .ToList();
        var pace = Pace.From(options.Value);
        var clockText = pace.TimeScale is { } scale ? $"1 s real = {scale} shipment time" : $"a leg takes {pace.LegDuration} real";
        return new Status(SimulatorOptions.CarrierName, SimulatorOptions.CarrierCode, clockText, shipments.Count,
            shipments.Sum(s => s.EventsProduced), stats.ServedCount, stats.RejectedCount, stats.ThrottledCount, stats.FailedCount, shipments);
    }
}
