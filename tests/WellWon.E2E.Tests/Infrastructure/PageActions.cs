using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace WellWon.E2E.Tests.Infrastructure;

/// <summary>A person's steps in the Web, as the scenarios repeat them: signing up and in, creating a company, finding its chat.</summary>
public static partial class PageActions
{
    /// <summary>Long enough for a first circuit or a first Api call on a loaded two-core machine; a broken page still fails in seconds.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>An account that exists only in this run.</summary>
    public sealed record Person(string FirstName, string LastName, string Email, string Password)
    {
        public static Person New(string firstName, string lastName)
        {
            var unique = Guid.NewGuid().ToString("N")[..10];
            return new Person(firstName, lastName, $"{firstName.ToLowerInvariant()}.{unique}@example.com", $"Pw-{unique}-e2e!");
        }
    }

    /// <summary>Waits until the page answers clicks: its circuit is connected (buttons are disabled until then).</summary>
    public static Task WaitInteractiveAsync(this IPage page) =>
        page.Locator("#ww-interactive").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = Ms(Patience) });

    /// <summary>
    /// Opens the navigation drawer at phone width. A click that reaches the circuit while the layout re-renders (its handler id
    /// changed) is dropped, and the drawer then stays folded: the button is clicked again, only while the drawer is still closed.
    /// </summary>
    public static async Task OpenMenuAsync(this IPage page)
    {
        var drawer = page.Locator("#drawer");
        var open = new Regex("mud-drawer--open");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (open.IsMatch(await drawer.GetAttributeAsync("class") ?? ""))
            {
                return;
            }

            await page.Locator("#drawer-toggle").ClickAsync();
            try
            {
                await Expect(drawer).ToHaveClassAsync(open, new LocatorAssertionsToHaveClassOptions { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException)
            {
            }
        }

        await Expect(drawer).ToHaveClassAsync(open, new LocatorAssertionsToHaveClassOptions { Timeout = Ms(Patience) });
    }

    /// <summary>Signs up on /register; should sign-up leave the person signed out (on /login), signs in. Ends on an interactive page.</summary>
    public static async Task SignUpAsync(this IPage page, Person person)
    {
        await page.GotoAsync("/register");
        await page.Locator("#register-first-name").FillAsync(person.FirstName);
        await page.Locator("#register-last-name").FillAsync(person.LastName);
        await page.Locator("#register-email").FillAsync(person.Email);
        await page.Locator("#register-password").FillAsync(person.Password);
        await page.Locator("#register-submit").ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/register", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = Ms(Patience) });

        if (new Uri(page.Url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal))
        {
            await page.SignInAsync(person.Email, person.Password, navigate: false);
            return;
        }

        await page.WaitInteractiveAsync();
    }

    /// <summary>Signs in on /login (the page already open when <paramref name="navigate"/> is false). Ends on an interactive page.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password, bool navigate = true)
    {
        if (navigate)
        {
            await page.GotoAsync("/login");
        }

        await page.FillSignInAsync(email, password);
        await page.Locator("#login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = Ms(Patience) });
        await page.WaitInteractiveAsync();
    }

    public static async Task FillSignInAsync(this IPage page, string email, string password)
    {
        await page.Locator("#login-email").FillAsync(email);
        await page.Locator("#login-password").FillAsync(password);
    }

    /// <summary>Creates a company from the companies list (which must be open) and returns its id, read from the page it opens.</summary>
    public static async Task<Guid> CreateCompanyAsync(this IPage page, string name, string country)
    {
        var open = page.Locator("#company-create-open");
        await Expect(open).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = Ms(Patience) });
        await open.ClickAsync();
        await page.Locator("#company-name").FillAsync(name);
        await page.Locator("#company-country").FillAsync(country);
        var submit = page.Locator("#company-create-submit");
        var title = page.Locator("#company-title");
        await submit.ClickAsync();

        // Blazor drops a click that reaches the circuit while it re-renders the dialog (the button's handler id changed): the
        // dialog then stays open with Create enabled (it is disabled from the moment a click is handled). Click again then.
        for (var retry = 0; retry < 2; retry++)
        {
            try
            {
                await Expect(title).ToHaveTextAsync(name, new LocatorAssertionsToHaveTextOptions { Timeout = 8_000 });
                break;
            }
            catch (PlaywrightException)
            {
                if (!await submit.IsVisibleAsync() || !await submit.IsEnabledAsync())
                {
                    break;
                }
            }

            await submit.ClickAsync();
        }

        await Expect(title).ToHaveTextAsync(name, new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Patience) });
        return Guid.Parse(CompanyAddress().Match(page.Url).Groups["id"].Value);
    }

    /// <summary>
    /// Waits for the conversation titled <paramref name="title"/> in the open /chat list and returns its id. A company's chat is
    /// made by a saga after the company event, so it may come later than the page: the list is reloaded while it is missing.
    /// </summary>
    public static async Task<Guid> WaitForChatAsync(this IPage page, string title, TimeSpan timeout)
    {
        var item = page.Locator("[data-testid^='chat-item-']").Filter(new LocatorFilterOptions
        {
            Has = page.GetByTestId("chat-title").GetByText(title, new LocatorGetByTextOptions { Exact = true }),
        });
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var left = timeout - Stopwatch.GetElapsedTime(started);
            try
            {
                // A push may bring it without a reload; a reload after a few seconds covers a push that came before the page listened.
                await item.WaitForAsync(new LocatorWaitForOptions { Timeout = Ms(left < TimeSpan.FromSeconds(4) ? left : TimeSpan.FromSeconds(4)) });
                break;
            }
            catch (TimeoutException) when (Stopwatch.GetElapsedTime(started) < timeout)
            {
                await page.ReloadAsync();
                await page.WaitInteractiveAsync();
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"No conversation titled \"{title}\" in the chat list within {timeout.TotalSeconds} s, reloading it meanwhile.", e);
            }
        }

        var testId = await item.GetAttributeAsync("data-testid") ?? "";
        return Guid.Parse(testId["chat-item-".Length..]);
    }

    /// <summary>Opens a conversation from the list and waits until its history is shown (its group is joined before that).</summary>
    public static async Task OpenConversationAsync(this IPage page, Guid chatId)
    {
        await page.GetByTestId($"chat-item-{chatId}").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/chat/{chatId}$"), new PageAssertionsToHaveURLOptions { Timeout = Ms(Patience) });
        await Expect(page.GetByTestId("conversation").GetByTestId("history-start"))
            .ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
    }

    /// <summary>Types <paramref name="text"/> and waits until the send button takes it (the draft reached the circuit).</summary>
    public static async Task<ILocator> DraftMessageAsync(this IPage page, string text)
    {
        await page.GetByTestId("chat-input").FillAsync(text);
        var send = page.GetByTestId("chat-send");
        await Expect(send).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = Ms(Patience) });
        return send;
    }

    /// <summary>The message bubble whose text is exactly <paramref name="text"/>.</summary>
    public static ILocator Message(this IPage page, string text) =>
        page.GetByTestId("message").Filter(new LocatorFilterOptions { Has = page.GetByTestId("message-text").GetByText(text, new LocatorGetByTextOptions { Exact = true }) });

    /// <summary>Whether the page is wider than the viewport (something forces a horizontal scroll).</summary>
    public static Task<bool> ScrollsSidewaysAsync(this IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");

    public static float Ms(TimeSpan span) => (float)Math.Max(1, span.TotalMilliseconds);

    [GeneratedRegex("/companies/(?<id>[0-9a-f-]{36})")]
    private static partial Regex CompanyAddress();
}
