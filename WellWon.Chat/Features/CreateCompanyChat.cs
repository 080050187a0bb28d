using Mediator;
using WellWon.Chat.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Features;

/// <summary>
/// The company's chat with its owner as the first member (sent by the company chat saga). Idempotent: the chat's id follows from
/// the company's, so a second run finds the stream (or loses the NoStream race to the first) and changes nothing.
/// </summary>
public sealed record CreateCompanyChat(Guid CompanyId, Guid OwnerUserId, string? Title) : ICommand<Guid>;

public sealed class CreateCompanyChatHandler(IAggregateStore store, TimeProvider clock) : ICommandHandler<CreateCompanyChat, Guid>
{
    public async ValueTask<Guid> Handle(CreateCompanyChat command, CancellationToken cancellationToken)
    {
        var id = ChatIds.CompanyChat(command.CompanyId);
        if (await store.TryLoadAsync<Conversation>(id, cancellationToken) is not null)
        {
            return id;
        }

        try
        {
            await store.SaveAsync(Conversation.StartCompanyChat(command.CompanyId, command.Title, command.OwnerUserId, clock.GetUtcNow()), cancellationToken);
        }
        catch (WrongExpectedVersionException)
        {
            // Created at the same moment by another run of the same step: the chat exists, which is all this asks.
        }

        return id;
    }
}
