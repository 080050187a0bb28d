using WellWon.Chat.Domain;
using WellWon.Chat.Features;
using WellWon.Logistics.Contracts;
using WellWon.Platform.Sagas;

namespace WellWon.Logistics.Sagas;

/// <summary>What the shipment chat saga knows of one shipment (its id is the saga's).</summary>
public sealed record ShipmentChatSagaState(Guid ShipmentId, Guid ConversationId, bool ChatCreated);

/// <summary>
/// A booked shipment gets a chat of its own in the Chat context, with the company's participants (the company chat's members) and
/// the user who booked; a cancelled one's chat becomes read-only and the saga is complete. Every step's command is idempotent on
/// its own (the chat's id follows from the shipment's; closing a closed chat changes nothing), so a booking delivered twice, or
/// replayed, or a step repeated after a crash, opens one chat.
/// </summary>
public sealed class ShipmentChatSaga : Saga<ShipmentChatSagaState>
{
    public ShipmentChatSaga()
    {
        On<ShipmentBooked>(e => e.ShipmentId, async (state, e, context, ct) =>
        {
            await context.SendAsync(new CreateShipmentChat(e.ShipmentId, e.CompanyId, $"Shipment {e.Reference}", e.BookedBy), ct);
            return Continue(state with { ChatCreated = true });
        });

        On<ShipmentCancelled>(e => e.ShipmentId, async (state, _, context, ct) =>
        {
            if (state.ChatCreated)
            {
                await context.SendAsync(new MakeChatReadOnly(state.ConversationId), ct);
            }

            return Complete(state);
        });
    }

    public override string Type => "logistics.shipment-chat";

    protected override ShipmentChatSagaState Start(Guid sagaId) => new(sagaId, ChatIds.ShipmentChat(sagaId), ChatCreated: false);
}
