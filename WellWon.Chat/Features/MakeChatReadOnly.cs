using Mediator;
using WellWon.Chat.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Features;

/// <summary>Closes a conversation to new messages and edits (sent by the company chat saga when the company is archived or suspended); idempotent.</summary>
public sealed record MakeChatReadOnly(Guid ConversationId) : ICommand;

public sealed class MakeChatReadOnlyHandler(IAggregateStore store, TimeProvider clock) : ICommandHandler<MakeChatReadOnly>
{
    public async ValueTask<Unit> Handle(MakeChatReadOnly command, CancellationToken cancellationToken)
    {
        await store.RetryOnConflictAsync<Conversation>(command.ConversationId, c => c.MakeReadOnly(clock.GetUtcNow()), cancellationToken);
        return Unit.Value;
    }
}
