using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WellWon.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static WellWon.E2E.Tests.Infrastructure.PageActions;

namespace WellWon.E2E.Tests;

/// <summary>
/// A person creates a shipment in the browser — a leg with the simulated carrier SIMU and a container — and books it; while its
/// page stays open, the carrier's departure and arrival, read from its feed by data-sync, show on the timeline as reported by the
/// carrier and move the status on, without a reload. And the shipments list on a phone's 375 px.
/// </summary>
public sealed partial class LogisticsScenarioTests(WellWonApp app, Chromium chromium) : IAsyncDisposable
{
    /// <summary>Every browser test here stays under a minute.</summary>

    /// <summary>
    /// From the click on book to the carrier's departure on screen: the next tracking run subscribes, the simulator departs under a
    /// second later, the run after reads it, then the relay, the event processor and the push, on a loaded machine.
    /// </summary>
    private static readonly TimeSpan DepartureTimeout = TimeSpan.FromSeconds(20);

    private static readonly ViewportSize Phone = new() { Width = 375, Height = 812 };

    private readonly Scenario _scenario = new(chromium, app);
    private readonly long _started = Stopwatch.GetTimestamp();

    [Fact]
    public async Task A_shipment_booked_in_the_browser_with_carrier_SIMU_shows_the_carriers_milestones_live()
    {
        var person = Person.New("Lena", "Lang");
        var page = await _scenario.OpenUserAsync("L");
        await page.SignUpAsync(person);
        await page.Locator("#nav-companies").ClickAsync();
        await page.CreateCompanyAsync("Lang Logistics " + Guid.NewGuid().ToString("N")[..6], "DE");

        // The form: a sea shipment from Shanghai to Hamburg with one container and one cargo line.
        await page.Locator("#nav-shipments").ClickAsync();
        var create = page.Locator("#shipment-new");
        await Expect(create).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = Ms(Patience) });
        await create.ClickAsync();
        await Expect(page.Locator("#container-0-number")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
        await page.WaitInteractiveAsync();
        await page.Locator("#shipment-shipper-name").FillAsync("Ningbo Tea Co");
        await page.Locator("#shipment-consignee-name").FillAsync("Lang Logistics GmbH");
        await page.Locator("#leg-0-from").FillAsync("CNSHA");
        await page.Locator("#leg-0-to").FillAsync("DEHAM");
        await page.Locator("#leg-0-carrier").FillAsync(app.SimulatorCarrier);
        await page.Locator("#leg-0-etd").FillAsync("2026-12-01T10:00");
        await page.Locator("#leg-0-eta").FillAsync("2027-01-10T08:00");

        // The check digit is checked in the browser while typing: 5 is refused, 6 is right.
        var number = page.Locator("#container-0-number");
        await number.FillAsync("MSCU1234565");
        await Expect(page.GetByText("The check digit of MSCU123456 is 6, not 5.")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
        await _scenario.StepAsync(page, "a wrong check digit");
        await number.FillAsync("MSCU1234566");
        await Expect(page.GetByText("The check digit of MSCU123456 is 6, not 5.")).ToHaveCountAsync(0);
        await page.Locator("#cargo-0-description").FillAsync("Green tea");
        await page.Locator("#cargo-0-packages").FillAsync("120");
        await page.Locator("#cargo-0-gross").FillAsync("2400");
        await page.Locator("#cargo-0-net").FillAsync("2200");
        await _scenario.StepAsync(page, "the shipment form", readme: "shipment-form");

        await page.Locator("#shipment-save").ClickAsync();
        await Expect(page).ToHaveURLAsync(ShipmentAddress(), new PageAssertionsToHaveURLOptions { Timeout = Ms(Patience) });
        await Expect(page.Locator("#shipment-status")).ToHaveAttributeAsync("data-status", "draft", new LocatorAssertionsToHaveAttributeOptions { Timeout = Ms(Patience) });
        await Expect(page.GetByTestId("container-number")).ToHaveTextAsync("MSCU1234566");
        await Expect(page.GetByTestId("leg-route")).ToHaveTextAsync("CNSHA → DEHAM");
        await Expect(page.Locator("#shipment-legs")).ToContainTextAsync("2026-12-01 10:00 UTC");
        await Expect(page.Locator("#shipment-legs")).ToContainTextAsync("2027-01-10 08:00 UTC");

        // Book it, with a mark in the document (a reload would take it away) and a watch, at every animation frame, on the status
        // and on the timeline's milestones: the figures are not rounded up to an assertion's polling interval.
        await page.EvaluateAsync(WatchScript);
        await page.Locator("#shipment-book").ClickAsync();
        await Expect(page.Locator("#shipment-status")).ToHaveAttributeAsync("data-status", "booked", new LocatorAssertionsToHaveAttributeOptions { Timeout = Ms(Patience) });
        await Expect(page.Locator("[data-testid=timeline-entry][data-milestone=booked]")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = Ms(Patience) });
        await _scenario.StepAsync(page, "booked");

        // The carrier departs: data-sync reads it from the feed and the open page shows it by push, marked as the carrier's.
        var departed = page.Locator("[data-testid=timeline-entry][data-milestone=departed]");
        await Expect(departed).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = Ms(DepartureTimeout) });
        await Expect(departed.GetByTestId("timeline-summary")).ToContainTextAsync("Departed at CNSHA");
        await Expect(departed.GetByTestId("timeline-who")).ToHaveAttributeAsync("data-reporter", "carrier");
        await Expect(departed.GetByTestId("timeline-who")).ToContainTextAsync($"carrier {app.SimulatorCarrier}");
        await Expect(page.GetByTestId("leg-atd")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
        await _scenario.StepAsync(page, "departed, reported by the carrier");

        // A leg takes the simulator's LegDuration: the arrival follows within the budget, and the status has passed in transit.
        var arrived = page.Locator("[data-testid=timeline-entry][data-milestone=arrived]");
        await Expect(arrived).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = Ms(app.SimulatedLegDuration + DepartureTimeout) });
        await Expect(arrived.GetByTestId("timeline-summary")).ToContainTextAsync("Arrived at DEHAM");
        await Expect(arrived.GetByTestId("timeline-who")).ToHaveAttributeAsync("data-reporter", "carrier");
        await Expect(page.Locator("#shipment-status")).ToHaveAttributeAsync("data-status", "arrived", new LocatorAssertionsToHaveAttributeOptions { Timeout = Ms(Patience) });
        await Expect(page.GetByTestId("leg-ata")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
        await _scenario.StepAsync(page, "arrived, reported by the carrier", readme: "shipment-tracking");

        var reference = await page.Locator("#shipment-reference").TextContentAsync() ?? "";
        var watched = JsonSerializer.Deserialize<Watched>(await page.EvaluateAsync<string>("() => JSON.stringify(window.wellwonWatch)"), JsonSerializerOptions.Web)!;
        Assert.True(watched.SameDocument, "The shipment page was reloaded: the carrier's milestones must come by push.");
        var statuses = watched.Statuses.Select(s => s.Status).ToList();
        // In transit shows between the two unless one read of the feed brought both (a loaded machine): then the page goes
        // from booked to arrived, which is right too; the timeline above already proved both milestones came by push.
        Assert.DoesNotContain(statuses.SkipWhile(s => s != "arrived"), s => s != "arrived");
        var inTransitFor = statuses.Contains("in_transit")
            ? watched.Statuses[statuses.IndexOf("arrived")].At - watched.Statuses[statuses.IndexOf("in_transit")].At
            : 0;

        // When the carrier says each happened, against when the page first showed it (one machine, one clock).
        var feed = await app.EventsAsync(reference, TestContext.Current.CancellationToken);
        string FromCarrier(string type, string milestone) =>
            feed.FirstOrDefault(e => e.Type == type) is { } e && watched.Milestones.TryGetValue(milestone, out var shown)
                ? Milliseconds(DateTimeOffset.FromUnixTimeMilliseconds((long)shown) - e.OccurredAt)
                : "?";
        string FromBook(string milestone) =>
            watched.BookedAt is { } at && watched.Milestones.TryGetValue(milestone, out var shown) ? Milliseconds(TimeSpan.FromMilliseconds(shown - at)) : "?";

        Report($"{reference} with carrier {app.SimulatorCarrier} (a leg takes {app.SimulatedLegDuration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s, "
            + $"feed read every {app.TrackingInterval.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s): "
            + $"departed on screen {FromBook("departed")} after the click on book, {FromCarrier("departed", "departed")} after the carrier's event; "
            + $"arrived {FromBook("arrived")} after the click, {FromCarrier("arrived", "arrived")} after the carrier's event; "
            + $"status {string.Join(" → ", statuses)}, in transit on screen for {inTransitFor.ToString("0", CultureInfo.InvariantCulture)} ms; "
            + $"the feed had {string.Join(", ", feed.Select(e => e.Type))}; "
            + $"test {Stopwatch.GetElapsedTime(_started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
    }

    [Fact]
    public async Task At_375_px_the_shipments_list_and_a_shipment_stay_usable()
    {
        var ct = TestContext.Current.CancellationToken;
        var person = Person.New("Pavel", "Petrov");
        var page = await _scenario.OpenUserAsync("P", Phone);
        await page.SignUpAsync(person);
        // This scenario is about the shipment screens at phone width; the menu at that width is NarrowScreenTests' subject,
        // so the pages are opened by address, not through the drawer.
        await page.GotoAsync("/companies");
        await page.WaitInteractiveAsync();
        var companyId = await page.CreateCompanyAsync("Petrov Freight " + Guid.NewGuid().ToString("N")[..6], "RU");

        // A shipment made through the Api, with a long container list and a B/L to stress the narrow layout.
        using var api = await ApiClient.SignInAsync(app.Api, person.Email, person.Password, ct);
        var created = await api.PostAsync("/api/shipments", new
        {
            companyId,
            mode = "sea",
            incoterm = "FOB",
            incotermPlace = "Shanghai",
            blNumber = "MEDUSH123456789",
            shipper = new { name = "Ningbo Tea Co" },
            legs = new[] { new { from = "CNSHA", to = "RULED", etd = "2026-12-01T10:00:00Z", eta = "2027-01-20T08:00:00Z", carrier = "MSCU" } },
            containers = new[] { new { number = "MSCU1234566", type = "45G1" }, new { number = "CSQU3054383", type = "22G1" } },
            cargo = new[] { new { description = "Green tea in cartons", packages = 120, grossWeightKg = 2400 } },
        }, ct);
        var reference = created.GetProperty("reference").GetString()!;
        // A second shipment, so the search below has something to leave out (with one row it could not be seen to work,
        // and a click could land while the debounced search was still reloading the list).
        await api.PostAsync("/api/shipments", new
        {
            companyId,
            mode = "sea",
            incoterm = "FOB",
            incotermPlace = "Ningbo",
            legs = new[] { new { from = "CNNGB", to = "RULED", etd = "2026-12-03T10:00:00Z", eta = "2027-01-22T08:00:00Z", carrier = "MSCU" } },
            containers = new[] { new { number = "TGHU8765436", type = "22G1" } },
            cargo = new[] { new { description = "Porcelain in crates", packages = 40, grossWeightKg = 900 } },
        }, ct);

        await page.GotoAsync("/shipments");
        await page.WaitInteractiveAsync();
        await Expect(page.Locator("#drawer")).ToHaveClassAsync(new Regex("mud-drawer--closed"));
        var row = page.Locator("[data-testid=shipment-row-link]").GetByText(reference);
        await Expect(row).ToBeInViewportAsync(new LocatorAssertionsToBeInViewportOptions { Timeout = Ms(Patience) });
        await Expect(page.Locator("#shipment-new")).ToBeInViewportAsync();
        Assert.False(await page.ScrollsSidewaysAsync(), "The shipments list scrolls sideways at 375 px.");
        await _scenario.StepAsync(page, "shipments list at 375 px", readme: "shipments-phone");

        // The search narrows the list by container number.
        await Expect(page.Locator("[data-testid=shipment-row-link]")).ToHaveCountAsync(2, new LocatorAssertionsToHaveCountOptions { Timeout = Ms(Patience) });
        await page.Locator("#shipment-search").FillAsync("CSQU305");
        await Expect(page.Locator("[data-testid=shipment-row-link]")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = Ms(Patience) });

        await row.ClickAsync();
        await Expect(page.Locator("#shipment-reference")).ToHaveTextAsync(reference, new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Patience) });
        await Expect(page.Locator("#shipment-book")).ToBeVisibleAsync();
        Assert.False(await page.ScrollsSidewaysAsync(), "The shipment page scrolls sideways at 375 px.");
        await _scenario.StepAsync(page, "a shipment at 375 px");
    }

    private void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        File.AppendAllText(Path.Combine(_scenario.Directory, "latency.txt"), line + "\n");
    }

    /// <summary>
    /// Marks the document and records, at every animation frame, the click on book, each status the page shows and the first sight
    /// of each milestone on the timeline: a status that shows for less than an assertion's polling interval is still seen.
    /// </summary>
    private const string WatchScript = """
        () => {
            const now = () => performance.timeOrigin + performance.now();
            const watch = window.wellwonWatch = { sameDocument: true, bookedAt: null, statuses: [], milestones: {} };
            document.addEventListener('click', e => {
                if (watch.bookedAt === null && e.target.closest('#shipment-book')) watch.bookedAt = now();
            }, true);
            const tick = () => {
                const at = now();
                const status = document.querySelector('#shipment-status')?.getAttribute('data-status');
                const last = watch.statuses[watch.statuses.length - 1];
                if (status && (!last || last.status !== status)) {
                    watch.statuses.push({ status, at });
                }
                for (const entry of document.querySelectorAll('[data-testid=timeline-entry][data-milestone]')) {
                    watch.milestones[entry.dataset.milestone] ??= at;
                }
                requestAnimationFrame(tick);
            };
            tick();
        }
        """;

    /// <summary>What the watch saw, in ms since the epoch by the browser's clock: each status as it changed, each milestone's first sight.</summary>
    private sealed record Watched(bool SameDocument, double? BookedAt, IReadOnlyList<SeenStatus> Statuses, IReadOnlyDictionary<string, double> Milestones);

    private sealed record SeenStatus(string Status, double At);

    private static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    [GeneratedRegex("/shipments/(?<id>[0-9a-f-]{36})$")]
    private static partial Regex ShipmentAddress();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();
}
