using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Components.Web;
using WellWon.Web.Api;
using WellWon.Web.Components.Chat;
using WellWon.Web.Live;

namespace WellWon.Web.Tests.Chat;

public sealed class ConversationViewTests : ScreenTestContext
{
    private readonly Guid _chat = Guid.NewGuid();
    private readonly Guid _other = Guid.NewGuid();
    private readonly DateTimeOffset _at = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private string Messages => $"/api/chats/{_chat}/messages";

    private MessageView Message(long sequence, Guid? author = null, string? text = null) =>
        new(Guid.CreateVersion7(), _chat, sequence, author ?? _other, text ?? $"m{sequence}", null, [], _at.AddMinutes(sequence), null, false);

    private static string Page(IEnumerable<MessageView> newestFirst, long? nextBefore = null, long? nextAfter = null) =>
        ToJson(new MessagePage([.. newestFirst], nextBefore, nextAfter));

    private IRenderedComponent<ConversationView> Open(ChatSummary? summary = null) =>
        Render<ConversationView>(p => p
            .Add(x => x.ChatId, _chat)
            .Add(x => x.Summary, summary)
            .Add(x => x.TypingShownFor, TimeSpan.FromMilliseconds(150)));

    private void AnswerReads() => Api.On(HttpMethod.Post, $"/api/chats/{_chat}/read", HttpStatusCode.NoContent);

    private static IReadOnlyList<string> Texts(IRenderedComponent<ConversationView> view) =>
        [.. view.FindAll("[data-testid=message] [data-testid=message-text]").Select(e => e.TextContent)];

    [Fact]
    public void Renders_the_newest_page_oldest_at_the_top_and_loads_the_older_page_when_asked()
    {
        var all = Enumerable.Range(1, 60).Select(i => Message(i)).ToList();
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page(all.Skip(10).Reverse(), nextBefore: 11))
           .On(HttpMethod.Get, $"{Messages}?before=11&limit=50", HttpStatusCode.OK, Page(all.Take(10).Reverse()));
        AnswerReads();

        var view = Open();

        view.WaitForAssertion(() => Assert.Equal(50, view.FindAll("[data-testid=message]").Count));
        Assert.Equal("m11", Texts(view)[0]);
        Assert.Equal("m60", Texts(view)[^1]);
        Assert.Contains(LiveGroups.Chat(_chat), Live.Joined);

        view.Find("[data-testid=load-older]").Click();

        view.WaitForAssertion(() => Assert.Equal(60, view.FindAll("[data-testid=message]").Count));
        Assert.Equal(Enumerable.Range(1, 60).Select(i => $"m{i}"), Texts(view));
        Assert.Single(view.FindAll("[data-testid=history-start]"));
        Assert.Empty(view.FindAll("[data-testid=load-older]"));
    }

    [Fact]
    public void Scrolling_to_the_top_loads_the_older_page_once()
    {
        var all = Enumerable.Range(1, 60).Select(i => Message(i)).ToList();
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page(all.Skip(10).Reverse(), nextBefore: 11))
           .On(HttpMethod.Get, $"{Messages}?before=11&limit=50", HttpStatusCode.OK, Page(all.Take(10).Reverse()));
        AnswerReads();
        var view = Open();
        view.WaitForAssertion(() => Assert.Equal(50, view.FindAll("[data-testid=message]").Count));

        // What chat.js calls when the top sentinel scrolls into view.
        view.InvokeAsync(() => view.Instance.LoadOlderFromScroll(4000));
        view.InvokeAsync(() => view.Instance.LoadOlderFromScroll(4000));

        view.WaitForAssertion(() => Assert.Equal(60, view.FindAll("[data-testid=message]").Count));
        Assert.Single(Api.Requests, r => r.Path.Contains("before=11", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pushed_change_adds_the_new_message_without_reloading()
    {
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page([Message(3), Message(2), Message(1)]))
           .On(HttpMethod.Get, $"{Messages}?after=3&limit=100", HttpStatusCode.OK, Page([Message(4, text: "fresh")]));
        AnswerReads();
        var view = Open();
        view.WaitForAssertion(() => Assert.Equal(3, view.FindAll("[data-testid=message]").Count));

        Live.Push(LiveGroups.Chat(_chat), ChatChangeKinds.Messages, _chat.ToString(), 4, "posted");

        view.WaitForAssertion(() => Assert.Equal(["m1", "m2", "m3", "fresh"], Texts(view)));
        Assert.Single(Api.Requests, r => r.Path == $"{Messages}?limit=50");
        // Someone else's new message is seen, so the conversation is marked read up to it.
        view.WaitForAssertion(() => Assert.Contains(Api.Requests, r => r.Method == HttpMethod.Post && r.Path.EndsWith("/read", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_push_for_a_message_already_shown_changes_nothing()
    {
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page([Message(2), Message(1)]));
        AnswerReads();
        var view = Open();
        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll("[data-testid=message]").Count));

        Live.Push(LiveGroups.Chat(_chat), ChatChangeKinds.Messages, _chat.ToString(), 2, "posted");

        Assert.DoesNotContain(Api.Requests, r => r.Path.Contains("after=", StringComparison.Ordinal));
    }

    [Fact]
    public void The_typing_indicator_appears_and_fades()
    {
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page([Message(1)]));
        AnswerReads();
        var view = Open();
        view.WaitForAssertion(() => Assert.Single(view.FindAll("[data-testid=message]")));

        Live.SomeoneTypes(_chat, _other);

        view.WaitForAssertion(() =>
        {
            var indicator = view.Find("[data-testid=typing-indicator]");
            Assert.Equal($"{CurrentUser.ShortName(_other)} is typing…", indicator.TextContent);
            Assert.Contains("ww-typing--on", indicator.ClassName, StringComparison.Ordinal);
        });
        view.WaitForAssertion(
            () =>
            {
                var indicator = view.Find("[data-testid=typing-indicator]");
                Assert.DoesNotContain("ww-typing--on", indicator.ClassName, StringComparison.Ordinal);
                Assert.Equal(string.Empty, indicator.TextContent);
            },
            TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_typing_indicator_goes_when_the_typists_message_arrives()
    {
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page([Message(1)]))
           .On(HttpMethod.Get, $"{Messages}?after=1&limit=100", HttpStatusCode.OK, Page([Message(2, text: "sent")]));
        AnswerReads();
        var view = Render<ConversationView>(p => p.Add(x => x.ChatId, _chat).Add(x => x.TypingShownFor, TimeSpan.FromMinutes(1)));
        view.WaitForAssertion(() => Assert.Single(view.FindAll("[data-testid=message]")));
        Live.SomeoneTypes(_chat, _other);
        view.WaitForAssertion(() => Assert.Contains("ww-typing--on", view.Find("[data-testid=typing-indicator]").ClassName, StringComparison.Ordinal));

        Live.Push(LiveGroups.Chat(_chat), ChatChangeKinds.Messages, _chat.ToString(), 2, "posted");

        view.WaitForAssertion(() => Assert.Equal(["m1", "sent"], Texts(view)));
        // Well within the minute the hint would otherwise stay.
        view.WaitForAssertion(() => Assert.DoesNotContain("ww-typing--on", view.Find("[data-testid=typing-indicator]").ClassName, StringComparison.Ordinal));
    }

    [Fact]
    public void Typing_is_signalled_once_per_interval_and_never_for_ones_own_signal()
    {
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page([Message(1)]));
        AnswerReads();
        var view = Open();
        view.WaitForAssertion(() => Assert.Single(view.FindAll("[data-testid=message]")));

        view.Find("[data-testid=chat-input]").Input("H");
        view.Find("[data-testid=chat-input]").Input("He");
        view.Find("[data-testid=chat-input]").Input("Hel");
        Live.SomeoneTypes(_chat, Me);

        Assert.Equal([_chat], Live.TypingSent);
        Assert.Equal(string.Empty, view.Find("[data-testid=typing-indicator]").TextContent);
    }

    [Fact]
    public void Send_posts_the_text_and_the_reply_and_clears_the_input()
    {
        var original = Message(1, text: "Where is the container?");
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page([original]))
           .On(HttpMethod.Post, Messages, HttpStatusCode.Created,
               ToJson(new PostedMessage(Guid.CreateVersion7(), _chat, 2, Me, "In Hamburg", original.Id, [], _at.AddHours(1))));
        AnswerReads();
        var view = Open();
        view.WaitForAssertion(() => Assert.Single(view.FindAll("[data-testid=message]")));

        view.Find("[data-testid=message-reply]").Click();
        Assert.Contains("Where is the container?", view.Find("[data-testid=reply-preview]").TextContent, StringComparison.Ordinal);
        view.Find("[data-testid=chat-input]").Input("  In Hamburg ");
        Assert.Contains("13 / 4000", view.Find("[data-testid=chat-length]").TextContent, StringComparison.Ordinal);
        view.Find("[data-testid=chat-send]").Click();

        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll("[data-testid=message]").Count));
        var post = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post && r.Path == Messages);
        using var body = JsonDocument.Parse(post.Body!);
        Assert.Equal("In Hamburg", body.RootElement.GetProperty("text").GetString());
        Assert.Equal(original.Id, body.RootElement.GetProperty("replyTo").GetGuid());
        Assert.Equal(string.Empty, view.Find("[data-testid=chat-input]").GetAttribute("value") ?? string.Empty);
        Assert.Empty(view.FindAll("[data-testid=reply-preview]"));
        var mine = view.FindAll("[data-testid=message]")[^1];
        Assert.Contains("ww-msg--mine", mine.ClassName, StringComparison.Ordinal);
        Assert.Contains("Where is the container?", mine.QuerySelector("[data-testid=message-quote]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Enter_sends_and_Shift_Enter_does_not()
    {
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page([Message(1)]))
           .On(HttpMethod.Post, Messages, HttpStatusCode.Created, ToJson(new PostedMessage(Guid.CreateVersion7(), _chat, 2, Me, "line one\nline two", null, [], _at)));
        AnswerReads();
        var view = Open();
        view.WaitForAssertion(() => Assert.Single(view.FindAll("[data-testid=message]")));

        view.Find("[data-testid=chat-input]").Input("line one\nline two");
        view.Find("[data-testid=chat-input]").KeyDown(new KeyboardEventArgs { Key = "Enter", ShiftKey = true });
        Assert.DoesNotContain(Api.Requests, r => r.Method == HttpMethod.Post && r.Path == Messages);

        view.Find("[data-testid=chat-input]").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        view.WaitForAssertion(() => Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post && r.Path == Messages));
        Assert.Contains("line one\\nline two", Api.Requests.Single(r => r.Path == Messages && r.Method == HttpMethod.Post).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_send_keeps_the_draft_and_shows_the_api_message()
    {
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page([Message(1)]))
           .On(HttpMethod.Post, Messages, HttpStatusCode.UnprocessableEntity,
               """{"title":"Unprocessable","status":422,"code":"chat.read-only","detail":"This conversation is read-only."}""");
        AnswerReads();
        var view = Open();
        view.WaitForAssertion(() => Assert.Single(view.FindAll("[data-testid=message]")));

        view.Find("[data-testid=chat-input]").Input("hello");
        view.Find("[data-testid=chat-send]").Click();

        view.WaitForAssertion(() => Assert.Equal("This conversation is read-only.", view.Find("[data-testid=api-problem]").TextContent.Trim()));
        Assert.Equal("hello", view.Find("[data-testid=chat-input]").GetAttribute("value"));
    }

    [Fact]
    public void Editing_and_deleting_an_own_message_show_it_as_edited_then_deleted_in_its_place()
    {
        var mine = Message(2, author: Me, text: "Teh invoice");
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page([Message(3), mine, Message(1)]))
           .On(HttpMethod.Patch, $"{Messages}/{mine.Id}", HttpStatusCode.NoContent)
           .On(HttpMethod.Get, $"{Messages}/{mine.Id}", HttpStatusCode.OK, ToJson(mine with { Text = "The invoice", EditedAt = _at.AddHours(2) }));
        AnswerReads();
        var view = Open();
        view.WaitForAssertion(() => Assert.Equal(3, view.FindAll("[data-testid=message]").Count));
        // Only one's own messages can be changed.
        Assert.Single(view.FindAll("[data-testid=message-edit]"));

        view.Find("[data-testid=message-edit]").Click();
        view.Find("[data-testid=message-edit-input]").Input("The invoice");
        view.Find("[data-testid=message-edit-save]").Click();

        view.WaitForAssertion(() => Assert.Equal(["m1", "The invoice", "m3"], Texts(view)));
        var patch = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Patch);
        Assert.Equal("""{"text":"The invoice"}""", patch.Body);
        Assert.Single(view.FindAll("[data-testid=message-edited]"));

        Api.On(HttpMethod.Delete, $"{Messages}/{mine.Id}", HttpStatusCode.NoContent)
           .On(HttpMethod.Get, $"{Messages}/{mine.Id}", HttpStatusCode.OK, ToJson(mine with { Text = null, Deleted = true, EditedAt = _at.AddHours(2) }));
        view.Find("[data-testid=message-delete]").Click();
        view.Find("[data-testid=message-delete-confirm]").Click();

        view.WaitForAssertion(() => Assert.Single(view.FindAll("[data-testid=message-deleted]")));
        Assert.Single(Api.Requests, r => r.Method == HttpMethod.Delete && r.Path == $"{Messages}/{mine.Id}");
        // Still three messages: the deleted one keeps its place in the history.
        Assert.Equal(3, view.FindAll("[data-testid=message]").Count);
        Assert.Equal("This message was deleted", view.FindAll("[data-testid=message]")[1].QuerySelector("[data-testid=message-deleted]")!.TextContent);
    }

    [Fact]
    public void Someone_elses_edit_pushed_by_the_hub_is_read_again_and_shown()
    {
        var theirs = Message(1, text: "draft");
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page([theirs]))
           .On(HttpMethod.Get, $"{Messages}/{theirs.Id}", HttpStatusCode.OK, ToJson(theirs with { Text = "final", EditedAt = _at.AddHours(1) }));
        AnswerReads();
        var view = Open();
        view.WaitForAssertion(() => Assert.Single(view.FindAll("[data-testid=message]")));

        Live.Push(LiveGroups.Chat(_chat), ChatChangeKinds.Message, theirs.Id.ToString(), 2, "edited");

        view.WaitForAssertion(() => Assert.Equal(["final"], Texts(view)));
        Assert.Single(view.FindAll("[data-testid=message-edited]"));
    }

    [Fact]
    public void A_read_receipt_shows_who_has_seen_the_last_own_message()
    {
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page([Message(2, author: Me, text: "Sent the BL"), Message(1)]));
        AnswerReads();
        var view = Open(new ChatSummary(_chat, "direct", null, null, _other, false, 2, _at, "Sent the BL", 1, 0, _at));
        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll("[data-testid=message]").Count));
        Assert.Empty(view.FindAll("[data-testid=message-seen]"));

        Live.Push(LiveGroups.Chat(_chat), ChatChangeKinds.Read, _other.ToString(), 2, "read");

        view.WaitForAssertion(() => Assert.Equal($"Seen by {CurrentUser.ShortName(_other)}", view.Find("[data-testid=message-seen]").TextContent));
    }

    [Fact]
    public void A_conversation_with_nothing_unread_is_not_marked_read_again()
    {
        Api.On(HttpMethod.Get, $"{Messages}?limit=50", HttpStatusCode.OK, Page([Message(2), Message(1)]));
        var view = Open(new ChatSummary(_chat, "company", Guid.NewGuid(), "Acme", null, false, 2, _at, "m2", 2, 0, _at));

        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll("[data-testid=message]").Count));
        Assert.DoesNotContain(Api.Requests, r => r.Path.EndsWith("/read", StringComparison.Ordinal));
        Assert.Empty(view.FindAll("[data-testid=api-problem]"));
    }
}
