using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http;

namespace WellWon.Chat.Telegram;

/// <summary>
/// A client span per Bot API call ("telegram sendMessage") with the method and how it ended, and a counter of calls by method
/// and outcome. The HTTP client's own span is left out for these requests (<see cref="IsTelegramRequest"/>): its URL would carry
/// the bot token, which Telegram puts in the path.
/// </summary>
public static class TelegramTelemetry
{
    public static readonly ActivitySource Source = new(Microsoft.Extensions.Hosting.Extensions.TelemetryName);

    private static readonly Meter Meter = new(Microsoft.Extensions.Hosting.Extensions.TelemetryName);

    private static readonly Counter<long> Calls =
        Meter.CreateCounter<long>("wellwon.telegram.calls", "{call}", "Bot API calls by method and outcome (ok, rate-limited, unavailable, rejected).");

    private static readonly HttpRequestOptionsKey<bool> Marker = new("wellwon.telegram");

    public static Activity? StartCall(string method, long? chatId)
    {
        var activity = Source.StartActivity($"telegram {method}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("telegram.method", method);
            if (chatId is { } chat)
            {
                activity.SetTag("telegram.chat_id", chat);
            }
        }

        return activity;
    }

    public static void Ended(Activity? activity, string method, TelegramCallOutcome outcome, int? statusCode, int? errorCode, TimeSpan? retryAfter, string? description)
    {
        var name = OutcomeName(outcome);
        Calls.Add(1, new TagList { { "telegram.method", method }, { "telegram.outcome", name } });
        if (activity is null)
        {
            return;
        }

        activity.SetTag("telegram.outcome", name);
        activity.SetTag("http.response.status_code", statusCode);
        activity.SetTag("telegram.error_code", errorCode);
        activity.SetTag("telegram.retry_after_s", retryAfter?.TotalSeconds);
        activity.SetStatus(outcome == TelegramCallOutcome.Ok ? ActivityStatusCode.Ok : ActivityStatusCode.Error, outcome == TelegramCallOutcome.Ok ? null : description);
    }

    public static string OutcomeName(TelegramCallOutcome outcome) => outcome switch
    {
        TelegramCallOutcome.Ok => "ok",
        TelegramCallOutcome.RateLimited => "rate-limited",
        TelegramCallOutcome.Unavailable => "unavailable",
        _ => "rejected",
    };

    internal static void Mark(HttpRequestMessage request) => request.Options.Set(Marker, true);

    /// <summary>Whether the request is a Bot API call, for the HTTP client instrumentation's filter.</summary>
    public static bool IsTelegramRequest(HttpRequestMessage request) => request.Options.TryGetValue(Marker, out var marked) && marked;
}
