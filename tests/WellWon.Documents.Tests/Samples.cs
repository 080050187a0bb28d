using System.IO.Compression;
using System.Text;

namespace WellWon.Documents.Tests;

/// <summary>Small real files of each kind, made in memory.</summary>
public static class Samples
{
    public static byte[] Pdf(string text = "Invoice INV-2026-118") => Encoding.ASCII.GetBytes(
        $"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% {text} {Guid.NewGuid()}\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    public static byte[] Png() =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
        .. Guid.NewGuid().ToByteArray(),
    ];

    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, .. Guid.NewGuid().ToByteArray(), 0xFF, 0xD9];

    /// <summary>A ZIP whose first part is <paramref name="part"/> (an OOXML package when under word/ or xl/).</summary>
    public static byte[] Office(string part)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry(part).Open());
            writer.Write("<xml/>");
        }

        return memory.ToArray();
    }

    /// <summary>Deterministic pseudo-random bytes (the same seed gives the same content).</summary>
    public static byte[] Random(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
