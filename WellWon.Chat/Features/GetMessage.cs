using Mediator;
using WellWon.Chat.Domain;
using WellWon.Chat.ReadModel;
using WellWon.Platform.Mediator;

namespace WellWon.Chat.Features;

/// <summary>One message (<c>GET /api/chats/{id}/messages/{messageId}</c>), what a client re-reads when told it was edited or deleted.</summary>
public sealed record GetMessage(Guid ConversationId, Guid MessageId, Guid UserId) : IQuery<MessageView>, IRequireAuthenticatedUser;

public sealed class GetMessageHandler(ChatReader reader) : IQueryHandler<GetMessage, MessageView>
{
    public async ValueTask<MessageView> Handle(GetMessage query, CancellationToken cancellationToken)
    {
        if (!await reader.IsMemberAsync(query.ConversationId, query.UserId, cancellationToken))
        {
            throw ChatNotFound.Conversation(query.ConversationId);
        }

        return await reader.GetMessageAsync(query.ConversationId, query.MessageId, cancellationToken)
            ?? throw ChatNotFound.Message(query.MessageId);
    }
}
