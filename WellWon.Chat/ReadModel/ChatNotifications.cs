using Microsoft.Extensions.Logging;
using WellWon.Platform.RealTime;

namespace WellWon.Chat.ReadModel;

/// <summary>
/// Pushes what changed in the chat read model to the chat's (or a user's) SignalR group, after the row changed and only from the
/// live table (a rebuild pushes nothing). A push is best effort: if Redis is down the change is still in the read model, and
/// clients catch up by cursor, so a failed push is logged and never fails the projection (a retry would find nothing to push).
/// </summary>
public sealed partial class ChatNotifications(ILogger<ChatNotifications> logger, IChangeNotifier? notifier = null)
{
    public const string MessageEntity = "chat-message";
    public const string ReadEntity = "chat-read";
    public const string ConversationEntity = "chat";

    /// <summary>A message was posted, edited or deleted: <c>changed</c> to <c>chat:{id}</c>, version = the message's stream version.</summary>
    public Task MessageChangedAsync(Guid conversationId, Guid messageId, long version, string scope, CancellationToken ct) =>
        PushAsync(ChangeAudience.Chat(conversationId), new ChangeNotification(MessageEntity, messageId.ToString("D"), version, scope), ct);

    /// <summary>A member read up to <paramref name="sequence"/>: <c>changed</c> to <c>chat:{id}</c> (read receipts).</summary>
    public Task ReadAsync(Guid conversationId, Guid userId, long sequence, CancellationToken ct) =>
        PushAsync(ChangeAudience.Chat(conversationId), new ChangeNotification(ReadEntity, userId.ToString("D"), sequence, "read"), ct);

    /// <summary>The user joined, left, or the conversation changed: <c>changed</c> to <c>user:{id}</c>, so their list refreshes.</summary>
    public Task ConversationChangedAsync(Guid userId, Guid conversationId, long version, string scope, CancellationToken ct) =>
        PushAsync(ChangeAudience.User(userId), new ChangeNotification(ConversationEntity, conversationId.ToString("D"), version, scope), ct);

    private async Task PushAsync(ChangeAudience audience, ChangeNotification change, CancellationToken ct)
    {
        if (notifier is null)
        {
            return;
        }

        try
        {
            await notifier.NotifyAsync(audience, change, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogPushFailed(e, change.Entity, change.Id, audience.Group);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push {Entity} {Id} to {Group}; clients catch up by cursor")]
    private partial void LogPushFailed(Exception e, string entity, string id, string group);
}
