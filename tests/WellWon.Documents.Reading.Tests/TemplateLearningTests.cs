using System.Text.Json;
using WellWon.Documents.Reading.Corpus;
using WellWon.Documents.Reading.Extraction;
using WellWon.Documents.Reading.Pages;
using WellWon.Documents.Reading.Templates;

namespace WellWon.Documents.Reading.Tests;

public sealed class TemplateLearningTests(CorpusFolder corpus) : IClassFixture<CorpusFolder>
{
    private static readonly CorpusOptions PdfOnly = new() { CleanImages = false, DegradedImages = false };

    [Fact]
    public void A_field_read_wrong_is_read_right_on_the_suppliers_next_invoice_after_learning()
    {
        var unusual = CorpusFolder.Supplier("guangzhou-lianfa");
        var first = corpus.Generator.Generate(corpus.Path, "lianfa-1", unusual, "en", DocumentKind.CommercialInvoice, PdfOnly, new Random(21));
        var second = corpus.Generator.Generate(corpus.Path, "lianfa-2", unusual, "en", DocumentKind.CommercialInvoice, PdfOnly, new Random(22));
        var firstDocument = PdfTextReader.Read(File.ReadAllBytes(first.PdfPath), ct: TestContext.Current.CancellationToken);
        var secondDocument = PdfTextReader.Read(File.ReadAllBytes(second.PdfPath), ct: TestContext.Current.CancellationToken);

        var before = new InvoiceExtractor().Extract(secondDocument);
        Assert.NotEqual(second.Truth.Fields[FieldNames.Number], before.Field(FieldNames.Number)?.Value);
        Assert.NotEqual(second.Truth.Fields[FieldNames.Seller], before.Field(FieldNames.Seller)?.Value);

        var template = TemplateLearner.Learn(firstDocument, new InvoiceExtractor().Extract(firstDocument), first.Truth.Fields);
        var stored = JsonSerializer.Deserialize(JsonSerializer.Serialize(template, TemplateJson.Default.SupplierTemplate), TemplateJson.Default.SupplierTemplate)!;
        var after = new InvoiceExtractor([stored]).Extract(secondDocument);

        Assert.Equal(second.Truth.Fields[FieldNames.Number], after.Field(FieldNames.Number)?.Value);
        Assert.Equal(second.Truth.Fields[FieldNames.Seller], after.Field(FieldNames.Seller)?.Value);
        Assert.Contains(stored.Hints, h => h.Field == FieldNames.Number && h.Label.StartsWith("Document ID", StringComparison.Ordinal) && h.Pattern is not null);
    }

    [Fact]
    public void A_template_is_not_applied_to_another_suppliers_documents()
    {
        var unusual = CorpusFolder.Supplier("guangzhou-lianfa");
        var first = corpus.Generator.Generate(corpus.Path, "lianfa-3", unusual, "en", DocumentKind.CommercialInvoice, PdfOnly, new Random(23));
        var other = corpus.Generator.Generate(corpus.Path, "huaxin-3", CorpusFolder.Supplier("ningbo-huaxin"), "en", DocumentKind.CommercialInvoice, PdfOnly, new Random(23));
        var firstDocument = PdfTextReader.Read(File.ReadAllBytes(first.PdfPath), ct: TestContext.Current.CancellationToken);
        var template = TemplateLearner.Learn(firstDocument, new InvoiceExtractor().Extract(firstDocument), first.Truth.Fields);

        var extracted = new InvoiceExtractor([template]).Extract(PdfTextReader.Read(File.ReadAllBytes(other.PdfPath), ct: TestContext.Current.CancellationToken));

        Assert.Equal(other.Truth.Fields[FieldNames.Number], extracted.Field(FieldNames.Number)?.Value);
    }
}
