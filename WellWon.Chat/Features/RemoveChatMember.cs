using Mediator;
using WellWon.Chat.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Features;

/// <summary>Removes a member from a group conversation (sent by the company chat saga); removing one who left changes nothing.</summary>
public sealed record RemoveChatMember(Guid ConversationId, Guid UserId) : ICommand;

public sealed class RemoveChatMemberHandler(IAggregateStore store, TimeProvider clock) : ICommandHandler<RemoveChatMember>
{
    public async ValueTask<Unit> Handle(RemoveChatMember command, CancellationToken cancellationToken)
    {
        await store.RetryOnConflictAsync<Conversation>(command.ConversationId, c => c.RemoveMember(command.UserId, clock.GetUtcNow()), cancellationToken);
        return Unit.Value;
    }
}
