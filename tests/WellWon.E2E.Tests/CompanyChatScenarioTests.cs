using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WellWon.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static WellWon.E2E.Tests.Infrastructure.PageActions;

namespace WellWon.E2E.Tests;

/// <summary>
/// Two people on two machines: A founds a company and invites B, B joins with the link, and both talk in the company's chat,
/// which a saga creates in the background; a message reaches the other side live, within two seconds, without a reload.
/// It runs alone, after the other browser tests: the figure is the system's latency, not that of a run competing with itself.
/// </summary>
[Collection(typeof(CompanyChatScenarioTests))]
[CollectionDefinition(DisableParallelization = true)]
public sealed class CompanyChatScenarioTests(WellWonApp app, Chromium chromium) : IAsyncDisposable
{
    /// <summary>From A's click on send to the message on B's screen, pushed (no reload).</summary>
    private static readonly TimeSpan PushDeadline = TimeSpan.FromSeconds(2);

    /// <summary>The company chat saga runs on the event processor after the relay: it may take a while on a loaded machine.</summary>
    private static readonly TimeSpan ChatCreationTimeout = TimeSpan.FromSeconds(20);

    private readonly Scenario _scenario = new(chromium, app);

    [Fact]
    public async Task Invited_colleague_joins_and_sees_a_message_live_in_the_company_chat()
    {
        var alice = Person.New("Alice", "Adams");
        var bruno = Person.New("Bruno", "Berg");
        var companyName = "Adams Imports " + Guid.NewGuid().ToString("N")[..6];

        // A signs up and lands signed in.
        var a = await _scenario.OpenUserAsync("A");
        await a.SignUpAsync(alice);
        await a.Locator("#user-menu").ClickAsync();
        await Expect(a.Locator("#user-name")).ToContainTextAsync("Alice");
        await _scenario.StepAsync(a, "A signed up");
        // A click beside the menu closes it, as a person would.
        await a.Mouse.ClickAsync(640, 600);
        await Expect(a.Locator("#user-name")).ToBeHiddenAsync();

        // A creates a company; it opens, and it is then in A's list.
        await a.Locator("#nav-companies").ClickAsync();
        await Expect(a.Locator("#companies-empty")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
        await _scenario.StepAsync(a, "A has no company yet");
        var companyId = await a.CreateCompanyAsync(companyName, "DE");
        await Expect(a.Locator("#company-my-role")).ToHaveTextAsync("owner");
        await Expect(a.Locator("#current-company-name")).ToHaveTextAsync(companyName);

        await a.Locator("#nav-companies").ClickAsync();
        var row = a.Locator($"#company-link-{companyId}");
        await Expect(row).ToHaveTextAsync(companyName, new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Patience) });
        await _scenario.StepAsync(a, "A's companies", readme: "companies");
        await row.ClickAsync();
        await Expect(a.Locator("#company-title")).ToHaveTextAsync(companyName, new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Patience) });

        // A invites B's address and reads the accept link the dialog shows once.
        var inviteOpen = a.Locator("#invite-open");
        await Expect(inviteOpen).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = Ms(Patience) });
        await inviteOpen.ClickAsync();
        await a.Locator("#invite-email").FillAsync(bruno.Email);
        await _scenario.StepAsync(a, "A invites B");
        await a.Locator("#invite-submit").ClickAsync();
        await Expect(a.Locator("#invite-sent")).ToContainTextAsync(bruno.Email, new LocatorAssertionsToContainTextOptions { Timeout = Ms(Patience) });
        var acceptLink = await a.Locator("#invite-link").InputValueAsync();
        Assert.Matches(new Regex("/invitations/[0-9a-f-]{36}/accept\\?token=.+"), acceptLink);
        Assert.StartsWith(app.Web.GetLeftPart(UriPartial.Authority), acceptLink, StringComparison.Ordinal);
        await _scenario.StepAsync(a, "A has the accept link");
        await a.Locator("#invite-done").ClickAsync();
        await Expect(a.GetByTestId("invitation-email")).ToHaveTextAsync(bruno.Email, new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Patience) });

        // B signs up in a browser of their own, opens the link and accepts.
        var b = await _scenario.OpenUserAsync("B");
        await b.SignUpAsync(bruno);
        await _scenario.StepAsync(b, "B signed up");
        await b.GotoAsync(acceptLink);
        await b.WaitInteractiveAsync();
        var accept = b.Locator("#invitation-accept");
        await Expect(accept).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = Ms(Patience) });
        await _scenario.StepAsync(b, "B opened the invitation");
        await accept.ClickAsync();
        await Expect(b).ToHaveURLAsync(new Regex($"/companies/{companyId}$"), new PageAssertionsToHaveURLOptions { Timeout = Ms(Patience) });
        await Expect(b.Locator("#company-title")).ToHaveTextAsync(companyName, new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Patience) });
        await Expect(b.Locator("#company-my-role")).ToHaveTextAsync("member");
        await Expect(b.Locator("#invitation-error")).ToHaveCountAsync(0);
        await _scenario.StepAsync(b, "B joined the company");

        // A sees B among the participants.
        await a.ReloadAsync();
        await a.WaitInteractiveAsync();
        await Expect(a.GetByTestId("participant-user")).ToHaveCountAsync(2, new LocatorAssertionsToHaveCountOptions { Timeout = Ms(Patience) });
        await Expect(a.GetByTestId("invitation-status")).ToHaveTextAsync("accepted");
        await _scenario.StepAsync(a, "A sees B in the company", readme: "company");

        // Both find the company's chat, which the saga makes after the company and adds B to after the acceptance.
        await a.Locator("#nav-chat").ClickAsync();
        var chatId = await a.WaitForChatAsync(companyName, ChatCreationTimeout);
        await b.GotoAsync("/chat");
        await b.WaitInteractiveAsync();
        Assert.Equal(chatId, await b.WaitForChatAsync(companyName, ChatCreationTimeout));
        await _scenario.StepAsync(b, "B's chats");

        await b.OpenConversationAsync(chatId);
        await a.OpenConversationAsync(chatId);
        await _scenario.StepAsync(a, "A opened the company chat");

        // A writes; B's open conversation shows it by push within the deadline, counted from A's click.
        var hello = $"Hello Bruno, welcome to {companyName}! The first container leaves Shanghai on Monday.";
        var fromA = await MeasurePushAsync(a, b, hello);
        await Expect(a.Message(hello)).ToHaveClassAsync(new Regex("ww-msg--mine"));
        await Expect(b.Message(hello).GetByTestId("message-author")).Not.ToHaveTextAsync("You");
        await _scenario.StepAsync(b, "B sees A's message live");

        // And back: B answers, A sees it the same way.
        var reply = "Thanks Alice! I'll prepare the customs declaration and upload the invoice.";
        var fromB = await MeasurePushAsync(b, a, reply);
        await Expect(a.GetByTestId("message")).ToHaveCountAsync(2);
        await _scenario.StepAsync(a, "A sees B's reply live", readme: "chat");

        Report($"from the click on send: A→B pushed {Milliseconds(fromA.Push)} (own view {Milliseconds(fromA.Echo)}), "
            + $"B→A pushed {Milliseconds(fromB.Push)} (own view {Milliseconds(fromB.Echo)}); deadline {Milliseconds(PushDeadline)}");
    }

    /// <summary>
    /// <paramref name="sender"/> sends <paramref name="text"/>; returns how long after the click the sender's own view showed it
    /// (the post's round trip) and the <paramref name="receiver"/>'s open conversation did (the push), failing when the latter
    /// is later than <see cref="PushDeadline"/>. Both pages are polled at every animation frame, so the figures are not rounded
    /// up to an assertion's polling interval.
    /// </summary>
    private static async Task<(TimeSpan Echo, TimeSpan Push)> MeasurePushAsync(IPage sender, IPage receiver, string text)
    {
        const string Shown = "text => [...document.querySelectorAll('[data-testid=message-text]')].some(e => e.textContent === text)";

        // A mark in the receiver's document: a reload or a navigation would take it away.
        await receiver.EvaluateAsync("() => { window.wellwonSameDocument = true; }");
        var send = await sender.DraftMessageAsync(text);
        var clicked = Stopwatch.GetTimestamp();
        await send.ClickAsync();

        async Task<TimeSpan> ShownOn(IPage page)
        {
            await page.WaitForFunctionAsync(Shown, text, new PageWaitForFunctionOptions { Timeout = Ms(PushDeadline - Stopwatch.GetElapsedTime(clicked)) });
            return Stopwatch.GetElapsedTime(clicked);
        }

        var echo = ShownOn(sender);
        var push = ShownOn(receiver);
        try
        {
            await Task.WhenAll(echo, push);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"\"{text}\" was not on {(push.IsFaulted ? "the other" : "the sender's own")} screen {Milliseconds(PushDeadline)} after the click on send.", e);
        }

        await Expect(receiver.Message(text)).ToBeVisibleAsync();
        // The sender typed it: their typing hint goes with the message.
        await Expect(receiver.GetByTestId("typing-indicator")).Not.ToHaveClassAsync(new Regex("ww-typing--on"), new LocatorAssertionsToHaveClassOptions { Timeout = 1000 });
        Assert.True(await receiver.EvaluateAsync<bool>("() => window.wellwonSameDocument === true"), "The receiver's page was reloaded: the message must come by push.");
        await Expect(sender.Message(text)).ToBeVisibleAsync();
        await Expect(sender.GetByTestId("chat-input")).ToHaveValueAsync("");
        return (await echo, await push);
    }

    private void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        File.AppendAllText(Path.Combine(_scenario.Directory, "latency.txt"), line + "\n");
    }

    private static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();
}
