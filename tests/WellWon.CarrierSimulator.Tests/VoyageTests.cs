using System.Net;
using WellWon.CarrierSimulator.Api;
using WellWon.CarrierSimulator.Timeline;

namespace WellWon.CarrierSimulator.Tests;

/// <summary>A shipment's voyage as the feed tells it, on a clock the test drives (default pace: a leg takes 90 s).</summary>
public sealed class VoyageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A reference the default seed makes late on its first leg of two.</summary>
    internal static string LateOnFirstLeg() => Enumerable.Range(1, 1000).Select(n => $"WW-2026-{n:D6}")
        .First(r => Lateness.For("wellwon", r, 2) is { LegIndex: 0 });

    internal static string OnTime() => Enumerable.Range(1, 1000).Select(n => $"WW-2026-{n:D6}")
        .First(r => Lateness.For("wellwon", r, 2) is null);

    [Fact]
    public async Task A_two_leg_sea_shipment_departs_is_revised_transships_departs_again_and_arrives_as_the_clock_runs()
    {
        await using var simulator = new SimulatorFactory();
        using var carrier = simulator.Carrier();
        var reference = LateOnFirstLeg();
        var delay = Lateness.For("wellwon", reference, 2)!.Delay;
        using (var subscribed = await carrier.Subscribe(reference, Tracking.Body(reference, "sea", Tracking.TwoSeaLegs), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        }

        var seen = new List<TrackingEvent>();
        string? cursor = null;
        async Task<string[]> After(double seconds)
        {
            simulator.Clock.Advance(TimeSpan.FromSeconds(seconds));
            var page = await carrier.Page(reference, cursor, Ct);
            cursor = page.Next;
            seen.AddRange(page.Events);
            return [.. page.Events.Select(e => e.EventId)];
        }

        var id = $"SIMU-{reference}";
        Assert.Empty(await After(0));
        Assert.Equal([$"{id}-0-picked-up"], await After(3));
        Assert.Equal([$"{id}-0-departed"], await After(12));                                      // 15 s
        Assert.Equal([$"{id}-0-exception", $"{id}-0-eta", $"{id}-1-eta"], await After(27));       // 42 s: 30 % into the leg
        Assert.Equal([$"{id}-0-eta-2", $"{id}-1-eta-2"], await After(27));                         // 69 s: 60 %
        Assert.Equal([$"{id}-0-arrived"], await After(36));                                        // 105 s
        Assert.Equal([$"{id}-0-transshipped"], await After(7.5));
        Assert.Equal([$"{id}-1-departed"], await After(7.5));                                      // 120 s
        Assert.Empty(await After(89));
        Assert.Equal([$"{id}-1-arrived"], await After(1));                                         // 210 s
        Assert.Empty(await After(3600));

        Assert.Equal(["picked-up", "departed", "exception", "eta", "eta", "eta", "eta", "arrived", "transshipped", "departed", "arrived"],
            seen.Select(e => e.Type));
        Assert.All(seen, e => Assert.Equal(e.Type == "eta" ? "EST" : "ACT", e.Classifier));
        Assert.All(seen, e => Assert.Equal(DateTimeKind.Utc, e.OccurredAt.Kind));
        Assert.Equal(seen.Select(e => e.OccurredAt).Order(), seen.Select(e => e.OccurredAt));
        Assert.Equal(SimulatorFactory.Start.UtcDateTime.AddSeconds(210), seen[^1].OccurredAt);

        var departed = seen[1];
        Assert.Equal(("CNSHA", "leg-1", "MSC ANNA", "123W"), (departed.Location, departed.LegId, departed.Vessel, departed.Voyage));
        Assert.Equal(("KRPUS", "leg-1"), (seen[8].Location, seen[8].LegId));
        Assert.Equal(("RUVVO", "leg-2", "SINOKOR 7"), (seen[^1].Location, seen[^1].LegId, seen[^1].Vessel));
        Assert.False(string.IsNullOrWhiteSpace(seen[2].Reason));

        // The final leg's ETA slips by the whole delay, beyond a 24-hour threshold; the first news says half of it.
        var finalEta = new DateTime(2026, 12, 10, 0, 0, 0, DateTimeKind.Utc);
        var finalRevisions = seen.Where(e => e is { Type: "eta", LegId: "leg-2" }).Select(e => e.EstimatedArrival!.Value - finalEta).ToList();
        Assert.Equal([TimeSpan.FromHours(Math.Round(delay.TotalHours / 2)), delay], finalRevisions);
        Assert.True(delay > TimeSpan.FromHours(24));
        Assert.All(seen.Where(e => e.Type != "eta"), e => Assert.Null(e.EstimatedArrival));
    }

    [Fact]
    public async Task An_on_time_shipment_has_no_revision_and_a_final_road_leg_is_delivered()
    {
        await using var simulator = new SimulatorFactory();
        using var carrier = simulator.Carrier();
        var reference = OnTime();
        var body = Tracking.Body(reference, "multimodal",
            Tracking.Leg("a", "CNSHA", "RUVVO", "sea", null, null, "MSC ANNA", "1"),
            Tracking.Leg("b", "RUVVO", "RUMOW", "road", null, null));
        (await carrier.Subscribe(reference, body, Ct)).Dispose();

        simulator.Clock.Advance(TimeSpan.FromHours(1));
        var events = await carrier.All(reference, Ct);

        Assert.Equal(["picked-up", "departed", "arrived", "transshipped", "departed", "arrived", "out-for-delivery", "delivered"],
            events.Select(e => e.Type));
        Assert.Equal(("RUMOW", "b"), (events[^1].Location, events[^1].LegId));
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Ids_are_the_same_after_a_restart_that_replays_the_voyage()
    {
        var reference = LateOnFirstLeg();
        var body = Tracking.Body(reference, "sea", Tracking.TwoSeaLegs);

        async Task<List<TrackingEvent>> Voyage()
        {
            await using var simulator = new SimulatorFactory();
            using var carrier = simulator.Carrier();
            (await carrier.Subscribe(reference, body, Ct)).Dispose();
            simulator.Clock.Advance(TimeSpan.FromMinutes(10));
            return await carrier.All(reference, Ct);
        }

        var before = await Voyage();
        var after = await Voyage();

        Assert.Equal(11, before.Count);
        Assert.Equal(before.Select(e => (e.EventId, e.Type, e.LegId, e.EstimatedArrival)), after.Select(e => (e.EventId, e.Type, e.LegId, e.EstimatedArrival)));
    }

    [Fact]
    public async Task The_cursor_pages_through_what_happened_and_stays_put_when_nothing_is_new()
    {
        await using var simulator = new SimulatorFactory();
        using var carrier = simulator.Carrier();
        var reference = LateOnFirstLeg();
        (await carrier.Subscribe(reference, Tracking.Body(reference, "sea", Tracking.TwoSeaLegs), Ct)).Dispose();
        simulator.Clock.Advance(TimeSpan.FromSeconds(110));   // 8 events so far, up to the first arrival

        var first = await carrier.Page(reference, null, Ct, limit: 3);
        var second = await carrier.Page(reference, first.Next, Ct, limit: 3);
        var third = await carrier.Page(reference, second.Next, Ct, limit: 3);
        var nothing = await carrier.Page(reference, third.Next, Ct, limit: 3);

        Assert.Equal((3, "3"), (first.Events.Count, first.Next));
        Assert.Equal((3, "6"), (second.Events.Count, second.Next));
        Assert.Equal((2, "8"), (third.Events.Count, third.Next));
        Assert.Equal((0, "8"), (nothing.Events.Count, nothing.Next));
        Assert.Equal((await carrier.Page(reference, null, Ct)).Events, [.. first.Events, .. second.Events, .. third.Events]);

        simulator.Clock.Advance(TimeSpan.FromSeconds(5));
        var newer = await carrier.Page(reference, nothing.Next, Ct);
        Assert.Equal(("transshipped", "9"), (Assert.Single(newer.Events).Type, newer.Next));
    }

    [Fact]
    public async Task A_time_scale_paces_legs_by_their_planned_length()
    {
        await using var simulator = new SimulatorFactory(("Simulator:TimeScale", "01:00:00"));   // 1 s real = 1 h shipment time
        using var carrier = simulator.Carrier();
        var reference = OnTime();
        (await carrier.Subscribe(reference, Tracking.Body(reference, "sea", Tracking.TwoSeaLegs), Ct)).Dispose();

        // Pickup wait 12 s, the first leg 4 days = 96 s, the connection 2 days = 48 s, the second leg 3 days = 72 s.
        simulator.Clock.Advance(TimeSpan.FromSeconds(12 + 96 + 48 + 72 - 1));
        Assert.Equal("departed", (await carrier.All(reference, Ct))[^1].Type);
        simulator.Clock.Advance(TimeSpan.FromSeconds(1));
        var events = await carrier.All(reference, Ct);
        Assert.Equal(SimulatorFactory.Start.UtcDateTime.AddSeconds(228), events[^1].OccurredAt);
        Assert.Equal("arrived", events[^1].Type);
    }
}
