using WellWon.CarrierSimulator.Timeline;

namespace WellWon.CarrierSimulator.Tests;

/// <summary>The voyage as a pure function of seed, reference, legs and pace: no host, no clock.</summary>
public sealed class TimelineTests
{
    private static readonly DateTimeOffset Booked = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly Pace Default = new(null, TimeSpan.FromSeconds(90));

    private static PlannedLeg[] Route(int legs) => [.. Enumerable.Range(0, legs).Select(i => new PlannedLeg(
        $"leg-{i}", i == 0 ? "CNSHA" : $"KRP{i + 1}S", $"KRP{i + 2}S", "sea", "MSC ANNA", "1",
        Booked.AddDays(1 + (i * 10)), Booked.AddDays(8 + (i * 10))))];

    [Fact]
    public void At_least_one_shipment_in_three_arrives_more_than_a_day_late_and_none_more_than_three()
    {
        var slips = Enumerable.Range(1, 300).Select(n =>
        {
            var legs = Route(1 + (n % 3));
            var events = ShipmentTimeline.Build($"WW-2026-{n:D6}", legs, Booked, Default, Lateness.For("wellwon", $"WW-2026-{n:D6}", legs.Length));
            var finalEta = ShipmentTimeline.Plan(legs, Booked)[^1].Eta;
            return events.Where(e => e.Type == "eta" && e.LegId == legs[^1].LegId).Select(e => e.EstimatedArrival!.Value - finalEta)
                .DefaultIfEmpty(TimeSpan.Zero).Max();
        }).ToList();

        Assert.True(slips.Count(s => s > TimeSpan.FromHours(24)) * 3 >= slips.Count, $"{slips.Count(s => s > TimeSpan.FromHours(24))} of {slips.Count} late");
        Assert.All(slips, s => Assert.True(s == TimeSpan.Zero || (s >= Lateness.MinDelay && s <= Lateness.MaxDelay), s.ToString()));
    }

    [Fact]
    public void Another_seed_makes_other_shipments_late()
    {
        var refs = Enumerable.Range(1, 100).Select(n => $"WW-2026-{n:D6}").ToList();

        Assert.NotEqual(refs.Select(r => Lateness.For("wellwon", r, 2)), refs.Select(r => Lateness.For("another", r, 2)));
        Assert.Equal(refs.Select(r => Lateness.For("wellwon", r, 2)), refs.Select(r => Lateness.For("wellwon", r, 2)));
    }

    [Fact]
    public void Ids_are_unique_and_releases_never_go_back()
    {
        foreach (var n in Enumerable.Range(1, 200))
        {
            var legs = Route(1 + (n % 4));
            var events = ShipmentTimeline.Build($"WW-{n}", legs, Booked, Default, Lateness.For("wellwon", $"WW-{n}", legs.Length));

            Assert.Equal(events.Length, events.Select(e => e.EventId).Distinct().Count());
            Assert.Equal(events.Select(e => e.Release).Order(), events.Select(e => e.Release));
            Assert.All(events, e => Assert.StartsWith($"SIMU-WW-{n}-", e.EventId));
            Assert.Equal("arrived", events[^1].Type);
            Assert.Equal(legs.Length, events.Count(e => e.Type == "departed"));
            Assert.Equal(legs.Length - 1, events.Count(e => e.Type == "transshipped"));
        }
    }

    [Fact]
    public void Legs_without_dates_are_planned_after_one_another_by_mode()
    {
        PlannedLeg[] legs =
        [
            new("a", "CNSHA", "CNPEK", "air", null, null, null, null),
            new("b", "CNPEK", "RUMOW", "rail", null, null, null, null),
        ];

        var plan = ShipmentTimeline.Plan(legs, Booked);

        Assert.Equal((Booked.AddHours(12), Booked.AddHours(12).AddDays(1)), plan[0]);
        Assert.Equal((Booked.AddHours(12).AddDays(2), Booked.AddHours(12).AddDays(14)), plan[1]);
    }
}
