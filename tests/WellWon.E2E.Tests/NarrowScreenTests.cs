using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WellWon.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static WellWon.E2E.Tests.Infrastructure.PageActions;

namespace WellWon.E2E.Tests;

/// <summary>A phone's 375 px: the menu folds away behind its button, and the companies and the chat still work with a thumb.</summary>
public sealed class NarrowScreenTests(WellWonApp app, Chromium chromium) : IAsyncDisposable
{
    private static readonly ViewportSize Phone = new() { Width = 375, Height = 812 };

    private readonly Scenario _scenario = new(chromium, app);

    [Fact]
    public async Task At_375_px_the_menu_folds_and_companies_and_chat_stay_usable()
    {
        var person = Person.New("Nadia", "Novak");
        var companyName = "Novak Trading " + Guid.NewGuid().ToString("N")[..6];
        var page = await _scenario.OpenUserAsync("N", Phone);
        var drawer = page.Locator("#drawer");
        var navCompanies = page.Locator("#nav-companies");

        await page.SignUpAsync(person);

        // The drawer starts folded away; the app bar's button brings it and a choice in it takes it away again.
        await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--closed"));
        await Expect(navCompanies).Not.ToBeInViewportAsync();
        Assert.False(await page.ScrollsSidewaysAsync(), "The signed-in home page scrolls sideways at 375 px.");
        await _scenario.StepAsync(page, "signed in, menu folded");

        await page.OpenMenuAsync();
        await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--open"));
        await Expect(navCompanies).ToBeInViewportAsync();
        await _scenario.StepAsync(page, "menu open");

        await navCompanies.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/companies$"));
        await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--closed"));
        await Expect(page.Locator("#companies-empty")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
        await _scenario.StepAsync(page, "no company yet");

        // The companies list: a company made here is a row (a card at this width) whose link opens it.
        var companyId = await page.CreateCompanyAsync(companyName, "PL");
        Assert.False(await page.ScrollsSidewaysAsync(), "The company page scrolls sideways at 375 px.");
        await _scenario.StepAsync(page, "company page");
        await page.OpenMenuAsync();
        await navCompanies.ClickAsync();
        var row = page.Locator($"#company-link-{companyId}");
        await Expect(row).ToBeInViewportAsync(new LocatorAssertionsToBeInViewportOptions { Timeout = Ms(Patience) });
        Assert.False(await page.ScrollsSidewaysAsync(), "The companies list scrolls sideways at 375 px.");
        await _scenario.StepAsync(page, "companies list");
        await row.ClickAsync();
        await Expect(page.Locator("#company-title")).ToHaveTextAsync(companyName, new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Patience) });

        // The chat: the list alone, then the conversation alone with a way back.
        await page.OpenMenuAsync();
        await page.Locator("#nav-chat").ClickAsync();
        await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--closed"));
        var chatId = await page.WaitForChatAsync(companyName, TimeSpan.FromSeconds(20));
        await Expect(page.GetByTestId("chat-list")).ToBeInViewportAsync();
        await Expect(page.GetByTestId("chat-none-selected")).ToBeHiddenAsync();
        Assert.False(await page.ScrollsSidewaysAsync(), "The chat list scrolls sideways at 375 px.");
        await _scenario.StepAsync(page, "chat list");

        await page.OpenConversationAsync(chatId);
        await Expect(page.GetByTestId("chat-list")).ToBeHiddenAsync();
        var text = "Checking the chat from my phone.";
        await (await page.DraftMessageAsync(text)).ClickAsync();
        await Expect(page.Message(text)).ToBeInViewportAsync(new LocatorAssertionsToBeInViewportOptions { Timeout = Ms(Patience) });
        await Expect(page.GetByTestId("chat-send")).ToBeInViewportAsync();
        Assert.False(await page.ScrollsSidewaysAsync(), "The conversation scrolls sideways at 375 px.");
        await _scenario.StepAsync(page, "conversation");

        await page.GetByTestId("chat-back").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/chat$"));
        await Expect(page.GetByTestId($"chat-item-{chatId}")).ToBeInViewportAsync();
        await _scenario.StepAsync(page, "back to the chat list");
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();
}
