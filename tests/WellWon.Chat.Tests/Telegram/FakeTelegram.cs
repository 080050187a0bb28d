using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WellWon.Chat.Telegram;

namespace WellWon.Chat.Tests.Telegram;

/// <summary>One Bot API call as the fake saw it: when, which method, the JSON body, and the status it answered.</summary>
public sealed record FakeCall(TimeSpan At, string Method, JsonObject Body, int Status)
{
    public long? ChatId => Body["chat_id"]?.GetValue<long>();

    public string? Text => Body["text"]?.GetValue<string>();
}

/// <summary>A message the bot has in a chat, as the fake keeps it.</summary>
public sealed record FakeMessage(long ChatId, long MessageId, string Text, bool Deleted, int Edits);

/// <summary>
/// A Telegram Bot API on a loopback port: a real Kestrel server answering <c>POST /bot{token}/{method}</c> for sendMessage,
/// editMessageText, deleteMessage and getUpdates (long polling, with Telegram's offset rule: asking from an offset forgets every
/// earlier update) the way Telegram does, envelope and error shapes included. Tests queue updates, script failures (429 with
/// retry_after, 5xx, 400) and stop it (connection refused) and start it again on the same port.
/// </summary>
public sealed class FakeTelegram : IAsyncDisposable
{
    public const long BotId = 7_123_456_789;
    public const string Token = "7123456789:AAE-fake_token-for-wellwon-tests";

    private readonly Lock _sync = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<FakeCall> _calls = [];
    private readonly Dictionary<(long Chat, long Message), FakeMessage> _messages = [];
    private readonly List<JsonObject> _updates = [];
    private readonly List<(string Method, long? Chat, Func<IResult> Answer)> _failures = [];
    private readonly List<long> _offsetsAsked = [];
    private TaskCompletionSource _updateArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;
    private long _nextUpdateId = 900_000;
    private long _nextMessageId = 10_000;

    private FakeTelegram(int port) => Port = port;

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    public TimeSpan Now => _clock.Elapsed;

    public static async Task<FakeTelegram> StartAsync()
    {
        var fake = new FakeTelegram(FreePort());
        await fake.StartAgainAsync();
        return fake;
    }

    /// <summary>Listens again on the same port (after <see cref="StopAsync"/>), with everything it knew.</summary>
    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(BaseUrl.ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/{**path}", HandleAsync);
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Stops listening: calls now fail with "connection refused", as when Telegram or the network is away.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    public IReadOnlyList<FakeCall> Calls
    {
        get
        {
            lock (_sync)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<FakeCall> CallsOf(string method, long chatId) => [.. Calls.Where(c => c.Method == method && c.ChatId == chatId)];

    /// <summary>The bot's messages in a chat, oldest first.</summary>
    public IReadOnlyList<FakeMessage> MessagesIn(long chatId)
    {
        lock (_sync)
        {
            return [.. _messages.Values.Where(m => m.ChatId == chatId).OrderBy(m => m.MessageId)];
        }
    }

    /// <summary>The offsets getUpdates was called with, in order.</summary>
    public IReadOnlyList<long> OffsetsAsked
    {
        get
        {
            lock (_sync)
            {
                return [.. _offsetsAsked];
            }
        }
    }

    /// <summary>Someone wrote in a group; returns the update's id.</summary>
    public long Write(long chatId, long messageId, long fromId, string firstName, string text) =>
        Queue("message", Message(chatId, messageId, fromId, firstName, text));

    /// <summary>Someone edited their message in a group; returns the update's id.</summary>
    public long Edit(long chatId, long messageId, long fromId, string firstName, string text) =>
        Queue("edited_message", Message(chatId, messageId, fromId, firstName, text, edited: true));

    /// <summary>An update as Telegram would POST it to a webhook.</summary>
    public static JsonObject Update(long updateId, string kind, JsonObject message) => new() { ["update_id"] = updateId, [kind] = message };

    public static JsonObject Message(long chatId, long messageId, long fromId, string firstName, string text, bool edited = false)
    {
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["date"] = 1_790_000_000,
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "supergroup", ["title"] = "Tea importers" },
            ["from"] = new JsonObject { ["id"] = fromId, ["is_bot"] = fromId == BotId, ["first_name"] = firstName, ["language_code"] = "en" },
            ["text"] = text,
        };
        if (edited)
        {
            message["edit_date"] = 1_790_000_100;
        }

        return message;
    }

    /// <summary>The next call of <paramref name="method"/> (to <paramref name="chatId"/>, if given) answers 429 with this retry_after.</summary>
    public void RateLimitNext(string method, long? chatId, int retryAfterSeconds) =>
        FailNext(method, chatId, () => Error(429, $"Too Many Requests: retry after {retryAfterSeconds}", new JsonObject { ["retry_after"] = retryAfterSeconds }));

    public void ServerErrorNext(string method, long? chatId) => FailNext(method, chatId, () => Error(502, "Bad Gateway"));

    public void RejectNext(string method, long? chatId, string description) => FailNext(method, chatId, () => Error(400, description));

    private void FailNext(string method, long? chatId, Func<IResult> answer)
    {
        lock (_sync)
        {
            _failures.Add((method, chatId, answer));
        }
    }

    private long Queue(string kind, JsonObject message)
    {
        lock (_sync)
        {
            var id = ++_nextUpdateId;
            _updates.Add(Update(id, kind, message));
            _updateArrived.TrySetResult();
            return id;
        }
    }

    private async Task<IResult> HandleAsync(HttpContext http, string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var (token, method) = slash > 3 && path.StartsWith("bot", StringComparison.Ordinal) ? (path[3..slash], path[(slash + 1)..]) : ("", path);
        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
        if (token != Token)
        {
            return Record(method, body, Error(401, "Unauthorized"));
        }

        if (method == "getUpdates")
        {
            return Record(method, body, await GetUpdatesAsync(body, http.RequestAborted));
        }

        lock (_sync)
        {
            var chatId = body["chat_id"]?.GetValue<long>();
            var failure = _failures.FindIndex(f => f.Method == method && (f.Chat is null || f.Chat == chatId));
            if (failure >= 0)
            {
                var answer = _failures[failure].Answer;
                _failures.RemoveAt(failure);
                return Record(method, body, answer());
            }

            return Record(method, body, method switch
            {
                "sendMessage" => Send(chatId!.Value, body["text"]!.GetValue<string>()),
                "editMessageText" => EditText(chatId!.Value, body["message_id"]!.GetValue<long>(), body["text"]!.GetValue<string>()),
                "deleteMessage" => Delete(chatId!.Value, body["message_id"]!.GetValue<long>()),
                _ => Error(404, "Not Found"),
            });
        }
    }

    private IResult Send(long chatId, string text)
    {
        var id = ++_nextMessageId;
        _messages[(chatId, id)] = new FakeMessage(chatId, id, text, Deleted: false, Edits: 0);
        return Ok(BotMessage(chatId, id, text));
    }

    private IResult EditText(long chatId, long messageId, string text)
    {
        if (!_messages.TryGetValue((chatId, messageId), out var message) || message.Deleted)
        {
            return Error(400, "Bad Request: message to edit not found");
        }

        if (message.Text == text)
        {
            return Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
        }

        _messages[(chatId, messageId)] = message with { Text = text, Edits = message.Edits + 1 };
        return Ok(BotMessage(chatId, messageId, text));
    }

    private IResult Delete(long chatId, long messageId)
    {
        if (!_messages.TryGetValue((chatId, messageId), out var message) || message.Deleted)
        {
            return Error(400, "Bad Request: message to delete not found");
        }

        _messages[(chatId, messageId)] = message with { Deleted = true };
        return Ok(true);
    }

    private async Task<IResult> GetUpdatesAsync(JsonObject body, CancellationToken ct)
    {
        var offset = body["offset"]?.GetValue<long>() ?? 0;
        var wait = TimeSpan.FromSeconds(body["timeout"]?.GetValue<int>() ?? 0);
        var until = _clock.Elapsed + wait;
        lock (_sync)
        {
            _offsetsAsked.Add(offset);
        }

        while (true)
        {
            Task arrived;
            lock (_sync)
            {
                // Telegram's rule: asking from an offset confirms, and forgets, every update before it.
                _updates.RemoveAll(u => u["update_id"]!.GetValue<long>() < offset);
                if (_updates.Count > 0 || _clock.Elapsed >= until)
                {
                    return Ok(new JsonArray([.. _updates.Select(u => u.DeepClone())]));
                }

                if (_updateArrived.Task.IsCompleted)
                {
                    _updateArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                arrived = _updateArrived.Task;
            }

            try
            {
                await arrived.WaitAsync(until - _clock.Elapsed, ct);
            }
            catch (TimeoutException)
            {
                // The long poll ends empty; the loop answers it.
            }
        }
    }

    private IResult Record(string method, JsonObject body, IResult answer)
    {
        lock (_sync)
        {
            _calls.Add(new FakeCall(_clock.Elapsed, method, body, (answer as IStatusCodeHttpResult)?.StatusCode ?? 200));
        }

        return answer;
    }

    private static JsonObject BotMessage(long chatId, long messageId, string text) => new()
    {
        ["message_id"] = messageId,
        ["date"] = 1_790_000_000,
        ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "supergroup", ["title"] = "Tea importers" },
        ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "WellWon", ["username"] = "wellwon_bot" },
        ["text"] = text,
    };

    private static IResult Ok(JsonNode result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result }, statusCode: 200);

    private static IResult Error(int code, string description, JsonObject? parameters = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (parameters is not null)
        {
            body["parameters"] = parameters;
        }

        return Results.Json(body, statusCode: code);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The Bot API's JSON for the bridge's own records, to post to the webhook.</summary>
    public static string Json(JsonObject update) => update.ToJsonString(TelegramJson.Options);
}
