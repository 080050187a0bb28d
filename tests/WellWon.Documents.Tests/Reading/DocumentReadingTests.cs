using WellWon.Documents.Contracts;
using WellWon.Documents.Features;
using WellWon.Documents.Reading.Extraction;

namespace WellWon.Documents.Tests.Reading;

/// <summary>The reader on real uploads: a generated invoice read to its ground truth, progress, failures with a reason, redelivery.</summary>
public sealed class DocumentReadingTests(ReadingFixture fixture) : IClassFixture<ReadingFixture>
{
    private static readonly string Added = DocumentReadingHandler.VersionAddedType;

    [Fact]
    public async Task An_uploaded_invoice_pdf_is_read_to_its_ground_truth_reporting_its_page()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        var invoice = fixture.Invoice("ningbo-huaxin", 1);
        var id = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(invoice.PdfPath, TestContext.Current.CancellationToken), "invoice.pdf");

        await fixture.DeliverAsync(id, Added);

        var version = (await fixture.StateAsync(id)).Version(1)!;
        Assert.Equal(ProcessingStatuses.Extracted, version.Status);
        var result = version.Extraction!;
        Assert.Equal((DocumentTypes.CommercialInvoice, ExtractionSources.TextLayer), (result.Kind, result.Source));
        Assert.Equal([1], result.Pages.Select(p => p.Number));
        AssertMatchesTruth(invoice.Truth.Fields, invoice.Truth.Lines, result);
        Assert.All(result.Fields, f => Assert.True(f.Page == 1 && f.Box is { Width: > 0 } && f.Confidence > 0.5, f.Name));

        var events = await fixture.EventsAsync(id);
        var reading = events.Where(e => e.EventType == "documents.version-reading.v1").Select(e => (e.Data.GetProperty("page").GetInt32(), e.Data.GetProperty("pages").GetInt32()));
        Assert.Equal([(1, 1)], reading);
        Assert.Equal(["documents.version-extraction-recorded.v1", "documents.version-extracted.v1"], events.TakeLast(2).Select(e => e.EventType));
    }

    [Fact]
    public async Task A_redelivered_version_added_changes_nothing_once_the_version_is_read()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        var invoice = fixture.Invoice("anatolia-tekstil", 2);
        var id = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(invoice.PdfPath, TestContext.Current.CancellationToken), "invoice.pdf");
        await fixture.DeliverAsync(id, Added);
        var before = (await fixture.EventsAsync(id)).Count;

        await fixture.DeliverAsync(id, Added);
        await fixture.DeliverAsync(id, Added);

        Assert.Equal(before, (await fixture.EventsAsync(id)).Count);
    }

    [Fact]
    public async Task A_corrupt_pdf_fails_with_a_reason_and_is_not_read_again()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        byte[] corrupt = [.. "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"u8, .. Enumerable.Repeat((byte)'x', 500), .. "\n%%EO"u8];
        var id = await ReadingFixture.UploadAsync(client, company, corrupt, "broken.pdf");

        await fixture.DeliverAsync(id, Added);
        var version = (await fixture.StateAsync(id)).Version(1)!;
        Assert.Equal(ProcessingStatuses.Failed, version.Status);
        Assert.StartsWith("unsupported content", version.FailureReason, StringComparison.Ordinal);

        var count = (await fixture.EventsAsync(id)).Count;
        await fixture.DeliverAsync(id, Added);
        Assert.Equal(count, (await fixture.EventsAsync(id)).Count);
    }

    [Fact]
    public async Task A_scanned_invoice_is_read_by_tesseract()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        var invoice = fixture.Invoice("ningbo-huaxin", 3, image: true);
        var id = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(invoice.CleanImagePath!, TestContext.Current.CancellationToken), "scan.png");

        await fixture.DeliverAsync(id, Added);

        var version = (await fixture.StateAsync(id)).Version(1)!;
        Assert.Equal((ProcessingStatuses.Extracted, ExtractionSources.Ocr), (version.Status, version.Extraction?.Source));
        Assert.Equal(invoice.Truth.Fields[FieldNames.Number], version.Extraction!.Fields.Single(f => f.Name == ExtractionFields.InvoiceNumber).Value);
        Assert.Equal(invoice.Truth.Fields[FieldNames.TotalAmount], version.Extraction.Fields.Single(f => f.Name == ExtractionFields.TotalAmount).Value);
    }

    internal static void AssertMatchesTruth(IReadOnlyDictionary<string, string> fields, IReadOnlyList<IReadOnlyDictionary<string, string>> lines, ExtractionResult result)
    {
        var wrong = new List<string>();
        foreach (var (name, expected) in fields)
        {
            var actual = result.Fields.FirstOrDefault(f => f.Name == ExtractionResults.HeaderName(name))?.Value;
            if (!ExtractedDocument.Same(name, expected, actual))
            {
                wrong.Add($"{name}: '{expected}' read as '{actual}'");
            }
        }

        Assert.Equal(lines.Count, result.Lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            foreach (var (name, expected) in lines[i])
            {
                var actual = result.Lines[i].FirstOrDefault(f => f.Name == ExtractionResults.LineName(name))?.Value;
                if (!ExtractedDocument.Same($"line[{i}].{name}", expected, actual))
                {
                    wrong.Add($"line[{i}].{name}: '{expected}' read as '{actual}'");
                }
            }
        }

        Assert.Empty(wrong);
    }
}
