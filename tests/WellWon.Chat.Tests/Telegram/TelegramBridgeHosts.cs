using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Chat.Domain;
using WellWon.Chat.Features;
using WellWon.Chat.ReadModel;
using WellWon.Chat.Telegram;
using WellWon.Chat.Tests.Hosts;

namespace WellWon.Chat.Tests.Telegram;

/// <summary>
/// WellWon as the AppHost runs it, with Telegram on: the Api, an event-processor worker (the saga, and the projection that fills
/// the outbox) and a data-sync worker (the outbox sender and, in polling mode, the poller), all on one fresh database and Redis
/// prefix, and a <see cref="FakeTelegram"/> on a loopback port as the Bot API.
/// </summary>
public abstract class TelegramBridge(TelegramMode mode) : ChatApiFactory
{
    public const string WebhookSecret = "wellwon-test_webhook-secret-42";

    private ChatWorker? _eventProcessor;
    private ChatWorker? _dataSync;
    private FakeTelegram? _telegram;

    public FakeTelegram Telegram => _telegram ?? throw new InvalidOperationException("Not initialised.");

    public ChatWorker DataSync => _dataSync ?? throw new InvalidOperationException("No data-sync worker runs.");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _telegram = await FakeTelegram.StartAsync();
        _eventProcessor = new ChatWorker(Database, KeyPrefix, settings: Settings("event-processor")).Start();
        _dataSync = new ChatWorker(Database, KeyPrefix, settings: Settings("data-sync")).Start();
    }

    /// <summary>Stops the data-sync worker as a shutdown or crash would.</summary>
    public async Task StopDataSyncAsync()
    {
        if (_dataSync is { } worker)
        {
            _dataSync = null;
            await worker.StopAsync();
        }
    }

    /// <summary>A new data-sync process on the same database, Redis and bot: the stopped one restarted.</summary>
    public void StartDataSync() => _dataSync ??= new ChatWorker(Database, KeyPrefix, settings: Settings("data-sync")).Start();

    public NpgsqlDataSource OpenDatabase() => NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(Database));

    /// <summary>A company whose chat (made by the saga) its owner sees; returns the company and its chat.</summary>
    public async Task<(Guid Company, Guid Chat)> CompanyChatAsync(Guid owner, string name = "Tea Importers")
    {
        var company = await CreateCompanyAsync(owner, name);
        var chat = ChatIds.CompanyChat(company);
        using var client = ClientFor(owner);
        await ChatWorker.Until(async () => (await client.GetAsync($"/api/chats/{chat}/messages", TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.OK, "the owner sees the company chat");
        return (company, chat);
    }

    /// <summary>A company chat linked by its owner to Telegram group <paramref name="telegramChatId"/>.</summary>
    public async Task<(Guid Company, Guid Chat)> LinkedChatAsync(Guid owner, long telegramChatId)
    {
        var (company, chat) = await CompanyChatAsync(owner);
        using var client = ClientFor(owner);
        var linked = await client.PostAsJsonAsync($"/api/chats/{chat}/telegram", new { telegramChatId }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        return (company, chat);
    }

    public async Task<PostedMessage> PostAsync(Guid author, Guid chat, string text)
    {
        using var client = ClientFor(author);
        var response = await client.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PostedMessage>(TestContext.Current.CancellationToken))!;
    }

    public async Task<IReadOnlyList<MessageView>> MessagesAsync(Guid member, Guid chat)
    {
        using var client = ClientFor(member);
        return (await client.GetFromJsonAsync<MessagePage>($"/api/chats/{chat}/messages?limit=100", TestContext.Current.CancellationToken))!.Items;
    }

    /// <summary>The outbox as an administrator sees it through the admin endpoint.</summary>
    public async Task<IReadOnlyList<TelegramOutboxView>> OutboxAsync(Guid chat)
    {
        using var admin = ClientFor(Guid.NewGuid(), "ww_admin");
        return (await admin.GetFromJsonAsync<TelegramOutboxPage>($"/api/admin/telegram/outbox?conversationId={chat}&limit=200", TestContext.Current.CancellationToken))!.Items;
    }

    public async Task<TelegramOutboxView> OutboxItemAsync(Guid chat, Guid messageId, string kind) =>
        Assert.Single(await OutboxAsync(chat), i => i.MessageId == messageId && i.Kind == kind);

    /// <summary>Waits until the message's item of <paramref name="kind"/> (queued by the event processor, so a moment after the post) is sent.</summary>
    public Task SentAsync(Guid chat, Guid messageId, string kind = "send", TimeSpan? timeout = null) =>
        ChatWorker.Until(
            async () => (await OutboxAsync(chat)).Any(i => i.MessageId == messageId && i.Kind == kind && i.Status == TelegramOutboxStatus.Sent),
            $"the {kind} of message {messageId} is sent",
            timeout);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Settings(role: null))
        {
            builder.UseSetting(key, value);
        }
    }

    protected override async ValueTask DisposeWorkerAsync()
    {
        await StopDataSyncAsync();
        if (_eventProcessor is not null)
        {
            await _eventProcessor.DisposeAsync();
        }

        if (_telegram is not null)
        {
            await _telegram.DisposeAsync();
        }
    }

    /// <summary>Telegram on, against the fake, with short waits so a test sees retries in seconds.</summary>
    private Dictionary<string, string?> Settings(string? role)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = mode.ToString(),
            ["Telegram:BotToken"] = FakeTelegram.Token,
            ["Telegram:BaseUrl"] = Telegram.BaseUrl.ToString(),
            ["Telegram:WebhookSecret"] = WebhookSecret,
            ["Telegram:PollTimeout"] = "00:00:01",
            ["Telegram:PollerLockKey"] = KeyPrefix + "telegram:poller",
            ["Telegram:RequestTimeout"] = "00:00:03",
            ["Telegram:OutboxPollInterval"] = "00:00:00.050",
            ["Telegram:OutboxClaimLease"] = "00:00:10",
            ["Telegram:RetryBaseDelay"] = "00:00:00.100",
            ["Telegram:RetryMaxDelay"] = "00:00:00.500",
        };
        if (role is not null)
        {
            settings["Worker:Role"] = role;
        }

        return settings;
    }
}

/// <summary>Updates arrive by long polling from the data-sync worker.</summary>
public sealed class PollingTelegramBridge() : TelegramBridge(TelegramMode.Polling);

/// <summary>Updates arrive at the Api's webhook.</summary>
public sealed class WebhookTelegramBridge() : TelegramBridge(TelegramMode.Webhook);
