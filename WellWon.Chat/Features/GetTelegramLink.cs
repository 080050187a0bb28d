using Mediator;
using WellWon.Chat.Domain;
using WellWon.Chat.ReadModel;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Chat.Features;

/// <summary>The Telegram group a conversation mirrors (<c>GET /api/chats/{id}/telegram</c>), for its members; 404 when it mirrors none.</summary>
public sealed record GetTelegramLink(Guid ConversationId, Guid UserId) : IQuery<TelegramLinkView>, IRequireAuthenticatedUser;

public sealed class GetTelegramLinkHandler(ChatReader chats, TelegramLinkReader links) : IQueryHandler<GetTelegramLink, TelegramLinkView>
{
    public async ValueTask<TelegramLinkView> Handle(GetTelegramLink query, CancellationToken cancellationToken)
    {
        if (!await chats.IsMemberAsync(query.ConversationId, query.UserId, cancellationToken))
        {
            throw ChatNotFound.Conversation(query.ConversationId);
        }

        return await links.LinkOfAsync(query.ConversationId, cancellationToken)
            ?? throw new NotFoundException("chat.telegram-not-linked", $"Conversation {query.ConversationId} is not linked to Telegram.");
    }
}
