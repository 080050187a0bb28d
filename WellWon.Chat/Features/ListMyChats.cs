using Mediator;
using WellWon.Chat.ReadModel;
using WellWon.Platform.Mediator;

namespace WellWon.Chat.Features;

/// <summary>The caller's conversations with their unread counts (<c>GET /api/chats</c>).</summary>
public sealed record ListMyChats(Guid UserId) : IQuery<IReadOnlyList<ChatSummary>>, IRequireAuthenticatedUser;

public sealed class ListMyChatsHandler(ChatReader reader) : IQueryHandler<ListMyChats, IReadOnlyList<ChatSummary>>
{
    public async ValueTask<IReadOnlyList<ChatSummary>> Handle(ListMyChats query, CancellationToken cancellationToken) =>
        await reader.ListForMemberAsync(query.UserId, cancellationToken);
}
