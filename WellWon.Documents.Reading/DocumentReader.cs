using WellWon.Documents.Reading.Ocr;
using WellWon.Documents.Reading.Pages;

namespace WellWon.Documents.Reading;

/// <summary>
/// Reads any uploaded document into words with boxes: a PDF's text layer when it has one, OCR of its rendered pages when it
/// has none, and OCR for PNG, JPEG and TIFF images. The kind is told by the file's first bytes, not its name.
/// </summary>
public sealed class DocumentReader(OcrOptions? ocrOptions = null)
{
    // A PDF whose text layer has fewer words than this per page is a scan with, at most, a stamp or a page number in text.
    private const int MinimumTextLayerWordsPerPage = 8;

    private readonly OcrReader _ocr = new(ocrOptions ?? new OcrOptions());

    public async Task<ReadDocument> ReadAsync(string path, IProgress<ReadProgress>? progress = null, int? imageDpi = null, CancellationToken ct = default)
    {
        var bytes = await File.ReadAllBytesAsync(path, ct);
        switch (Sniff(bytes))
        {
            case FileKind.Pdf:
                var text = PdfTextReader.Read(bytes, progress, ct);
                return text.Pages.Count > 0 && text.Pages.Average(p => p.Words.Count) >= MinimumTextLayerWordsPerPage
                    ? text
                    : await _ocr.ReadScannedPdfAsync(path, text.Pages.Count, progress, ct);
            case FileKind.Image:
                return await _ocr.ReadImageAsync(path, imageDpi, progress, ct);
            default:
                throw new NotSupportedException($"{Path.GetFileName(path)} is neither a PDF nor a PNG, JPEG or TIFF image.");
        }
    }

    private enum FileKind
    {
        Unknown,
        Pdf,
        Image,
    }

    private static FileKind Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0x25, 0x50, 0x44, 0x46, ..] => FileKind.Pdf,                          // %PDF
        [0x89, 0x50, 0x4E, 0x47, ..] => FileKind.Image,                        // PNG
        [0xFF, 0xD8, 0xFF, ..] => FileKind.Image,                              // JPEG
        [0x49, 0x49, 0x2A, 0x00, ..] or [0x4D, 0x4D, 0x00, 0x2A, ..] => FileKind.Image, // TIFF
        _ => FileKind.Unknown,
    };
}
