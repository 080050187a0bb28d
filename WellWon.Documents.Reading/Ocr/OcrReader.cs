using System.Text;
using WellWon.Documents.Reading.Pages;

namespace WellWon.Documents.Reading.Ocr;

/// <summary>Reads page images with tesseract, and PDFs without a text layer by rendering each page with pdftoppm first.</summary>
public sealed class OcrReader(OcrOptions options)
{
    public OcrOptions Options => options;

    /// <summary>Reads a PNG, JPEG or TIFF; <paramref name="dpi"/> is the scan's resolution when the file does not carry it.</summary>
    public async Task<ReadDocument> ReadImageAsync(string path, int? dpi = null, IProgress<ReadProgress>? progress = null, CancellationToken ct = default)
    {
        progress?.Report(new ReadProgress(1, 1));
        var pages = await RecognizeAsync(path, dpi ?? options.Dpi, 1, ct);
        return new ReadDocument(pages, ReadSource.Ocr);
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

                pages.AddRange(await RecognizeAsync(prefix + ".png", options.Dpi, number, ct));
            }

            return new ReadDocument(pages, ReadSource.Ocr);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
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
