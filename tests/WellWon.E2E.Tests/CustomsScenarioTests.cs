using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WellWon.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static WellWon.E2E.Tests.Infrastructure.PageActions;

namespace WellWon.E2E.Tests;

/// <summary>
/// A person opens a customs declaration in the browser, adds one goods item found by the HS search (a computer, 0 % duty), sees
/// the payments calculated; then changes its HS code to ball bearings (10 %) and sees the duty change, recalculated by itself.
/// The central bank is never called: the rates of the declaration date are stored in the run's database first.
/// </summary>
public sealed partial class CustomsScenarioTests(WellWonApp app, Chromium chromium) : IAsyncDisposable
{
    private readonly Scenario _scenario = new(chromium, app);

    [Fact]
    public async Task Changing_an_items_HS_code_in_the_browser_recalculates_the_duty()
    {
        var ct = TestContext.Current.CancellationToken;
        // The list opens declarations dated today (UTC); the days around it too, should the run cross midnight.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rates = new Dictionary<string, decimal> { ["USD"] = 80.5m, ["EUR"] = 93.2m, ["CNY"] = 11.3m };
        foreach (var day in new[] { today.AddDays(-1), today, today.AddDays(1) })
        {
            await app.SeedExchangeRatesAsync(day, rates, ct);
        }

        var page = await _scenario.OpenUserAsync("C");
        await page.SignUpAsync(Person.New("Carla", "Customs"));
        await page.Locator("#nav-companies").ClickAsync();
        await page.CreateCompanyAsync("Customs Imports " + Guid.NewGuid().ToString("N")[..6], "RU");

        await page.Locator("#nav-customs").ClickAsync();
        var create = page.Locator("#declaration-new");
        await Expect(create).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = Ms(Patience) });
        await create.ClickAsync();
        await page.Locator("#new-create").ClickAsync();
        await Expect(page).ToHaveURLAsync(DeclarationAddress(), new PageAssertionsToHaveURLOptions { Timeout = Ms(Patience) });
        await Expect(page.Locator("#declaration-status")).ToHaveAttributeAsync("data-status", "draft", new LocatorAssertionsToHaveAttributeOptions { Timeout = Ms(Patience) });
        await page.WaitInteractiveAsync();

        // One goods item: the HS code picked from the search's suggestions.
        await page.Locator("#item-add").ClickAsync();
        await page.Locator("#item-0-description").FillAsync("Laptop computers");
        await PickHsCodeAsync(page, "8471300000");
        await page.Locator("#item-0-origin").FillAsync("CN");
        await page.Locator("#item-0-quantity").FillAsync("100");
        await page.Locator("#item-0-unit").FillAsync("pcs");
        await page.Locator("#item-0-gross").FillAsync("250");
        await page.Locator("#item-0-net").FillAsync("200");
        await page.Locator("#item-0-price").FillAsync("50000");
        await page.Locator("#item-0-currency").FillAsync("USD");
        await page.Locator("#item-0-currency").PressAsync("Tab");
        await page.Locator("#item-0-save").ClickAsync();

        var duty = page.GetByTestId("sheet-duty");
        var itemCode = page.GetByTestId("sheet-item-hs");
        await Expect(itemCode).ToHaveTextAsync("8471300000", new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Patience) });
        await Expect(duty).ToHaveTextAsync("0.00 ₽");
        await _scenario.StepAsync(page, "a computer: no duty");

        // Ball bearings instead: the item is saved and the sheet recalculated without any button.
        await PickHsCodeAsync(page, "8482109000");
        await Expect(itemCode).ToHaveTextAsync("8482109000", new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Patience) });
        await Expect(duty).Not.ToHaveTextAsync("0.00 ₽");
        await _scenario.StepAsync(page, "ball bearings: 10 % duty");

        // The duty shown is the tariff's 10 % of the customs value shown.
        var customsValue = Amount(await page.GetByTestId("sheet-customs-value").TextContentAsync());
        Assert.True(customsValue > 50000m * 80.5m - 0.01m, $"customs value {customsValue}");
        Assert.Equal(Math.Round(customsValue * 0.10m, 2, MidpointRounding.AwayFromZero), Amount(await duty.TextContentAsync()));
    }

    /// <summary>Types the code into the item's HS field and picks it from the suggestions, which show its description.</summary>
    private static async Task PickHsCodeAsync(IPage page, string code)
    {
        var field = page.Locator("#item-0-hs");
        await field.FillAsync(code);
        var suggestion = page.Locator($"[data-testid=hs-suggestion][data-code='{code}']");
        await Expect(suggestion).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
        await Expect(suggestion.GetByTestId("hs-suggestion-description")).Not.ToBeEmptyAsync();
        await suggestion.ClickAsync();
    }

    private static decimal Amount(string? text) =>
        decimal.Parse(new string((text ?? "").Where(c => char.IsAsciiDigit(c) || c == '.').ToArray()), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"/customs/[0-9a-f-]{36}$")]
    private static partial Regex DeclarationAddress();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();
}
