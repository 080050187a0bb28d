using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace WellWon.Chat.Telegram;

/// <summary>How a Bot API call ended, as the callers act on it.</summary>
public enum TelegramCallOutcome
{
    Ok,

    /// <summary>429: wait <see cref="TelegramCall{T}.RetryAfter"/>, then the same call will do.</summary>
    RateLimited,

    /// <summary>The network, a timeout, a 5xx, or the bot as a whole (401 token, 404, 409 webhook/poller conflict): try again later.</summary>
    Unavailable,

    /// <summary>Telegram refused this call for good (400 bad request, 403 the bot was removed): repeating it will not help.</summary>
    Rejected,
}

/// <summary>One call's answer: the result when <see cref="Ok"/>, else what went wrong (never containing the token).</summary>
public sealed record TelegramCall<T>(TelegramCallOutcome Outcome, T? Result, int? StatusCode, int? ErrorCode, string? Description, TimeSpan? RetryAfter)
{
    public bool Ok => Outcome == TelegramCallOutcome.Ok;

    /// <summary>For people: "429 Too Many Requests: retry after 3", "network: Connection refused (127.0.0.1:5050)".</summary>
    public string Reason => ErrorCode is { } code ? $"{code} {Description}" : StatusCode is { } status ? $"HTTP {status} {Description}" : $"network: {Description}";
}

/// <summary>
/// The Telegram Bot API over HTTP (a typed <see cref="HttpClient"/>): POST <c>{BaseUrl}/bot{token}/{method}</c> with a JSON body,
/// the answer's envelope read and the outcome classified (<see cref="TelegramCallOutcome"/>). It never throws for what Telegram or
/// the network did; callers decide what to retry. The client has no resilience handler of its own: the outbox and the poller
/// own retries, so a retry is recorded where people can see it.
/// </summary>
public sealed class TelegramBotApi(HttpClient http, IOptions<TelegramOptions> options)
{
    private static readonly string[] AllowedUpdates = ["message", "edited_message"];

    public Task<TelegramCall<TelegramMessage>> SendMessageAsync(long chatId, string text, CancellationToken ct) =>
        CallAsync<TelegramMessage>("sendMessage", chatId, new SendMessageRequest(chatId, text, new LinkPreviewOptions(IsDisabled: true)), null, ct);

    /// <summary>The edited message, or null when Telegram answers <c>true</c> (it does so for messages it did not send itself).</summary>
    public Task<TelegramCall<JsonElement>> EditMessageTextAsync(long chatId, long messageId, string text, CancellationToken ct) =>
        CallAsync<JsonElement>("editMessageText", chatId, new EditMessageTextRequest(chatId, messageId, text, new LinkPreviewOptions(IsDisabled: true)), null, ct);

    public Task<TelegramCall<bool>> DeleteMessageAsync(long chatId, long messageId, CancellationToken ct) =>
        CallAsync<bool>("deleteMessage", chatId, new DeleteMessageRequest(chatId, messageId), null, ct);

    /// <summary>Long polling: updates from <paramref name="offset"/> on (which also confirms every earlier one to Telegram), waiting up to <paramref name="wait"/>.</summary>
    public Task<TelegramCall<IReadOnlyList<TelegramUpdate>>> GetUpdatesAsync(long offset, TimeSpan wait, CancellationToken ct) =>
        CallAsync<IReadOnlyList<TelegramUpdate>>(
            "getUpdates", null, new GetUpdatesRequest(offset, 100, (int)wait.TotalSeconds, AllowedUpdates), wait + options.Value.RequestTimeout, ct);

    private async Task<TelegramCall<T>> CallAsync<T>(string method, long? chatId, object body, TimeSpan? timeout, CancellationToken ct)
    {
        var settings = options.Value;
        var token = settings.BotToken ?? string.Empty;
        using var activity = TelegramTelemetry.StartCall(method, chatId);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout ?? settings.RequestTimeout);

        TelegramCall<T> call;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseOf(settings.BaseUrl), $"./bot{token}/{method}"))
            {
                Content = JsonContent.Create(body, body.GetType(), options: TelegramJson.Options),
            };
            TelegramTelemetry.Mark(request);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            call = await ReadAsync<T>(response, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            call = new TelegramCall<T>(TelegramCallOutcome.Unavailable, default, null, null, $"no answer within {(timeout ?? settings.RequestTimeout).TotalSeconds:0.#} s", null);
        }
        catch (HttpRequestException e)
        {
            call = new TelegramCall<T>(TelegramCallOutcome.Unavailable, default, (int?)e.StatusCode, null, e.Message, null);
        }

        // Belt and braces: whatever text came back (an exception's message included) is stored and logged without the token.
        if (call.Description is { } description && token.Length > 0 && description.Contains(token, StringComparison.Ordinal))
        {
            call = call with { Description = description.Replace(token, "***", StringComparison.Ordinal) };
        }

        TelegramTelemetry.Ended(activity, method, call.Outcome, call.StatusCode, call.ErrorCode, call.RetryAfter, call.Description);
        return call;
    }

    private static async Task<TelegramCall<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        TelegramEnvelope? envelope;
        try
        {
            envelope = await response.Content.ReadFromJsonAsync<TelegramEnvelope>(TelegramJson.Options, ct);
        }
        catch (JsonException)
        {
            envelope = null;
        }

        if (envelope is { Ok: true, Result: { } result } && response.IsSuccessStatusCode)
        {
            try
            {
                return new TelegramCall<T>(TelegramCallOutcome.Ok, result.Deserialize<T>(TelegramJson.Options), status, null, null, null);
            }
            catch (JsonException e)
            {
                return new TelegramCall<T>(TelegramCallOutcome.Unavailable, default, status, null, $"unreadable result: {e.Message}", null);
            }
        }

        var code = envelope?.ErrorCode ?? status;
        var description = envelope?.Description ?? response.ReasonPhrase ?? "no description";
        var outcome = code switch
        {
            429 => TelegramCallOutcome.RateLimited,
            >= 500 => TelegramCallOutcome.Unavailable,
            // The bot as a whole, not this message: a wrong token (401), a wrong address (404), a webhook or a second poller (409).
            401 or 404 or 409 => TelegramCallOutcome.Unavailable,
            _ when envelope is null => TelegramCallOutcome.Unavailable,
            _ => TelegramCallOutcome.Rejected,
        };
        var retryAfter = outcome == TelegramCallOutcome.RateLimited ? TimeSpan.FromSeconds(Math.Max(1, envelope?.Parameters?.RetryAfter ?? 1)) : (TimeSpan?)null;
        return new TelegramCall<T>(outcome, default, status, envelope?.ErrorCode, description, retryAfter);
    }

    // A base with a path ("http://proxy/telegram") keeps it: relative URIs resolve against the last slash. The "./" before
    // "bot{token}" matters: the token's colon would otherwise make "bot123" read as a URI scheme.
    private static Uri BaseOf(Uri baseUrl) => baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");

    private sealed record LinkPreviewOptions(bool IsDisabled);

    private sealed record SendMessageRequest(long ChatId, string Text, LinkPreviewOptions LinkPreviewOptions);

    private sealed record EditMessageTextRequest(long ChatId, long MessageId, string Text, LinkPreviewOptions LinkPreviewOptions);

    private sealed record DeleteMessageRequest(long ChatId, long MessageId);

    private sealed record GetUpdatesRequest(long Offset, int Limit, int Timeout, IReadOnlyList<string> AllowedUpdates);
}
