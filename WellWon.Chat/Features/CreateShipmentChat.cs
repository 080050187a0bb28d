using Mediator;
using WellWon.Chat.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Features;

/// <summary>
/// A shipment's chat (sent by the Logistics shipment chat saga when a shipment is booked): its members are the company chat's
/// members — the company's participants, as the company chat saga keeps them — and the user who booked. Idempotent: the chat's
/// id follows from the shipment's, so a second run finds the stream (or loses the NoStream race to the first) and changes nothing.
/// </summary>
public sealed record CreateShipmentChat(Guid ShipmentId, Guid CompanyId, string? Title, Guid BookedBy) : ICommand<Guid>;

/// <summary>The company's chat does not exist yet (its saga is behind); the step fails and is retried.</summary>
public sealed class CompanyChatMissingException(Guid companyId)
    : Exception($"The chat of company {companyId} does not exist yet; the shipment chat takes its members from it.");

public sealed class CreateShipmentChatHandler(IAggregateStore store, TimeProvider clock) : ICommandHandler<CreateShipmentChat, Guid>
{
    public async ValueTask<Guid> Handle(CreateShipmentChat command, CancellationToken cancellationToken)
    {
        var id = ChatIds.ShipmentChat(command.ShipmentId);
        if (await store.TryLoadAsync<Conversation>(id, cancellationToken) is not null)
        {
            return id;
        }

        var companyChat = await store.TryLoadAsync<Conversation>(ChatIds.CompanyChat(command.CompanyId), cancellationToken)
            ?? throw new CompanyChatMissingException(command.CompanyId);
        var members = companyChat.State.Members.Add(command.BookedBy).Order().ToList();
        try
        {
            await store.SaveAsync(Conversation.StartShipmentChat(command.ShipmentId, command.CompanyId, command.Title, members, clock.GetUtcNow()), cancellationToken);
        }
        catch (WrongExpectedVersionException)
        {
            // Created at the same moment by another run of the same step: the chat exists, which is all this asks.
        }

        return id;
    }
}
