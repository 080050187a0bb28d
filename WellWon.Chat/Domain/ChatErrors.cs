using WellWon.Platform.Kernel;

namespace WellWon.Chat.Domain;

/// <summary>The 404s of the Chat context.</summary>
public static class ChatNotFound
{
    /// <summary>The conversation does not exist or the caller is not a member: alike, so outsiders learn nothing.</summary>
    public static NotFoundException Conversation(Guid conversationId) =>
        new("chat.conversation-not-found", $"Conversation {conversationId} does not exist.");

    public static NotFoundException Message(Guid messageId) =>
        new("chat.message-not-found", $"Message {messageId} does not exist in this conversation.");
}

/// <summary>A member may not do this to this message (edit another's, delete without being its author or a company admin): 403.</summary>
public sealed class ChatForbiddenException(string code, string message) : DomainException(code, message);
