using WellWon.Platform.RealTime;

namespace WellWon.Chat.ReadModel;

/// <summary>
/// What the chat read model's changes look like to clients (<c>changed</c>), pushed by the event processor after it applied the
/// event (<see cref="Platform.Projections.INotifyingProjection"/>). Each names a thing and its version, so a client that holds
/// that version ignores it, and carries no content: the client re-reads through the API, where membership is checked.
/// </summary>
public static class ChatChanges
{
    /// <summary>New messages in a conversation; Id = the conversation, Version = the newest sequence (fetch <c>?after=</c> what you hold).</summary>
    public const string Messages = "chat-messages";

    /// <summary>One message edited or deleted; Id = the message, Version = its stream version (fetch the message again).</summary>
    public const string Message = "chat-message";

    /// <summary>A read receipt; Id = the member, Version = the sequence they have read up to.</summary>
    public const string Read = "chat-read";

    /// <summary>Membership or state of a conversation (joined, left, read-only); Id = the conversation, Version = its stream version.</summary>
    public const string Conversation = "chat-conversation";

    public static (ChangeAudience, ChangeNotification) Posted(Guid conversationId, long sequence) =>
        (ChangeAudience.Chat(conversationId), new ChangeNotification(Messages, conversationId.ToString("D"), sequence, "posted"));

    public static (ChangeAudience, ChangeNotification) MessageChanged(Guid conversationId, Guid messageId, long version, string scope) =>
        (ChangeAudience.Chat(conversationId), new ChangeNotification(Message, messageId.ToString("D"), version, scope));

    public static (ChangeAudience, ChangeNotification) ReadUpTo(Guid conversationId, Guid userId, long sequence) =>
        (ChangeAudience.Chat(conversationId), new ChangeNotification(Read, userId.ToString("D"), sequence, "read"));

    /// <summary>To the user's own group, so their list of conversations refreshes.</summary>
    public static (ChangeAudience, ChangeNotification) Membership(Guid userId, Guid conversationId, long version, string scope) =>
        (ChangeAudience.User(userId), new ChangeNotification(Conversation, conversationId.ToString("D"), version, scope));

    public static (ChangeAudience, ChangeNotification) ConversationChanged(Guid conversationId, long version, string scope) =>
        (ChangeAudience.Chat(conversationId), new ChangeNotification(Conversation, conversationId.ToString("D"), version, scope));
}
