using Mediator;
using WellWon.Chat.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Features;

/// <summary>Opens a read-only conversation to messages again (sent by the company chat saga when a suspended company is reactivated); idempotent.</summary>
public sealed record ReopenChat(Guid ConversationId) : ICommand;

public sealed class ReopenChatHandler(IAggregateStore store, TimeProvider clock) : ICommandHandler<ReopenChat>
{
    public async ValueTask<Unit> Handle(ReopenChat command, CancellationToken cancellationToken)
    {
        await store.RetryOnConflictAsync<Conversation>(command.ConversationId, c => c.Reopen(clock.GetUtcNow()), cancellationToken);
        return Unit.Value;
    }
}
