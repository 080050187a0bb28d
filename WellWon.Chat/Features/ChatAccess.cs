using WellWon.Chat.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Features;

/// <summary>The checks every member's command starts with: the conversation exists and the caller is in it (else 404).</summary>
internal static class ChatAccess
{
    public static async Task<Conversation> MemberConversationAsync(IAggregateStore store, Guid conversationId, Guid userId, CancellationToken ct)
    {
        var conversation = await store.TryLoadAsync<Conversation>(conversationId, ct) ?? throw ChatNotFound.Conversation(conversationId);
        conversation.EnsureMember(userId);
        return conversation;
    }

    /// <summary>A message of another conversation does not exist as far as this one is concerned.</summary>
    public static void EnsureIn(ChatMessage message, Guid conversationId)
    {
        if (!message.BelongsTo(conversationId))
        {
            throw ChatNotFound.Message(message.Id);
        }
    }
}
