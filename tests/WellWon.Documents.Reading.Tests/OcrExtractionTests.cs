using WellWon.Documents.Reading.Corpus;
using WellWon.Documents.Reading.Extraction;
using WellWon.Documents.Reading.Ocr;
using WellWon.Documents.Reading.Pages;

namespace WellWon.Documents.Reading.Tests;

/// <summary>Real tesseract on a handful of pages: one clean and one degraded scan per language.</summary>
public sealed class OcrExtractionTests(CorpusFolder corpus) : IClassFixture<CorpusFolder>
{
    [Theory]
    [InlineData("en", false, 0.95)]
    [InlineData("ru", false, 0.95)]
    [InlineData("en", true, 0.85)]
    [InlineData("ru", true, 0.85)]
    public async Task Scanned_invoices_are_read_above_the_threshold(string language, bool degraded, double threshold)
    {
        RequireTesseract();
        var generated = corpus.Generator.Generate(
            corpus.Path, $"ocr-{language}-{degraded}", CorpusFolder.Supplier("ningbo-huaxin"), language, DocumentKind.CommercialInvoice,
            new CorpusOptions { CleanImages = !degraded, DegradedImages = degraded }, new Random(11));

        var document = await new DocumentReader().ReadAsync(
            degraded ? generated.DegradedImagePath! : generated.CleanImagePath!, imageDpi: degraded ? 150 : 300, ct: TestContext.Current.CancellationToken);
        var extracted = new InvoiceExtractor().Extract(document);

        Assert.Equal(ReadSource.Ocr, document.Source);
        var expected = generated.Truth.Flatten();
        var actual = extracted.Flatten();
        var right = expected.Count(f => ExtractedDocument.Same(f.Key, f.Value, actual.GetValueOrDefault(f.Key)));
        Assert.True((double)right / expected.Count >= threshold, $"{right} of {expected.Count} fields right; wrong: " +
            string.Join("; ", expected.Where(f => !ExtractedDocument.Same(f.Key, f.Value, actual.GetValueOrDefault(f.Key))).Select(f => $"{f.Key} '{f.Value}' as '{actual.GetValueOrDefault(f.Key)}'")));
    }

    // A tilted 150 dpi scan of a packing list in a full grid (layout B) and an open table (layout A), the rows that needed the page straightened.
    [Theory]
    [InlineData("anatolia-tekstil", "en")]
    [InlineData("ningbo-huaxin", "ru")]
    public async Task Degraded_packing_lists_are_read_above_the_threshold(string supplier, string language)
    {
        RequireTesseract();
        var generated = corpus.Generator.Generate(
            corpus.Path, $"packing-{supplier}-{language}", CorpusFolder.Supplier(supplier), language, DocumentKind.PackingList,
            new CorpusOptions { CleanImages = false, DegradedImages = true }, new Random(21));

        var document = await new DocumentReader().ReadAsync(generated.DegradedImagePath!, imageDpi: 150, ct: TestContext.Current.CancellationToken);
        var expected = generated.Truth.Flatten();
        var actual = new InvoiceExtractor().Extract(document).Flatten();

        var wrong = expected.Where(f => !ExtractedDocument.Same(f.Key, f.Value, actual.GetValueOrDefault(f.Key))).ToList();
        Assert.True((double)(expected.Count - wrong.Count) / expected.Count >= 0.85, $"{wrong.Count} of {expected.Count} fields wrong: " +
            string.Join("; ", wrong.Select(f => $"{f.Key} '{f.Value}' as '{actual.GetValueOrDefault(f.Key)}'")));
    }

    [Fact]
    public async Task A_pdf_without_a_text_layer_is_rendered_and_recognised_page_by_page()
    {
        RequireTesseract();
        var generated = corpus.Generator.Generate(corpus.Path, "scan-pdf", CorpusFolder.Supplier("hansa-maschinenbau"), "en", DocumentKind.CommercialInvoice,
            new CorpusOptions { CleanImages = true, DegradedImages = false }, new Random(12));
        var scanPdf = Path.Combine(corpus.Path, "scan-only.pdf");
        File.WriteAllBytes(scanPdf, ImagePdf.FromPng(File.ReadAllBytes(generated.CleanImagePath!)));
        var reports = new List<ReadProgress>();

        var document = await new DocumentReader().ReadAsync(scanPdf, new Inline(reports.Add), ct: TestContext.Current.CancellationToken);

        Assert.Equal(ReadSource.Ocr, document.Source);
        Assert.Contains(reports, r => r.ToString() == "reading page 1 of 1");
        Assert.Equal(generated.Truth.Fields[FieldNames.Number], new InvoiceExtractor().Extract(document).Field(FieldNames.Number)?.Value);
    }

    private static void RequireTesseract()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "tesseract")));
        Assert.True(found, "tesseract is not on PATH: run ./wellwon test (it installs tesseract-ocr).");
    }

    private sealed class Inline(Action<ReadProgress> report) : IProgress<ReadProgress>
    {
        public void Report(ReadProgress value) => report(value);
    }
}
