using UglyToad.PdfPig;
using WellWon.Documents.Reading.Pages;

namespace WellWon.Documents.Reading.Pages;

/// <summary>Reads the words of a PDF's text layer with PdfPig (confidence 1) and groups them into lines by their baselines.</summary>
public static class PdfTextReader
{
    public static int CountPages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.NumberOfPages;
    }

    public static ReadDocument Read(byte[] pdf, IProgress<ReadProgress>? progress = null, CancellationToken ct = default)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = new List<ReadPage>();
        foreach (var page in document.GetPages())
        {
            ct.ThrowIfCancellationRequested();
            progress?.Report(new ReadProgress(page.Number, document.NumberOfPages));
            var words = page.GetWords()
                .Where(w => !string.IsNullOrWhiteSpace(w.Text))
                .Select(w => new ReadWord(
                    w.Text,
                    new Box(w.BoundingBox.Left, page.Height - w.BoundingBox.Top, w.BoundingBox.Width, w.BoundingBox.Height),
                    1.0,
                    1,
                    0))
                .ToList();
            pages.Add(new ReadPage(page.Number, page.Width, page.Height, LineGrouping.AssignLines(words)));
        }

        return new ReadDocument(pages, ReadSource.TextLayer);
    }
}
