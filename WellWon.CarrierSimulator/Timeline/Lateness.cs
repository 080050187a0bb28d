using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WellWon.CarrierSimulator.Timeline;

/// <summary>
/// Whether a shipment runs late, on which leg and by how much: a pure function of the seed and the reference, so a restarted
/// simulator replays the same voyage. Two shipments in five run late by 26 to 72 hours, beyond a 24-hour delay threshold.
/// </summary>
public sealed record Lateness(int LegIndex, TimeSpan Delay)
{
    public const int LatePerFive = 2;
    public static readonly TimeSpan MinDelay = TimeSpan.FromHours(26);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(72);

    /// <summary>The lateness of the shipment, or null when it runs on time.</summary>
    public static Lateness? For(string seed, string reference, int legCount)
    {
        // A cryptographic hash only for its stability across processes and platforms (string.GetHashCode is randomised).
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{reference}"), hash);
        if (hash[0] % 5 >= LatePerFive || legCount == 0)
        {
            return null;
        }

        var spanHours = (int)(MaxDelay - MinDelay).TotalHours + 1;
        var hours = MinDelay.TotalHours + (BinaryPrimitives.ReadUInt16LittleEndian(hash[1..]) % spanHours);
        return new Lateness(hash[3] % legCount, TimeSpan.FromHours(hours));
    }
}
