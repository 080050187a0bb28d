using System.Text.Json;
using System.Text.Json.Serialization;

namespace WellWon.Chat.Telegram;

// The parts of the Bot API's objects (https://core.telegram.org/bots/api) that the bridge reads; Telegram adds fields freely, so
// unknown ones are ignored. Names on the wire are snake_case.

/// <summary>One incoming update: a new message or an edit in a chat the bot is in. Others are not asked for (allowed_updates).</summary>
public sealed record TelegramUpdate(long UpdateId, TelegramMessage? Message = null, TelegramMessage? EditedMessage = null);

public sealed record TelegramMessage(
    long MessageId,
    TelegramChat Chat,
    long Date,
    TelegramUser? From = null,
    TelegramChat? SenderChat = null,
    string? Text = null,
    string? Caption = null,
    long? EditDate = null);

public sealed record TelegramChat(long Id, string? Type = null, string? Title = null);

public sealed record TelegramUser(long Id, bool IsBot, string FirstName, string? LastName = null, string? Username = null);

/// <summary>Every Bot API answer: <c>ok</c> with a <c>result</c>, or an <c>error_code</c> and <c>description</c>.</summary>
public sealed record TelegramEnvelope(bool Ok, JsonElement? Result = null, int? ErrorCode = null, string? Description = null, TelegramResponseParameters? Parameters = null);

/// <summary>Why a call may be repeated: after <c>retry_after</c> seconds (429), or in another chat (a group became a supergroup).</summary>
public sealed record TelegramResponseParameters(int? RetryAfter = null, long? MigrateToChatId = null);

public static class TelegramJson
{
    /// <summary>snake_case both ways; nulls left out of requests, as Telegram expects optional fields to be absent.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
