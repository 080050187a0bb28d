using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using WellWon.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static WellWon.E2E.Tests.Infrastructure.PageActions;

namespace WellWon.E2E.Tests;

/// <summary>The administrator seeded from configuration at the Api's start signs in and watches the projections catch up.</summary>
public sealed class AdministratorTests(WellWonApp app, Chromium chromium) : IAsyncDisposable
{
    private const string ChatProjection = "chat.conversations";

    private readonly Scenario _scenario = new(chromium, app);

    [Fact]
    public async Task Seeded_administrator_signs_in_and_sees_the_projections_catch_up()
    {
        var admin = await _scenario.OpenUserAsync("Admin");

        await admin.GotoAsync("/login");
        await admin.FillSignInAsync(app.AdminEmail, app.AdminPassword);
        await _scenario.StepAsync(admin, "sign in", readme: "sign-in");
        await admin.SignInAsync(app.AdminEmail, app.AdminPassword, navigate: false);
        await Expect(admin.Locator("#nav-admin")).ToBeVisibleAsync();

        // Something for the projections to do: a company, whose chat the saga makes through the event processor.
        await admin.Locator("#nav-companies").ClickAsync();
        await admin.CreateCompanyAsync("WellWon Demo Freight " + Guid.NewGuid().ToString("N")[..4], "NL");

        await admin.GotoAsync("/admin/projections");
        await admin.WaitInteractiveAsync();
        var table = admin.GetByTestId("projections-table");
        await Expect(table).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
        await Expect(admin.GetByTestId($"projection-status-{ChatProjection}")).ToHaveTextAsync("live");

        // The chat projection's position moves past 0 once the event processor has applied the company chat's events.
        var position = admin.GetByTestId($"projection-{ChatProjection}").Locator("td").Nth(3);
        var started = Stopwatch.GetTimestamp();
        while (!long.TryParse(await position.TextContentAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var at) || at <= 0)
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20), $"{ChatProjection} did not move past position 0 within 20 s.");
            await Task.Delay(500, TestContext.Current.CancellationToken);
            await admin.GetByTestId("projections-refresh").ClickAsync();
        }

        await _scenario.StepAsync(admin, "projections", readme: "admin-projections");
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();
}
