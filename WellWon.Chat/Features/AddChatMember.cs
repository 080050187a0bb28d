using Mediator;
using WellWon.Chat.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Features;

/// <summary>Adds a member to a group conversation (sent by the company chat saga); adding a member twice changes nothing.</summary>
public sealed record AddChatMember(Guid ConversationId, Guid UserId) : ICommand;

public sealed class AddChatMemberHandler(IAggregateStore store, TimeProvider clock) : ICommandHandler<AddChatMember>
{
    public async ValueTask<Unit> Handle(AddChatMember command, CancellationToken cancellationToken)
    {
        await store.RetryOnConflictAsync<Conversation>(command.ConversationId, c => c.AddMember(command.UserId, clock.GetUtcNow()), cancellationToken);
        return Unit.Value;
    }
}
