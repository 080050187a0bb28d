using WellWon.Platform.Sagas;

namespace WellWon.Chat.Domain;

/// <summary>
/// Ids that follow from what a conversation is for, so "create it" is naturally idempotent: the chat of company X or of shipment S, the direct chat
/// of A and B, and B's read position in chat C are always the same stream, whoever creates them and however often.
/// </summary>
public static class ChatIds
{
    private static readonly Guid CompanyChatNamespace = new("6f1c7d2e-4b1a-4c55-9a57-1f3e2d9c0a01");
    private static readonly Guid DirectChatNamespace = new("6f1c7d2e-4b1a-4c55-9a57-1f3e2d9c0a02");
    private static readonly Guid ReadMarkerNamespace = new("6f1c7d2e-4b1a-4c55-9a57-1f3e2d9c0a03");
    private static readonly Guid ShipmentChatNamespace = new("6f1c7d2e-4b1a-4c55-9a57-1f3e2d9c0a04");

    public static Guid CompanyChat(Guid companyId) => DeterministicGuid.Create(CompanyChatNamespace, companyId);

    public static Guid ShipmentChat(Guid shipmentId) => DeterministicGuid.Create(ShipmentChatNamespace, shipmentId);

    public static Guid DirectChat(Guid userId, Guid otherUserId) => DeterministicGuid.Create(DirectChatNamespace, userId, otherUserId);

    public static Guid ReadMarker(Guid conversationId, Guid userId) => DeterministicGuid.Create(ReadMarkerNamespace, $"{conversationId:N}:{userId:N}");
}
