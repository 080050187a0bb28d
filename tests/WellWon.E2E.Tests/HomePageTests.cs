using Microsoft.Playwright;
using WellWon.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WellWon.E2E.Tests;

/// <summary>The Web's home page in a real browser, served by the Web with the Api, the workers, PostgreSQL and Redis behind it.</summary>
public sealed class HomePageTests(WellWonApp app, Chromium chromium) : IAsyncDisposable
{
    private readonly Scenario _scenario = new(chromium, app);

    [Fact]
    public async Task Home_page_shows_the_Api_healthy()
    {
        var a = await _scenario.OpenUserAsync("A");

        await a.GotoAsync("/");

        // The Web asks the Api's /health and renders the answer.
        await Expect(a.Locator("#api-health")).ToHaveTextAsync("API: Healthy", new LocatorAssertionsToHaveTextOptions { Timeout = 10_000 });
        await _scenario.StepAsync(a, "home");
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();
}
