using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Chat.Contracts;
using WellWon.Chat.Features;

namespace WellWon.Chat.Telegram;

/// <summary>
/// Turns one Telegram update into a chat command: a new message becomes <see cref="PostBridgedMessage"/>, an edited one
/// <see cref="EditBridgedMessage"/>. Shared by the poller and the webhook, and safe to run twice on one update (both commands are
/// idempotent by Telegram chat and message id), which is what lets either acknowledge an update only after handling it.
/// What the bot itself wrote is skipped: those are WellWon's messages coming back. Throws only when WellWon could not store
/// the outcome (the database is away), so the caller leaves the update unacknowledged and Telegram delivers it again.
/// </summary>
public sealed partial class TelegramUpdateHandler(IServiceScopeFactory scopes, IOptions<TelegramOptions> options, ILogger<TelegramUpdateHandler> logger)
{
    public async Task<BridgeOutcome?> HandleAsync(TelegramUpdate update, CancellationToken ct)
    {
        var (message, edit) = update switch
        {
            { Message: { } m } => (m, false),
            { EditedMessage: { } m } => (m, true),
            _ => (null, false),
        };
        if (message is null || IsOwn(message) || (message.Text ?? message.Caption) is not { } text)
        {
            // Other kinds of update, the bot's own messages, and messages without text (stickers, joins) are not bridged.
            return null;
        }

        var origin = new MessageOrigin(MessageOrigin.Telegram, message.Chat.Id, message.MessageId, SenderIdOf(message), AuthorOf(message));
        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        var outcome = edit
            ? await sender.Send(new EditBridgedMessage(origin, text), ct)
            : await sender.Send(new PostBridgedMessage(origin, text), ct);
        LogHandled(update.UpdateId, edit ? "edit" : "message", message.Chat.Id, message.MessageId, outcome);
        return outcome;
    }

    // User ids are unique across people and bots, so the bot's id alone tells its own messages.
    private bool IsOwn(TelegramMessage message) => message.From?.Id == options.Value.BotId;

    // A message posted on behalf of a chat (an anonymous group admin, a linked channel) has no person; the chat stands in.
    private static long SenderIdOf(TelegramMessage message) => message.From?.Id ?? message.SenderChat?.Id ?? message.Chat.Id;

    private static string AuthorOf(TelegramMessage message)
    {
        if (message.SenderChat is { Title: { Length: > 0 } title })
        {
            return title;
        }

        if (message.From is { } from)
        {
            var name = $"{from.FirstName} {from.LastName}".Trim();
            return name.Length > 0 ? name : from.Username is { Length: > 0 } username ? "@" + username : "Telegram user";
        }

        return "Telegram user";
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram update {UpdateId} ({Kind} {MessageId} in chat {TelegramChatId}): {Outcome}")]
    private partial void LogHandled(long updateId, string kind, long telegramChatId, long messageId, BridgeOutcome outcome);
}
