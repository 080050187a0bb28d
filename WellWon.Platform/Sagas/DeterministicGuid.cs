using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WellWon.Platform.Sagas;

/// <summary>
/// Name-based ids (RFC 9562 UUIDv8 over SHA-256, the successor of UUIDv5's SHA-1): the same namespace and name always give the
/// same id. A saga step that creates "the chat of company X" under such an id meets the stream it created before on a second
/// delivery (NoStream fails, or the aggregate exists), so repeating the step creates nothing twice.
/// </summary>
public static class DeterministicGuid
{
    public static Guid Create(Guid ns, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    public static Guid Create(Guid ns, Guid name) => Create(ns, name.ToString("N"));

    /// <summary>An id for an unordered pair (a direct conversation of A and B is the one of B and A).</summary>
    public static Guid Create(Guid ns, Guid first, Guid second) =>
        first.CompareTo(second) <= 0 ? Create(ns, $"{first:N}:{second:N}") : Create(ns, $"{second:N}:{first:N}");

    /// <summary>The version nibble of <paramref name="id"/> (8 for ids made here).</summary>
    public static int VersionOf(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]) >> 12;
    }
}
