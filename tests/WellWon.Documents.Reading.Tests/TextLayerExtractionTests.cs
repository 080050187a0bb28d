using WellWon.Documents.Reading.Corpus;
using WellWon.Documents.Reading.Extraction;
using WellWon.Documents.Reading.Pages;

namespace WellWon.Documents.Reading.Tests;

public sealed class TextLayerExtractionTests(CorpusFolder corpus) : IClassFixture<CorpusFolder>
{
    private static readonly CorpusOptions PdfOnly = new() { CleanImages = false, DegradedImages = false };

    [Theory]
    [InlineData("ningbo-huaxin", "en", DocumentKind.CommercialInvoice)]
    [InlineData("ningbo-huaxin", "ru", DocumentKind.PackingList)]
    [InlineData("anatolia-tekstil", "ru", DocumentKind.CommercialInvoice)]
    [InlineData("bursa-mobilya", "en", DocumentKind.PackingList)]
    [InlineData("hansa-maschinenbau", "ru", DocumentKind.CommercialInvoice)]
    [InlineData("rheinland-elektro", "en", DocumentKind.CommercialInvoice)]
    [InlineData("rheinland-elektro", "ru", DocumentKind.PackingList)]
    public void Every_field_of_a_text_layer_pdf_matches_the_ground_truth(string supplier, string language, DocumentKind kind)
    {
        for (var seed = 1; seed <= 3; seed++)
        {
            var generated = corpus.Generator.Generate(corpus.Path, $"{supplier}-{language}-{kind}-{seed}", CorpusFolder.Supplier(supplier), language, kind, PdfOnly, new Random(seed));
            var document = PdfTextReader.Read(File.ReadAllBytes(generated.PdfPath), ct: TestContext.Current.CancellationToken);
            var extracted = new InvoiceExtractor().Extract(document);

            Assert.Equal(ReadSource.TextLayer, document.Source);
            Assert.Equal(kind, extracted.Kind);
            var expected = generated.Truth.Flatten();
            var actual = extracted.Flatten();
            var wrong = expected.Where(f => !ExtractedDocument.Same(f.Key, f.Value, actual.GetValueOrDefault(f.Key))).Select(f => $"{f.Key}: '{f.Value}' read as '{actual.GetValueOrDefault(f.Key)}'");
            Assert.Empty(wrong);
        }
    }

    [Fact]
    public void Fields_say_where_they_were_read_and_how_sure()
    {
        var generated = corpus.Generator.Generate(corpus.Path, "boxes", CorpusFolder.Supplier("ningbo-huaxin"), "en", DocumentKind.CommercialInvoice, PdfOnly, new Random(5));
        var extracted = new InvoiceExtractor().Extract(PdfTextReader.Read(File.ReadAllBytes(generated.PdfPath), ct: TestContext.Current.CancellationToken));

        var number = extracted.Field(FieldNames.Number)!;
        Assert.Equal(1, number.Page);
        Assert.Equal(1.0, number.Confidence);
        Assert.InRange(number.Box.X, 330, 500);
        Assert.InRange(number.Box.Y, 80, 100);
    }

    [Fact]
    public async Task Reading_reports_progress_per_page()
    {
        var generated = corpus.Generator.Generate(corpus.Path, "progress", CorpusFolder.Supplier("anatolia-tekstil"), "en", DocumentKind.CommercialInvoice, PdfOnly, new Random(6));
        var reports = new List<string>();
        var progress = new SynchronousProgress(p => reports.Add(p.ToString()));

        await new DocumentReader().ReadAsync(generated.PdfPath, progress, ct: TestContext.Current.CancellationToken);

        Assert.Equal(["reading page 1 of 1"], reports);
    }

    private sealed class SynchronousProgress(Action<ReadProgress> report) : IProgress<ReadProgress>
    {
        public void Report(ReadProgress value) => report(value);
    }
}
