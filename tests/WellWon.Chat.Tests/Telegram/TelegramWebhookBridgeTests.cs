using System.Net;
using System.Net.Http.Json;
using System.Text;
using WellWon.Chat.Contracts;
using WellWon.Chat.Telegram;
using WellWon.Chat.Tests.Hosts;

namespace WellWon.Chat.Tests.Telegram;

/// <summary>The bridge in webhook mode: Telegram posts updates to the Api, which checks the secret token; sending is unchanged.</summary>
public sealed class TelegramWebhookBridgeTests(WebhookTelegramBridge bridge) : IClassFixture<WebhookTelegramBridge>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_webhook_takes_updates_with_the_right_secret_only_and_a_repeated_update_adds_nothing()
    {
        const long Group = -1002000000001;
        var owner = Guid.NewGuid();
        var (_, chat) = await bridge.LinkedChatAsync(owner, Group);
        using var telegram = bridge.CreateClient();
        var update = FakeTelegram.Update(1, "message", FakeTelegram.Message(Group, 11, fromId: 31, "Farid", "Warehouse slot confirmed"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(telegram, update, secret: null)).StatusCode);
        var wrong = await PostAsync(telegram, update, secret: TelegramBridge.WebhookSecret + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(telegram, update, secret: "")).StatusCode);
        Assert.Empty(await bridge.MessagesAsync(owner, chat));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(telegram, update, TelegramBridge.WebhookSecret)).StatusCode);
        // Telegram delivers again when it did not see the 200 in time: the same update, or the same message in another update.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(telegram, update, TelegramBridge.WebhookSecret)).StatusCode);
        update["update_id"] = 2;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(telegram, update, TelegramBridge.WebhookSecret)).StatusCode);

        var message = Assert.Single(await bridge.MessagesAsync(owner, chat));
        Assert.Equal(("Warehouse slot confirmed", "Farid"), (message.Text, message.Origin?.AuthorName));
        Assert.Equal(MessageOrigin.Telegram, message.Origin?.Source);

        var malformed = await telegram.SendAsync(Request(new StringContent("{not json", Encoding.UTF8, "application/json"), TelegramBridge.WebhookSecret), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task An_edit_posted_to_the_webhook_edits_the_bridged_message_and_wellwon_still_sends_through_the_outbox()
    {
        const long Group = -1002000000002;
        var owner = Guid.NewGuid();
        var (_, chat) = await bridge.LinkedChatAsync(owner, Group);
        using var telegram = bridge.CreateClient();

        await PostAsync(telegram, FakeTelegram.Update(10, "message", FakeTelegram.Message(Group, 21, 32, "Gita", "Booked 2 x 40HC")), TelegramBridge.WebhookSecret);
        await PostAsync(telegram, FakeTelegram.Update(11, "edited_message", FakeTelegram.Message(Group, 21, 32, "Gita", "Booked 3 x 40HC", edited: true)), TelegramBridge.WebhookSecret);
        var edited = Assert.Single(await bridge.MessagesAsync(owner, chat));
        Assert.Equal("Booked 3 x 40HC", edited.Text);
        Assert.NotNull(edited.EditedAt);

        var reply = await bridge.PostAsync(owner, chat, "Great, thanks");
        await bridge.SentAsync(chat, reply.Id);
        Assert.Equal(["WellWon: Great, thanks"], bridge.Telegram.MessagesIn(Group).Select(m => m.Text));
        // Webhook mode: nobody polls.
        Assert.Empty(bridge.Telegram.OffsetsAsked);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient telegram, System.Text.Json.Nodes.JsonObject update, string? secret) =>
        telegram.SendAsync(Request(new StringContent(FakeTelegram.Json(update), Encoding.UTF8, "application/json"), secret), Ct);

    private static HttpRequestMessage Request(HttpContent content, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TelegramEndpoints.WebhookPath) { Content = content };
        if (secret is not null)
        {
            request.Headers.Add(TelegramEndpoints.SecretHeader, secret);
        }

        return request;
    }
}
