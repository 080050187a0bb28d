using MudBlazor.Services;
using WellWon.Web.Api;
using WellWon.Web.Components.Logistics;

namespace WellWon.Web.Tests.Logistics;

/// <summary>The timeline shows the newest first and says who reported each entry: you, a colleague, or a carrier.</summary>
public sealed class ShipmentTimelineTests : BunitContext
{
    private static readonly Guid Me = Guid.Parse("0196a0c4-0000-7000-8000-0000000000aa");
    private static readonly Guid Colleague = Guid.Parse("0196a0c4-0000-7000-8000-0000000000bb");

    public ShipmentTimelineTests() => Services.AddMudServices();

    [Fact]
    public void Entries_run_newest_first_and_name_their_reporter()
    {
        var at = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        TimelineItem[] entries =
        [
            new(1, "shipment-created", null, at, at, Me, null, "Created WW-2026-000042: sea, 1 leg, 1 container, 1 cargo line"),
            new(2, "shipment-booked", "booked", at.AddHours(1), at.AddHours(1), Colleague, null, "Booked WW-2026-000042"),
            new(3, "milestone-recorded", "departed", at.AddDays(1), at.AddDays(1).AddHours(2), null, "MAERSK", "Departed at CNSHA (reported by MAERSK)"),
        ];

        var timeline = Render<ShipmentTimeline>(p => p.Add(t => t.Entries, entries).Add(t => t.Me, Me));

        var items = timeline.FindAll("[data-testid=timeline-entry]");
        Assert.Equal(["3", "2", "1"], items.Select(i => i.GetAttribute("data-version")));
        Assert.Equal("departed", items[0].GetAttribute("data-milestone"));
        var who = timeline.FindAll("[data-testid=timeline-who]");
        Assert.Equal("carrier", who[0].GetAttribute("data-reporter"));
        Assert.Contains("carrier MAERSK", who[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("User 0196a0", who[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("you", who[2].TextContent.Trim());
        // Reported at 10:00 the next day, recorded two hours later: both are shown.
        Assert.Contains("recorded 2026-12-02 12:00 UTC", timeline.Find("[data-testid=timeline-recorded]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_timeline_says_so()
    {
        var timeline = Render<ShipmentTimeline>(p => p.Add(t => t.Entries, Array.Empty<TimelineItem>()));

        Assert.Single(timeline.FindAll("[data-testid=timeline-empty]"));
    }
}
