using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using WellWon.Chat.Telegram;
using WellWon.Chat.Tests.Hosts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Chat.Tests.Telegram;

/// <summary>
/// The bridge end to end in polling mode: the real Api and both worker roles on real PostgreSQL and Redis, the Bot API a fake on a
/// loopback port. Each test uses a Telegram group of its own; the tests of this class run one after another (they share the fake).
/// </summary>
public sealed class TelegramPollingBridgeTests(PollingTelegramBridge bridge) : IClassFixture<PollingTelegramBridge>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_wellwon_message_goes_to_the_linked_group_with_its_author_and_its_telegram_id_is_recorded()
    {
        const long Group = -1001000000001;
        var owner = Guid.NewGuid();
        var (_, chat) = await bridge.LinkedChatAsync(owner, Group);

        var posted = await bridge.PostAsync(owner, chat, "Container MSCU1234567 is at the port");

        await bridge.SentAsync(chat, posted.Id);
        var sent = Assert.Single(bridge.Telegram.MessagesIn(Group));
        // No profile exists for this test user, so the bot names WellWon as the author.
        Assert.Equal("WellWon: Container MSCU1234567 is at the port", sent.Text);
        var item = await bridge.OutboxItemAsync(chat, posted.Id, "send");
        Assert.Equal((sent.MessageId, 1, (string?)null), (item.TelegramMessageId, item.Attempts, item.LastError));
        Assert.NotNull(item.SentAt);
        Assert.Single(bridge.Telegram.CallsOf("sendMessage", Group));
    }

    [Fact]
    public async Task A_telegram_message_arrives_by_polling_once_as_a_bridged_message_and_is_not_sent_back()
    {
        const long Group = -1001000000002;
        var owner = Guid.NewGuid();
        var (_, chat) = await bridge.LinkedChatAsync(owner, Group);

        bridge.Telegram.Write(Group, 501, fromId: 4242, "Bob", "Truck booked for Tuesday");
        var view = await ArrivedAsync(owner, chat, "Truck booked for Tuesday");
        Assert.Equal(new MessageOrigin(MessageOrigin.Telegram, Group, 501, 4242, "Bob"), view.Origin);
        Assert.Equal(ChatIds.ExternalAuthor(view.Origin!), view.AuthorId);

        // The same message delivered again (as after a crash before the offset was stored) adds nothing.
        bridge.Telegram.Write(Group, 501, fromId: 4242, "Bob", "Truck booked for Tuesday");
        bridge.Telegram.Write(Group, 502, fromId: 4242, "Bob", "Driver confirmed");
        await ArrivedAsync(owner, chat, "Driver confirmed");
        Assert.Equal(["Driver confirmed", "Truck booked for Tuesday"], (await bridge.MessagesAsync(owner, chat)).Select(m => m.Text));

        // A message that came from Telegram is never queued to go back there, and a member's own message still goes.
        var mine = await bridge.PostAsync(owner, chat, "Thanks Bob");
        await bridge.SentAsync(chat, mine.Id);
        Assert.Equal([mine.Id], (await bridge.OutboxAsync(chat)).Select(i => i.MessageId));
        Assert.Equal(["WellWon: Thanks Bob"], bridge.Telegram.MessagesIn(Group).Select(m => m.Text));

        // A group nobody linked is not bridged, and neither is what the bot itself wrote.
        bridge.Telegram.Write(-1001999999999, 1, fromId: 4242, "Bob", "Wrong group");
        bridge.Telegram.Write(Group, 503, fromId: FakeTelegram.BotId, "WellWon", "WellWon: an echo");
        bridge.Telegram.Write(Group, 504, fromId: 4242, "Bob", "Last one");
        await ArrivedAsync(owner, chat, "Last one");
        Assert.DoesNotContain(await bridge.MessagesAsync(owner, chat), m => m.Text is "Wrong group" or "WellWon: an echo");
    }

    [Fact]
    public async Task Edits_and_deletes_flow_both_ways()
    {
        const long Group = -1001000000003;
        var owner = Guid.NewGuid();
        var (_, chat) = await bridge.LinkedChatAsync(owner, Group);
        using var client = bridge.ClientFor(owner);

        // WellWon → Telegram: the edit becomes editMessageText, the delete deleteMessage, on the message the send created.
        var posted = await bridge.PostAsync(owner, chat, "ETA Friday");
        await bridge.SentAsync(chat, posted.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsJsonAsync($"/api/chats/{chat}/messages/{posted.Id}", new { text = "ETA Saturday" }, Ct)).StatusCode);
        await ChatWorker.Until(() => Task.FromResult(bridge.Telegram.MessagesIn(Group) is [{ Text: "WellWon: ETA Saturday", Edits: 1 }]), "the edit reaches Telegram");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/chats/{chat}/messages/{posted.Id}", Ct)).StatusCode);
        await ChatWorker.Until(() => Task.FromResult(bridge.Telegram.MessagesIn(Group) is [{ Deleted: true }]), "the delete reaches Telegram");
        var sentId = bridge.Telegram.MessagesIn(Group)[0].MessageId;
        Assert.All(bridge.Telegram.Calls.Where(c => c.Method is "editMessageText" or "deleteMessage" && c.ChatId == Group),
            c => Assert.Equal(sentId, c.Body["message_id"]!.GetValue<long>()));

        // Telegram → WellWon: an edited_message edits the bridged message; the same edit again changes nothing.
        bridge.Telegram.Write(Group, 601, fromId: 77, "Chen", "Customs cleared");
        var bridged = await ArrivedAsync(owner, chat, "Customs cleared");
        bridge.Telegram.Edit(Group, 601, fromId: 77, "Chen", "Customs cleared, duty paid");
        bridge.Telegram.Edit(Group, 601, fromId: 77, "Chen", "Customs cleared, duty paid");
        await ArrivedAsync(owner, chat, "Customs cleared, duty paid");
        // Updates are handled in order: once this one is in, both edits have been.
        bridge.Telegram.Write(Group, 602, fromId: 77, "Chen", "Sentinel");
        await ArrivedAsync(owner, chat, "Sentinel");
        var edited = Assert.Single(await bridge.MessagesAsync(owner, chat), m => m.Id == bridged.Id);
        Assert.NotNull(edited.EditedAt);
        Assert.Equal(2, await EventsInAsync(bridged.Id));
        // Nobody in WellWon edits the bridged message, and its edits are not sent back.
        var refused = await client.PatchAsJsonAsync($"/api/chats/{chat}/messages/{bridged.Id}", new { text = "Not mine" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(await bridge.OutboxAsync(chat), i => i.MessageId == bridged.Id);
    }

    [Fact]
    public async Task Replaying_the_log_into_the_outbox_adds_nothing_and_what_was_posted_before_the_link_stays_out()
    {
        const long Group = -1001000000008;
        var owner = Guid.NewGuid();
        var (_, chat) = await bridge.CompanyChatAsync(owner);
        using var client = bridge.ClientFor(owner);
        var early = await bridge.PostAsync(owner, chat, "Before the link");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/chats/{chat}/telegram", new { telegramChatId = Group }, Ct)).StatusCode);
        var posted = await bridge.PostAsync(owner, chat, "After the link");
        await bridge.SentAsync(chat, posted.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsJsonAsync($"/api/chats/{chat}/messages/{posted.Id}", new { text = "After the link, edited" }, Ct)).StatusCode);
        await bridge.SentAsync(chat, posted.Id, "edit");
        var before = await bridge.OutboxAsync(chat);

        // Every event of both messages, twice, through the outbox's projection: what a replay or a redelivery hands it.
        var projection = bridge.DataSync.Services.GetRequiredService<ProjectionRegistry>().Find(TelegramOutboxProjection.ProjectionName)!;
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var message in new[] { early.Id, posted.Id })
            {
                await foreach (var e in bridge.DataSync.Events.ReadStreamAsync(StreamName.For<ChatMessage>(message), 0, ReadDirection.Forwards, 100, Ct))
                {
                    await projection.ApplyAsync(e, Ct);
                }
            }
        }

        await Task.Delay(TimeSpan.FromMilliseconds(300), Ct);
        Assert.Equal(before, await bridge.OutboxAsync(chat));
        Assert.Equal([("send", posted.Id), ("edit", posted.Id)], before.OrderBy(i => i.Id).Select(i => (i.Kind, i.MessageId)));
        Assert.Equal([("WellWon: After the link, edited", 1)], bridge.Telegram.MessagesIn(Group).Select(m => (m.Text, m.Edits)));
    }

    [Fact]
    public async Task A_429_holds_the_item_for_retry_after_then_it_is_sent()
    {
        const long Group = -1001000000004;
        var owner = Guid.NewGuid();
        var (_, chat) = await bridge.LinkedChatAsync(owner, Group);
        bridge.Telegram.RateLimitNext("sendMessage", Group, retryAfterSeconds: 2);

        var posted = await bridge.PostAsync(owner, chat, "Invoice 2026-117 is paid");

        await bridge.SentAsync(chat, posted.Id, timeout: TimeSpan.FromSeconds(30));
        var calls = bridge.Telegram.CallsOf("sendMessage", Group);
        Assert.Equal([429, 200], calls.Select(c => c.Status));
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(2), $"retried after {(calls[1].At - calls[0].At).TotalSeconds:0.00} s");
        Assert.Equal(2, (await bridge.OutboxItemAsync(chat, posted.Id, "send")).Attempts);
        Assert.Single(bridge.Telegram.MessagesIn(Group));
    }

    [Fact]
    public async Task While_telegram_is_unreachable_items_stay_pending_and_all_go_out_in_order_once_it_is_back()
    {
        const long Group = -1001000000005;
        var owner = Guid.NewGuid();
        var (_, chat) = await bridge.LinkedChatAsync(owner, Group);
        bridge.Telegram.ServerErrorNext("sendMessage", Group);
        var first = await bridge.PostAsync(owner, chat, "One");
        await bridge.SentAsync(chat, first.Id);
        Assert.Equal([502, 200], bridge.Telegram.CallsOf("sendMessage", Group).Select(c => c.Status));

        await bridge.Telegram.StopAsync();
        try
        {
            var second = await bridge.PostAsync(owner, chat, "Two");
            var third = await bridge.PostAsync(owner, chat, "Three");
            await ChatWorker.Until(
                async () => await bridge.OutboxAsync(chat) is var items && items.Any(i => i.MessageId == third.Id) && items.Any(i => i.MessageId == second.Id && i.Attempts >= 2),
                "both are queued and the sender keeps trying",
                // Queued by the event processor through the relay, which waits for the server's oldest open transaction;
                // other classes' transactions on the shared test server can hold that back on a loaded machine.
                TimeSpan.FromSeconds(60));
            var waiting = await bridge.OutboxItemAsync(chat, second.Id, "send");
            Assert.Equal(TelegramOutboxStatus.Pending, waiting.Status);
            Assert.StartsWith("network:", waiting.LastError, StringComparison.Ordinal);
            // The later message waits behind the earlier one of the same group.
            Assert.Equal((TelegramOutboxStatus.Pending, 0), await StatusAsync(chat, third.Id));
        }
        finally
        {
            await bridge.Telegram.StartAgainAsync();
        }

        await ChatWorker.Until(async () => (await bridge.OutboxAsync(chat)).All(i => i.Status == TelegramOutboxStatus.Sent), "everything is sent", TimeSpan.FromSeconds(30));
        Assert.Equal(["WellWon: One", "WellWon: Two", "WellWon: Three"], bridge.Telegram.MessagesIn(Group).Select(m => m.Text));
    }

    [Fact]
    public async Task A_restarted_poller_resumes_from_the_stored_offset_so_nothing_is_lost_or_repeated()
    {
        const long Group = -1001000000006;
        var owner = Guid.NewGuid();
        var (_, chat) = await bridge.LinkedChatAsync(owner, Group);
        var before = bridge.Telegram.Write(Group, 701, fromId: 5, "Dana", "Before the restart");
        await ArrivedAsync(owner, chat, "Before the restart");
        // The offset is stored just after the update is handled: stopping in between would (rightly) fetch it again.
        await ChatWorker.Until(async () => await StoredOffsetAsync() > before, "the offset moves past the handled update");

        await bridge.StopDataSyncAsync();
        var stored = await StoredOffsetAsync() ?? 0;
        var asked = bridge.Telegram.OffsetsAsked.Count;
        bridge.Telegram.Write(Group, 702, fromId: 5, "Dana", "During the restart 1");
        bridge.Telegram.Write(Group, 703, fromId: 5, "Dana", "During the restart 2");
        bridge.StartDataSync();

        await ArrivedAsync(owner, chat, "During the restart 2");
        Assert.Equal(["During the restart 2", "During the restart 1", "Before the restart"], (await bridge.MessagesAsync(owner, chat)).Select(m => m.Text));
        // The new process asked from where the old one stopped: the handled update was not fetched again.
        Assert.True(bridge.Telegram.OffsetsAsked.Skip(asked).First() >= stored);
    }

    [Fact]
    public async Task Only_a_company_owner_or_admin_links_and_a_group_mirrors_one_conversation()
    {
        const long Group = -1001000000007;
        var (owner, admin, member) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (company, chat) = await bridge.CompanyChatAsync(owner);
        await bridge.JoinCompanyAsync(owner, company, admin, "admin");
        await bridge.JoinCompanyAsync(owner, company, member, "member");
        using var asOwner = bridge.ClientFor(owner);
        using var asAdmin = bridge.ClientFor(admin);
        using var asMember = bridge.ClientFor(member);
        using var outsider = bridge.ClientFor(Guid.NewGuid());
        var link = new { telegramChatId = Group };

        // Polling mode: the webhook is not there, whatever the secret.
        using var anonymous = bridge.CreateClient();
        using var webhook = new HttpRequestMessage(HttpMethod.Post, TelegramEndpoints.WebhookPath) { Content = JsonContent.Create(new { update_id = 1 }) };
        webhook.Headers.Add(TelegramEndpoints.SecretHeader, TelegramBridge.WebhookSecret);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.SendAsync(webhook, Ct)).StatusCode);

        var hidden = await outsider.PostAsJsonAsync($"/api/chats/{chat}/telegram", link, Ct);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.DeleteAsync($"/api/chats/{chat}/telegram", Ct)).StatusCode);
        var forbidden = await asMember.PostAsJsonAsync($"/api/chats/{chat}/telegram", link, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("chat.telegram-admin-only", (await forbidden.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await asMember.DeleteAsync($"/api/chats/{chat}/telegram", Ct)).StatusCode);

        // Validation names the field, as RFC 7807 problem details.
        var missing = await asOwner.PostAsJsonAsync($"/api/chats/{chat}/telegram", new { }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.True((await missing.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("errors").TryGetProperty("telegramChatId", out _));
        var person = await asOwner.PostAsJsonAsync($"/api/chats/{chat}/telegram", new { telegramChatId = 12345 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, person.StatusCode);
        Assert.True((await person.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("errors").TryGetProperty("telegramChatId", out _));

        Assert.Equal(HttpStatusCode.OK, (await asAdmin.PostAsJsonAsync($"/api/chats/{chat}/telegram", link, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asOwner.PostAsJsonAsync($"/api/chats/{chat}/telegram", link, Ct)).StatusCode);
        // The member joins the company chat through the saga, a moment after joining the company.
        await ChatWorker.Until(async () => (await asMember.GetAsync($"/api/chats/{chat}/telegram", Ct)).StatusCode == HttpStatusCode.OK, "the member is in the company chat");
        Assert.Equal(Group, (await asMember.GetFromJsonAsync<ReadModel.TelegramLinkView>($"/api/chats/{chat}/telegram", Ct))!.TelegramChatId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await asOwner.PostAsJsonAsync($"/api/chats/{chat}/telegram", new { telegramChatId = -100555 }, Ct)).StatusCode);

        // Another company's chat cannot take the group while this one holds it; after the unlink it can.
        var otherOwner = Guid.NewGuid();
        var (_, other) = await bridge.CompanyChatAsync(otherOwner);
        using var asOtherOwner = bridge.ClientFor(otherOwner);
        var taken = await asOtherOwner.PostAsJsonAsync($"/api/chats/{other}/telegram", link, Ct);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("chat.telegram-chat-taken", (await taken.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("code").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await asAdmin.DeleteAsync($"/api/chats/{chat}/telegram", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await asAdmin.DeleteAsync($"/api/chats/{chat}/telegram", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asMember.GetAsync($"/api/chats/{chat}/telegram", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asOtherOwner.PostAsJsonAsync($"/api/chats/{other}/telegram", link, Ct)).StatusCode);

        // The unlinked chat no longer sends, and the group's messages now go to the other chat.
        var unlinkedPost = await bridge.PostAsync(owner, chat, "Not for Telegram");
        var linkedPost = await bridge.PostAsync(otherOwner, other, "For Telegram");
        bridge.Telegram.Write(Group, 801, fromId: 9, "Eve", "Hello other company");
        await ArrivedAsync(otherOwner, other, "Hello other company");
        await bridge.SentAsync(other, linkedPost.Id);
        Assert.Empty(await bridge.OutboxAsync(chat));
        Assert.DoesNotContain(bridge.Telegram.MessagesIn(Group), m => m.Text.Contains("Not for Telegram", StringComparison.Ordinal));
        Assert.DoesNotContain(await bridge.MessagesAsync(owner, chat), m => m.Text == "Hello other company");
        Assert.NotEqual(Guid.Empty, unlinkedPost.Id);
    }

    private async Task<long?> StoredOffsetAsync()
    {
        await using var db = bridge.OpenDatabase();
        await using var select = db.CreateCommand($"SELECT next_offset FROM chat.telegram_poll_offsets WHERE bot_id = {FakeTelegram.BotId}");
        return await select.ExecuteScalarAsync(Ct) as long?;
    }

    private async Task<ReadModel.MessageView> ArrivedAsync(Guid member, Guid chat, string text)
    {
        await ChatWorker.Until(async () => (await bridge.MessagesAsync(member, chat)).Any(m => m.Text == text), $"\"{text}\" arrives from Telegram");
        return Assert.Single(await bridge.MessagesAsync(member, chat), m => m.Text == text);
    }

    private async Task<(string Status, int Attempts)> StatusAsync(Guid chat, Guid messageId)
    {
        var item = await bridge.OutboxItemAsync(chat, messageId, "send");
        return (item.Status, item.Attempts);
    }

    private async Task<long> EventsInAsync(Guid messageId)
    {
        await using var db = bridge.OpenDatabase();
        await using var count = db.CreateCommand("SELECT count(*) FROM event_store.events WHERE stream_id = $1");
        count.Parameters.Add(new Npgsql.NpgsqlParameter { Value = StreamName.For<ChatMessage>(messageId) });
        return (long)(await count.ExecuteScalarAsync(Ct))!;
    }
}
