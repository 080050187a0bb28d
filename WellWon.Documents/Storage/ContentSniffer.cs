using System.Text;

namespace WellWon.Documents.Storage;

/// <summary>A type WellWon accepts, recognised by its bytes, with the file-name extensions that belong to it.</summary>
public sealed record SniffedType(string MediaType, string Name, IReadOnlyList<string> Extensions);

/// <summary>
/// Recognises uploads by their first bytes, never by their name: PDF, PNG, JPEG, TIFF, WebP, and Word (DOCX) or Excel (XLSX)
/// packages (a ZIP whose entries are under <c>word/</c> or <c>xl/</c>). <see cref="Window"/> bytes are enough to decide.
/// </summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes the sniffer looks at (an OOXML package names its parts in the first local headers).</summary>
    public const int Window = 64 * 1024;

    public static readonly SniffedType Pdf = new("application/pdf", "PDF", [".pdf"]);
    public static readonly SniffedType Png = new("image/png", "PNG", [".png"]);
    public static readonly SniffedType Jpeg = new("image/jpeg", "JPEG", [".jpg", ".jpeg", ".jpe", ".jfif"]);
    public static readonly SniffedType Tiff = new("image/tiff", "TIFF", [".tif", ".tiff"]);
    public static readonly SniffedType WebP = new("image/webp", "WebP", [".webp"]);
    public static readonly SniffedType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)", [".docx"]);
    public static readonly SniffedType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)", [".xlsx"]);

    public static readonly IReadOnlyList<SniffedType> Accepted = [Pdf, Png, Jpeg, Tiff, WebP, Docx, Xlsx];

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> TiffLittleEndian => [0x49, 0x49, 0x2A, 0x00];

    private static ReadOnlySpan<byte> TiffBigEndian => [0x4D, 0x4D, 0x00, 0x2A];

    private static ReadOnlySpan<byte> ZipLocalHeader => [0x50, 0x4B, 0x03, 0x04];

    /// <summary>The accepted type the bytes are, or null.</summary>
    public static SniffedType? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (head.StartsWith(PngMagic))
        {
            return Png;
        }

        if (head.StartsWith(JpegMagic))
        {
            return Jpeg;
        }

        if (head.StartsWith(TiffLittleEndian) || head.StartsWith(TiffBigEndian))
        {
            return Tiff;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP;
        }

        return head.StartsWith(ZipLocalHeader) ? OfficePackage(head) : null;
    }

    /// <summary>The type a file name's extension claims, when it is one of the accepted types' extensions.</summary>
    public static SniffedType? ClaimedBy(string? fileName)
    {
        var extension = Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant();
        return extension.Length == 0 ? null : Accepted.FirstOrDefault(t => t.Extensions.Contains(extension));
    }

    /// <summary>
    /// The name a download carries: the uploaded name when its extension belongs to the sniffed type, else that name with the type's
    /// extension added (so a PDF uploaded as "scan.exe" is saved as "scan.exe.pdf"); path parts and control characters removed.
    /// </summary>
    public static string SafeFileName(string? fileName, SniffedType type)
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c) && c != '"')]).Trim();
        if (name.Length == 0)
        {
            name = "document";
        }

        if (name.Length > 150)
        {
            name = name[..150];
        }

        return type.Extensions.Contains(Path.GetExtension(name).ToLowerInvariant()) ? name : name + type.Extensions[0];
    }

    public static SniffedType? ByMediaType(string mediaType) => Accepted.FirstOrDefault(t => t.MediaType == mediaType);

    // Walks the ZIP's local file headers in the window: a part under word/ or xl/ names the package.
    private static SniffedType? OfficePackage(ReadOnlySpan<byte> head)
    {
        var offset = 0;
        while (offset + 30 <= head.Length && head[offset..].StartsWith(ZipLocalHeader))
        {
            var flags = BitConverter.ToUInt16(head.Slice(offset + 6, 2));
            var compressed = BitConverter.ToUInt32(head.Slice(offset + 18, 4));
            var nameLength = BitConverter.ToUInt16(head.Slice(offset + 26, 2));
            var extraLength = BitConverter.ToUInt16(head.Slice(offset + 28, 2));
            if (offset + 30 + nameLength > head.Length)
            {
                return null;
            }

            var name = Encoding.UTF8.GetString(head.Slice(offset + 30, nameLength));
            if (name.StartsWith("word/", StringComparison.Ordinal))
            {
                return Docx;
            }

            if (name.StartsWith("xl/", StringComparison.Ordinal))
            {
                return Xlsx;
            }

            // A data descriptor (flag bit 3) leaves the size unknown here: the next header cannot be found without inflating.
            if ((flags & 0x08) != 0)
            {
                return null;
            }

            offset += 30 + nameLength + extraLength + (int)compressed;
        }

        return null;
    }
}
