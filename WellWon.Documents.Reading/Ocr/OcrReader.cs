using System.Text;
using WellWon.Documents.Reading.Pages;

namespace WellWon.Documents.Reading.Ocr;

/// <summary>Reads page images with tesseract, and PDFs without a text layer by rendering each page with pdftoppm first.</summary>
public sealed class OcrReader(OcrOptions options)
{
    public OcrOptions Options => options;

    /// <summary>
    /// Reads a PNG, JPEG or TIFF, a multi-page TIFF page by page; <paramref name="dpi"/> is the scan's resolution when the
    /// file does not carry it. Each page is prepared (<see cref="ScanPreprocessing"/>) before tesseract sees it.
    /// </summary>
    public async Task<ReadDocument> ReadImageAsync(string path, int? dpi = null, IProgress<ReadProgress>? progress = null, CancellationToken ct = default)
    {
        var bytes = await File.ReadAllBytesAsync(path, ct);
        var count = PageImages.Count(bytes);
        var directory = Directory.CreateTempSubdirectory("wellwon-ocr-");
        try
        {
            var pages = new List<ReadPage>();
            for (var number = 1; number <= count; number++)
            {
                progress?.Report(new ReadProgress(number, count));
                using var image = PageImages.Decode(bytes, number)
                    ?? throw new ExternalToolFailedException($"Page {number} of {Path.GetFileName(path)} could not be decoded.");
                pages.AddRange(await RecognizePreparedAsync(image, image.Dpi ?? dpi ?? options.Dpi, Path.Combine(directory.FullName, $"page{number}.png"), number, ct));
            }

            return new ReadDocument(pages, ReadSource.Ocr);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Renders every page of a PDF at <see cref="OcrOptions.Dpi"/> and recognises it, one page at a time.</summary>
    public async Task<ReadDocument> ReadScannedPdfAsync(string path, int pageCount, IProgress<ReadProgress>? progress = null, CancellationToken ct = default)
    {
        var directory = Directory.CreateTempSubdirectory("wellwon-ocr-");
        try
        {
            var pages = new List<ReadPage>();
            for (var number = 1; number <= pageCount; number++)
            {
                progress?.Report(new ReadProgress(number, pageCount));
                var prefix = Path.Combine(directory.FullName, $"page{number}");
                var render = await ExternalProcess.RunAsync(
                    options.Pdftoppm,
                    ["-r", options.Dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", "-f", $"{number}", "-l", $"{number}", "-singlefile", path, prefix],
                    "poppler-utils",
                    options.TimeoutPerPage,
                    ct);
                if (render.ExitCode != 0)
                {
                    throw new ExternalToolFailedException($"pdftoppm failed on page {number} ({render.ExitCode}): {render.Errors.Trim()}");
                }

                using var image = PageImages.Decode(await File.ReadAllBytesAsync(prefix + ".png", ct), 1)
                    ?? throw new ExternalToolFailedException($"pdftoppm's rendering of page {number} could not be decoded.");
                pages.AddRange(await RecognizePreparedAsync(image, options.Dpi, prefix + ".prepared.png", number, ct));
            }

            return new ReadDocument(pages, ReadSource.Ocr);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task<IReadOnlyList<ReadPage>> RecognizePreparedAsync(PageImages.PageImage image, int dpi, string path, int number, CancellationToken ct)
    {
        await File.WriteAllBytesAsync(path, ScanPreprocessing.Prepare(image.Bitmap, options.Deskew).Png, ct);
        return await RecognizeAsync(path, dpi, number, ct);
    }

    private async Task<IReadOnlyList<ReadPage>> RecognizeAsync(string imagePath, int dpi, int firstPageNumber, CancellationToken ct)
    {
        var result = await ExternalProcess.RunAsync(
            options.Tesseract,
            [imagePath, "stdout", "-l", options.Languages, "--psm", $"{options.PageSegmentation}", "--dpi", $"{dpi}", "tsv"],
            "tesseract-ocr (with tesseract-ocr-rus and tesseract-ocr-eng)",
            options.TimeoutPerPage,
            ct);
        if (result.ExitCode != 0)
        {
            throw new ExternalToolFailedException($"tesseract failed on {Path.GetFileName(imagePath)} ({result.ExitCode}): {result.Errors.Trim()}");
        }

        var pages = TesseractTsv.Parse(Encoding.UTF8.GetString(result.Output), dpi, firstPageNumber);
        return options.Deskew ? pages.Select(Deskew.Straighten).ToList() : pages;
    }
}
