using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;
using WellWon.Chat.Telegram;

namespace WellWon.Chat.Tests.Telegram;

/// <summary>The Bot API adapter alone, over real HTTP against the fake: what each answer becomes, and what telemetry it leaves.</summary>
public sealed class TelegramBotApiTests : IAsyncLifetime
{
    private const long Group = -1003000000001;

    private FakeTelegram _telegram = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _telegram = await FakeTelegram.StartAsync();

    public async ValueTask DisposeAsync() => await _telegram.DisposeAsync();

    [Fact]
    public async Task Send_edit_and_delete_address_the_message_telegram_created()
    {
        var api = Api();

        var sent = await api.SendMessageAsync(Group, "Hello", Ct);
        Assert.True(sent.Ok, sent.Reason);
        var id = sent.Result!.MessageId;
        Assert.Equal((Group, "Hello"), (sent.Result.Chat.Id, sent.Result.Text));

        Assert.True((await api.EditMessageTextAsync(Group, id, "Hello again", Ct)).Ok);
        var same = await api.EditMessageTextAsync(Group, id, "Hello again", Ct);
        Assert.Equal(TelegramCallOutcome.Rejected, same.Outcome);
        Assert.Contains("message is not modified", same.Description, StringComparison.Ordinal);
        Assert.True((await api.DeleteMessageAsync(Group, id, Ct)).Result);
        Assert.Equal([new FakeMessage(Group, id, "Hello again", Deleted: true, Edits: 1)], _telegram.MessagesIn(Group));
        Assert.Equal(["sendMessage", "editMessageText", "editMessageText", "deleteMessage"], _telegram.Calls.Select(c => c.Method));
    }

    [Fact]
    public async Task Each_failure_is_classified_for_the_caller_and_never_shows_the_token()
    {
        var api = Api();

        _telegram.RateLimitNext("sendMessage", Group, retryAfterSeconds: 7);
        var limited = await api.SendMessageAsync(Group, "x", Ct);
        Assert.Equal((TelegramCallOutcome.RateLimited, TimeSpan.FromSeconds(7), 429), (limited.Outcome, limited.RetryAfter, limited.ErrorCode));

        _telegram.ServerErrorNext("sendMessage", Group);
        Assert.Equal(TelegramCallOutcome.Unavailable, (await api.SendMessageAsync(Group, "x", Ct)).Outcome);

        _telegram.RejectNext("sendMessage", Group, "Forbidden: bot was kicked from the supergroup chat");
        var rejected = await api.SendMessageAsync(Group, "x", Ct);
        Assert.Equal(TelegramCallOutcome.Rejected, rejected.Outcome);
        Assert.Equal("400 Forbidden: bot was kicked from the supergroup chat", rejected.Reason);

        // A wrong token is the bot's problem, not the message's: retried later, never failed for good.
        var wrongToken = await Api("7123456789:wrong").SendMessageAsync(Group, "x", Ct);
        Assert.Equal((TelegramCallOutcome.Unavailable, 401), (wrongToken.Outcome, wrongToken.ErrorCode));

        await _telegram.StopAsync();
        var down = await api.SendMessageAsync(Group, "x", Ct);
        Assert.Equal(TelegramCallOutcome.Unavailable, down.Outcome);
        Assert.StartsWith("network:", down.Reason, StringComparison.Ordinal);
        Assert.All(new[] { limited, rejected, wrongToken, down }, c => Assert.DoesNotContain(FakeTelegram.Token, c.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetUpdates_long_polls_and_an_offset_confirms_the_updates_before_it()
    {
        var api = Api();
        var started = Stopwatch.StartNew();
        var empty = await api.GetUpdatesAsync(0, TimeSpan.FromSeconds(1), Ct);
        Assert.True(empty.Ok && empty.Result!.Count == 0);
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(900), "the call waited on Telegram's side");

        var waiting = api.GetUpdatesAsync(0, TimeSpan.FromSeconds(10), Ct);
        var first = _telegram.Write(Group, 1, 5, "Ann", "One");
        var second = _telegram.Write(Group, 2, 5, "Ann", "Two");
        var got = (await waiting).Result!;
        Assert.Contains(got, u => u.UpdateId == first && u.Message!.Text == "One" && u.Message.From!.FirstName == "Ann" && u.Message.Chat.Id == Group);

        var after = (await api.GetUpdatesAsync(first + 1, TimeSpan.Zero, Ct)).Result!;
        Assert.Equal([second], after.Select(u => u.UpdateId));
        _telegram.Edit(Group, 2, 5, "Ann", "Two!");
        var edit = Assert.Single((await api.GetUpdatesAsync(second + 1, TimeSpan.Zero, Ct)).Result!);
        Assert.Equal("Two!", edit.EditedMessage!.Text);
    }

    [Fact]
    public async Task Each_call_is_a_telegram_span_with_method_and_outcome_and_no_exported_span_carries_the_token()
    {
        var exported = new List<Activity>();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = "polling",
            ["Telegram:BotToken"] = FakeTelegram.Token,
            ["Telegram:BaseUrl"] = _telegram.BaseUrl.ToString(),
        }).Build());
        services.AddLogging();
        services.AddOpenTelemetry().WithTracing(t => t.AddSource(Microsoft.Extensions.Hosting.Extensions.TelemetryName).AddHttpClientInstrumentation().AddInMemoryExporter(exported));
        services.AddTelegramBridge();
        await using (var provider = services.BuildServiceProvider())
        {
            _ = provider.GetRequiredService<TracerProvider>();
            var api = provider.GetRequiredService<TelegramBotApi>();
            _telegram.RateLimitNext("sendMessage", Group, 3);
            await api.SendMessageAsync(Group, "Traced", Ct);
            await api.SendMessageAsync(Group, "Traced", Ct);
            // A plain request through the same instrumentation is traced: the filter leaves out the bot's calls only.
            using var plain = new HttpClient();
            await plain.PostAsync(new Uri(_telegram.BaseUrl, "/health"), null, Ct);
            provider.GetRequiredService<TracerProvider>().ForceFlush();
        }

        var calls = exported.Where(a => a.DisplayName == "telegram sendMessage").ToList();
        Assert.Equal(["rate-limited", "ok"], calls.Select(a => a.GetTagItem("telegram.outcome")));
        Assert.All(calls, a => Assert.Equal("sendMessage", a.GetTagItem("telegram.method")));
        Assert.Equal([429, 200], calls.Select(a => a.GetTagItem("http.response.status_code")));
        Assert.Equal(ActivityStatusCode.Error, calls[0].Status);
        Assert.Contains(exported, a => a.Kind == ActivityKind.Client && a.DisplayName.StartsWith("POST", StringComparison.Ordinal));
        Assert.DoesNotContain(exported, a => a.TagObjects.Any(t => t.Value?.ToString()?.Contains(FakeTelegram.Token, StringComparison.Ordinal) == true));
    }

    private TelegramBotApi Api(string token = FakeTelegram.Token) =>
        new(new HttpClient(), Options.Create(new TelegramOptions { BaseUrl = _telegram.BaseUrl, BotToken = token, Mode = TelegramMode.Polling }));
}
