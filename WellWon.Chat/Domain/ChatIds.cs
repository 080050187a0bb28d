using WellWon.Chat.Contracts;
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
    private static readonly Guid BridgedMessageNamespace = new("6f1c7d2e-4b1a-4c55-9a57-1f3e2d9c0a04");
    private static readonly Guid ExternalAuthorNamespace = new("6f1c7d2e-4b1a-4c55-9a57-1f3e2d9c0a05");
    private static readonly Guid TelegramChatNamespace = new("6f1c7d2e-4b1a-4c55-9a57-1f3e2d9c0a06");
    private static readonly Guid ShipmentChatNamespace = new("6f1c7d2e-4b1a-4c55-9a57-1f3e2d9c0a07");

    public static Guid CompanyChat(Guid companyId) => DeterministicGuid.Create(CompanyChatNamespace, companyId);

    public static Guid ShipmentChat(Guid shipmentId) => DeterministicGuid.Create(ShipmentChatNamespace, shipmentId);

    public static Guid DirectChat(Guid userId, Guid otherUserId) => DeterministicGuid.Create(DirectChatNamespace, userId, otherUserId);

    public static Guid ReadMarker(Guid conversationId, Guid userId) => DeterministicGuid.Create(ReadMarkerNamespace, $"{conversationId:N}:{userId:N}");

    /// <summary>The message an outside message became: delivered again, it names the stream that already exists.</summary>
    public static Guid BridgedMessage(MessageOrigin origin) => DeterministicGuid.Create(BridgedMessageNamespace, $"{origin.Source}:{origin.ChatId}:{origin.MessageId}");

    /// <summary>The author id an outside sender writes under: the same person always has the same one, and it is nobody's user id.</summary>
    public static Guid ExternalAuthor(MessageOrigin origin) => DeterministicGuid.Create(ExternalAuthorNamespace, $"{origin.Source}:{origin.SenderId}");

    /// <summary>The claim on one Telegram group (<see cref="Domain.TelegramChatClaim"/>).</summary>
    public static Guid TelegramChatClaim(long telegramChatId) => DeterministicGuid.Create(TelegramChatNamespace, telegramChatId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
