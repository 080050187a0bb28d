using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Chat.Features;
using WellWon.Chat.ReadModel;
using WellWon.Chat.Tests.Hosts;
using WellWon.Platform.Projections;

namespace WellWon.Chat.Tests.Http;

/// <summary>The chat API end to end: the real Api host, real PostgreSQL and Redis, the database its own.</summary>
public sealed class ChatHttpTests(ChatApiFactory api) : IClassFixture<ChatApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Members_post_read_edit_and_delete_while_outsiders_are_told_the_chat_does_not_exist()
    {
        var (owner, ann, bob) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var company = await api.CreateCompanyAsync(owner);
        await api.JoinCompanyAsync(owner, company, bob, "member");
        // No worker runs beside this Api: the chat's membership is set by the saga's commands, sent here directly.
        var chat = await CompanyChatAsync(company, owner, ann, bob);
        using var asOwner = api.ClientFor(owner);
        using var asAnn = api.ClientFor(ann);
        using var asBob = api.ClientFor(bob);
        using var outsider = api.ClientFor(Guid.NewGuid());

        var post = await asAnn.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Container MSCU1234567 is at the port" }, Ct);
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var posted = (await post.Content.ReadFromJsonAsync<PostedMessage>(Ct))!;
        Assert.Equal($"/api/chats/{chat}/messages/{posted.Id}", post.Headers.Location?.OriginalString);
        Assert.Equal(1, posted.Sequence);
        Assert.Equal(ann, posted.AuthorId);

        var page = await PageAsync(asOwner, chat);
        Assert.Equal("Container MSCU1234567 is at the port", Assert.Single(page.Items).Text);

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/chats/{chat}/messages", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/chats/{chat}/messages/{posted.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "hi" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PatchAsJsonAsync($"/api/chats/{chat}/messages/{posted.Id}", new { text = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.DeleteAsync($"/api/chats/{chat}/messages/{posted.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/chats/{chat}/read", new { messageId = posted.Id }, Ct)).StatusCode);
        Assert.DoesNotContain(await ListAsync(outsider), c => c.Id == chat);

        // Only the author edits.
        var notAuthor = await asOwner.PatchAsJsonAsync($"/api/chats/{chat}/messages/{posted.Id}", new { text = "Owner's words" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, notAuthor.StatusCode);
        Assert.Equal("chat.not-author", await CodeAsync(notAuthor));
        Assert.Equal(HttpStatusCode.NoContent, (await asAnn.PatchAsJsonAsync($"/api/chats/{chat}/messages/{posted.Id}", new { text = "Container MSCU1234567 cleared customs" }, Ct)).StatusCode);
        var edited = (await asOwner.GetFromJsonAsync<MessageView>($"/api/chats/{chat}/messages/{posted.Id}", Ct))!;
        Assert.Equal("Container MSCU1234567 cleared customs", edited.Text);
        Assert.NotNull(edited.EditedAt);

        // The author or a company administrator (the owner is one) deletes; a plain member of the company does not.
        var second = await PostAsync(asAnn, chat, "Invoice attached", attachments: [new { documentId = Guid.NewGuid(), name = "invoice.pdf" }]);
        Assert.Equal("invoice.pdf", Assert.Single(second.Attachments).Name);
        var notAllowed = await asBob.DeleteAsync($"/api/chats/{chat}/messages/{second.Id}", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
        Assert.Equal("chat.not-allowed", await CodeAsync(notAllowed));
        Assert.Equal(HttpStatusCode.NoContent, (await asOwner.DeleteAsync($"/api/chats/{chat}/messages/{second.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await asAnn.DeleteAsync($"/api/chats/{chat}/messages/{posted.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await asAnn.DeleteAsync($"/api/chats/{chat}/messages/{posted.Id}", Ct)).StatusCode);

        page = await PageAsync(asAnn, chat);
        Assert.All(page.Items, m => Assert.True(m.Deleted && m.Text is null && m.Attachments.Count == 0));
        Assert.Equal([2L, 1L], page.Items.Select(m => m.Sequence));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await asAnn.PatchAsJsonAsync($"/api/chats/{chat}/messages/{posted.Id}", new { text = "back" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Messages_are_validated_and_a_reply_must_point_into_the_same_conversation()
    {
        var owner = Guid.NewGuid();
        var chat = await CompanyChatAsync(Guid.NewGuid(), owner);
        var elsewhere = await CompanyChatAsync(Guid.NewGuid(), owner);
        using var client = api.ClientFor(owner);

        var tooLong = await client.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = new string('x', 4001) }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "  " }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = new string('x', 4000) }, Ct)).StatusCode);

        var foreign = await PostAsync(client, elsewhere, "In another chat");
        var badReply = await client.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Re", replyTo = foreign.Id }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badReply.StatusCode);
        Assert.Equal("chat.reply-to-unknown", await CodeAsync(badReply));

        var original = await PostAsync(client, chat, "Which vessel?");
        var reply = await PostAsync(client, chat, "MSC Aurora", replyTo: original.Id);
        Assert.Equal(original.Id, (await client.GetFromJsonAsync<MessageView>($"/api/chats/{chat}/messages/{reply.Id}", Ct))!.ReplyTo);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/chats/{chat}/messages?limit=0", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/chats/{chat}/messages?limit=101", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/chats/{chat}/messages?before=5&after=1", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/chats/direct", new { userId = owner }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Pages_walk_back_with_before_and_catch_up_with_after_without_gaps_or_repeats()
    {
        var (ann, bob) = (Guid.NewGuid(), Guid.NewGuid());
        using var asAnn = api.ClientFor(ann);
        using var asBob = api.ClientFor(bob);

        var start = await asAnn.PostAsJsonAsync("/api/chats/direct", new { userId = bob }, Ct);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var chat = (await start.Content.ReadFromJsonAsync<DirectChat>(Ct))!.Id;
        var again = await asBob.PostAsJsonAsync("/api/chats/direct", new { userId = ann }, Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(chat, (await again.Content.ReadFromJsonAsync<DirectChat>(Ct))!.Id);
        Assert.Equal(bob, Assert.Single(await ListAsync(asAnn), c => c.Id == chat).PeerUserId);

        const int Count = 57;
        for (var i = 1; i <= Count; i++)
        {
            await PostAsync(i % 2 == 0 ? asAnn : asBob, chat, $"Message {i}");
        }

        var back = new List<long>();
        long? before = null;
        var pages = 0;
        do
        {
            var page = await PageAsync(asAnn, chat, before is null ? "limit=10" : $"limit=10&before={before}");
            back.AddRange(page.Items.Select(m => m.Sequence));
            before = page.NextBefore;
            pages++;
        }
        while (before is not null);

        Assert.Equal(Enumerable.Range(1, Count).Reverse().Select(i => (long)i), back);
        Assert.Equal(6, pages);

        // A client that saw up to 40 catches up from there, oldest first.
        var forward = new List<long>();
        long? after = 40;
        while (after is not null)
        {
            var page = await PageAsync(asBob, chat, $"limit=7&after={after}");
            forward.AddRange(page.Items.Select(m => m.Sequence));
            after = page.NextAfter;
            if (page.Items.Count == 0)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(41, Count - 40).Select(i => (long)i), forward);
        Assert.Equal("Message 41", (await PageAsync(asBob, chat, "limit=1&after=40")).Items[0].Text);
    }

    [Fact]
    public async Task Unread_counts_per_member_follow_posts_reads_and_deletes()
    {
        var (company, owner, ann, bob) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var chat = await CompanyChatAsync(company, owner, ann, bob);
        using var asOwner = api.ClientFor(owner);
        using var asAnn = api.ClientFor(ann);
        using var asBob = api.ClientFor(bob);

        var fromAnn = new List<PostedMessage>();
        for (var i = 0; i < 3; i++)
        {
            fromAnn.Add(await PostAsync(asAnn, chat, $"Ann {i}"));
        }

        var fromBob = new[] { await PostAsync(asBob, chat, "Bob 0"), await PostAsync(asBob, chat, "Bob 1") };

        Assert.Equal(5, await UnreadAsync(asOwner, chat));
        Assert.Equal(2, await UnreadAsync(asAnn, chat));
        Assert.Equal(3, await UnreadAsync(asBob, chat));
        var summary = Assert.Single(await ListAsync(asOwner), c => c.Id == chat);
        Assert.Equal(5, summary.LastSequence);
        Assert.Equal("Bob 1", summary.LastMessagePreview);
        Assert.Equal(company, summary.CompanyId);

        Assert.Equal(HttpStatusCode.NoContent, (await asOwner.PostAsJsonAsync($"/api/chats/{chat}/read", new { messageId = fromAnn[2].Id }, Ct)).StatusCode);
        Assert.Equal(2, await UnreadAsync(asOwner, chat));
        await asOwner.PostAsJsonAsync($"/api/chats/{chat}/read", new { messageId = fromBob[1].Id }, Ct);
        Assert.Equal(0, await UnreadAsync(asOwner, chat));
        // Reading an older message again does not move the position back.
        await asOwner.PostAsJsonAsync($"/api/chats/{chat}/read", new { messageId = fromAnn[0].Id }, Ct);
        Assert.Equal(0, await UnreadAsync(asOwner, chat));
        Assert.Equal(5, Assert.Single(await ListAsync(asOwner), c => c.Id == chat).LastReadSequence);

        // A deleted message no longer counts; a removed member no longer sees the chat.
        await asAnn.DeleteAsync($"/api/chats/{chat}/messages/{fromAnn[1].Id}", Ct);
        Assert.Equal(2, await UnreadAsync(asBob, chat));
        await api.SendAsync(new RemoveChatMember(chat, bob));
        Assert.DoesNotContain(await ListAsync(asBob), c => c.Id == chat);
        Assert.Equal(HttpStatusCode.NotFound, (await asBob.GetAsync($"/api/chats/{chat}/messages", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_read_only_chat_keeps_its_history_and_refuses_new_messages()
    {
        var owner = Guid.NewGuid();
        var chat = await CompanyChatAsync(Guid.NewGuid(), owner);
        using var client = api.ClientFor(owner);
        var said = await PostAsync(client, chat, "Last words");

        await api.SendAsync(new MakeChatReadOnly(chat));

        var refused = await client.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "More" }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("chat.read-only", await CodeAsync(refused));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PatchAsJsonAsync($"/api/chats/{chat}/messages/{said.Id}", new { text = "Edited" }, Ct)).StatusCode);
        Assert.Equal("Last words", Assert.Single((await PageAsync(client, chat)).Items).Text);
        Assert.True(Assert.Single(await ListAsync(client), c => c.Id == chat).ReadOnly);
    }

    [Fact]
    public async Task Replaying_the_log_into_fresh_tables_gives_exactly_the_live_read_model()
    {
        var (owner, ann, bob) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var chat = await CompanyChatAsync(Guid.NewGuid(), owner, ann, bob);
        using var asAnn = api.ClientFor(ann);
        using var asBob = api.ClientFor(bob);
        var first = await PostAsync(asAnn, chat, "One", attachments: [new { documentId = Guid.NewGuid(), name = "packing-list.pdf" }]);
        var second = await PostAsync(asBob, chat, "Two", replyTo: first.Id);
        await asAnn.PatchAsJsonAsync($"/api/chats/{chat}/messages/{first.Id}", new { text = "One, edited" }, Ct);
        await asBob.DeleteAsync($"/api/chats/{chat}/messages/{second.Id}", Ct);
        await asAnn.PostAsJsonAsync($"/api/chats/{chat}/read", new { messageId = second.Id }, Ct);
        await api.SendAsync(new RemoveChatMember(chat, bob));
        await api.SendAsync(new MakeChatReadOnly(chat));
        await asAnn.PostAsJsonAsync("/api/chats/direct", new { userId = bob }, Ct);

        var checker = api.Services.GetRequiredService<IProjectionIntegrityChecker>();
        foreach (var projection in new[] { "chat.conversations", "chat.members", "chat.messages" })
        {
            // The log is readable only up to the server's oldest open transaction (another test's, even in another database):
            // until it ends, the newest events show as drift. The replay must come to equal the live table.
            var report = await checker.CheckAsync(projection, Ct);
            for (var attempt = 1; !report.IsHealthy && attempt < 20; attempt++)
            {
                await Task.Delay(500, Ct);
                report = await checker.CheckAsync(projection, Ct);
            }

            Assert.True(report.IsHealthy, $"{projection}: {report}");
            Assert.True(report.RowsCompared > 0, projection);
        }
    }

    private async Task<Guid> CompanyChatAsync(Guid company, Guid owner, params Guid[] members)
    {
        var chat = await api.SendAsync(new CreateCompanyChat(company, owner, "Tea Importers"));
        foreach (var member in members)
        {
            await api.SendAsync(new AddChatMember(chat, member));
        }

        return chat;
    }

    private static async Task<PostedMessage> PostAsync(HttpClient client, Guid chat, string text, Guid? replyTo = null, object[]? attachments = null)
    {
        var response = await client.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text, replyTo, attachments }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PostedMessage>(Ct))!;
    }

    private static async Task<MessagePage> PageAsync(HttpClient client, Guid chat, string query = "") =>
        (await client.GetFromJsonAsync<MessagePage>($"/api/chats/{chat}/messages?{query}", Ct))!;

    private static async Task<IReadOnlyList<ChatSummary>> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<ChatSummary>>("/api/chats", Ct))!;

    private static async Task<int> UnreadAsync(HttpClient client, Guid chat) =>
        Assert.Single(await ListAsync(client), c => c.Id == chat).UnreadCount;

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString();
}
