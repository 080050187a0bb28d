using System.Security.Cryptography;
using System.Text;
using WellWon.Web.Api;

namespace WellWon.Web.Logistics;

/// <summary>
/// Finds a shipment's chat in the user's chat list, which names no shipment: the Chat context gives a shipment's chat an id derived
/// from the shipment's (a name-based id, mirrored here) and the title "Shipment {reference}" (the title is the fallback).
/// </summary>
public static class ShipmentChats
{
    // WellWon.Chat's ChatIds.ShipmentChatNamespace.
    private static readonly Guid Namespace = new("6f1c7d2e-4b1a-4c55-9a57-1f3e2d9c0a07");

    public const string Kind = "shipment";

    public static ChatSummary? Find(IEnumerable<ChatSummary> chats, Guid shipmentId, string reference)
    {
        var id = ChatIdOf(shipmentId);
        var title = "Shipment " + reference;
        var list = chats.ToList();
        return list.FirstOrDefault(c => c.Id == id)
            ?? list.FirstOrDefault(c => c.Kind == Kind && string.Equals(c.Title, title, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>SHA-256 over the namespace (big-endian) and the shipment id ("N"), made a version-8 RFC 9562 id.</summary>
    public static Guid ChatIdOf(Guid shipmentId)
    {
        var name = Encoding.UTF8.GetBytes(shipmentId.ToString("N"));
        var input = new byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
