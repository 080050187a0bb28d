using System.Net;
using WellWon.Web.Api;
using WellWon.Web.Components.Chat;
using WellWon.Web.Components.Pages.Chat;
using WellWon.Web.Live;

namespace WellWon.Web.Tests.Chat;

public sealed class ChatPageTests : ScreenTestContext
{
    private readonly DateTimeOffset _at = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private ChatSummary Chat(Guid id, string title, int unread, long last = 5) =>
        new(id, "company", Guid.NewGuid(), title, null, false, last, _at, "last words", last - unread, unread, _at);

    [Fact]
    public void Lists_conversations_with_their_unread_counts_and_a_message_elsewhere_bumps_the_count()
    {
        var acme = Guid.NewGuid();
        var globex = Guid.NewGuid();
        Api.On(HttpMethod.Get, "/api/chats", HttpStatusCode.OK, ToJson(new[] { Chat(acme, "Acme imports", 0), Chat(globex, "Globex freight", 1) }));

        var page = Render<ChatPage>(p => p.Add(x => x.RefreshDelay, TimeSpan.FromMilliseconds(10)));

        page.WaitForAssertion(() => Assert.Equal("Globex freight", page.Find($"[data-testid=chat-item-{globex}] [data-testid=chat-title]").TextContent));
        Assert.Empty(page.FindAll($"[data-testid=chat-item-{acme}] [data-testid=chat-unread]"));
        Assert.Equal("1", page.Find($"[data-testid=chat-item-{globex}] [data-testid=chat-unread]").TextContent.Trim());
        // Every conversation is followed, and the user's own group for joins and leaves.
        Assert.Contains(LiveGroups.Chat(acme), Live.Joined);
        Assert.Contains(LiveGroups.Chat(globex), Live.Joined);
        Assert.Contains(LiveGroups.User(Me), Live.Joined);

        Api.On(HttpMethod.Get, "/api/chats", HttpStatusCode.OK, ToJson(new[] { Chat(globex, "Globex freight", 2, last: 6), Chat(acme, "Acme imports", 0) }));
        Live.Push(LiveGroups.Chat(globex), ChatChangeKinds.Messages, globex.ToString(), 6, "posted");

        page.WaitForAssertion(() => Assert.Equal("2", page.Find($"[data-testid=chat-item-{globex}] [data-testid=chat-unread]").TextContent.Trim()));
        // Latest activity first, as the Api orders it.
        Assert.Equal($"chat-item-{globex}", page.FindAll("[data-testid^=chat-item-]")[0].GetAttribute("data-testid"));
    }

    [Fact]
    public void Opening_a_conversation_shows_it_beside_the_list_and_clears_its_unread_count_once_read()
    {
        var acme = Guid.NewGuid();
        var other = Guid.NewGuid();
        Api.On(HttpMethod.Get, "/api/chats", HttpStatusCode.OK, ToJson(new[] { Chat(acme, "Acme imports", 1, last: 1) }))
           .On(HttpMethod.Get, $"/api/chats/{acme}/messages?limit=50", HttpStatusCode.OK,
               ToJson(new MessagePage([new MessageView(Guid.CreateVersion7(), acme, 1, other, "hello", null, [], _at, null, false)], null, null)))
           .On(HttpMethod.Post, $"/api/chats/{acme}/read", HttpStatusCode.NoContent);

        var page = Render<ChatPage>(p => p.Add(x => x.ChatId, acme));

        page.WaitForAssertion(() => Assert.Equal("Acme imports", page.Find("[data-testid=conversation-title]").TextContent));
        page.WaitForAssertion(() => Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post && r.Path == $"/api/chats/{acme}/read"));
        Assert.Empty(page.FindAll("[data-testid=chat-unread]"));
        Assert.Contains("ww-chat--open", page.Find("[data-testid=chat-page]").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_list_shows_the_api_message()
    {
        Api.On(HttpMethod.Get, "/api/chats", HttpStatusCode.ServiceUnavailable);

        var page = Render<ChatPage>();

        page.WaitForAssertion(() => Assert.Equal("WellWon is temporarily unavailable. Try again in a moment.", page.Find("[data-testid=api-problem]").TextContent.Trim()));
    }

    [Fact]
    public void The_reconnecting_banner_shows_while_the_hub_is_down_and_goes_when_it_resumes()
    {
        var banner = Render<ReconnectingBanner>();
        Assert.Empty(banner.FindAll("[data-testid=reconnecting-banner]"));

        Live.Set(LiveState.Reconnecting);
        banner.WaitForAssertion(() => Assert.Contains("Reconnecting…", banner.Find("[data-testid=reconnecting-banner]").TextContent, StringComparison.Ordinal));

        Live.Set(LiveState.Connected);
        banner.WaitForAssertion(() => Assert.Empty(banner.FindAll("[data-testid=reconnecting-banner]")));
    }
}
