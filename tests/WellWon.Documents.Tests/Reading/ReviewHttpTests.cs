using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WellWon.Documents.Features;
using WellWon.Documents.Reading.Extraction;

namespace WellWon.Documents.Tests.Reading;

/// <summary>Reviews over HTTP: accepted values kept exactly, stale and bad reviews refused, and corrections teaching the supplier's template.</summary>
public sealed class ReviewHttpTests(ReadingFixture fixture) : IClassFixture<ReadingFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Owner, Guid Company, HttpClient Client, Guid Id, JsonElement Extraction)> ReadInvoiceAsync(string supplier = "ningbo-huaxin", int seed = 7)
    {
        var (owner, company, client) = await fixture.CompanyAsync();
        var invoice = fixture.Invoice(supplier, seed);
        var id = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(invoice.PdfPath, Ct), "invoice.pdf");
        await fixture.DeliverAsync(id, DocumentReadingHandler.VersionAddedType);
        return (owner, company, client, id, await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK));
    }

    [Fact]
    public async Task A_review_stores_exactly_what_was_sent_and_names_the_corrections_and_a_second_one_replaces_it()
    {
        var (owner, _, client, id, x) = await ReadInvoiceAsync();
        var revision = x.GetProperty("revision").GetInt32();
        var fields = new Dictionary<string, string> { ["invoiceNumber"] = "INV-CORRECTED-1", ["currency"] = "USD", ["seller"] = "  Exactly As Typed  " };
        var lines = new[] { new Dictionary<string, string> { ["description"] = "Widget, blue", ["quantity"] = "12.50", ["hsCode"] = "8471300000" } };

        var reviewed = await ExtractionHttpTests.JsonAsync(
            await client.PostAsJsonAsync($"/api/documents/{id}/versions/1/review", new { revision, fields, lines, fill = (object?)null }, Ct), HttpStatusCode.OK);

        var review = reviewed.GetProperty("review");
        Assert.Equal(owner, review.GetProperty("acceptedBy").GetGuid());
        Assert.Equal(fields, review.GetProperty("fields").Deserialize<Dictionary<string, string>>());
        Assert.Equal(lines, review.GetProperty("lines").Deserialize<Dictionary<string, string>[]>());
        Assert.Contains("invoiceNumber", review.GetProperty("corrected").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("lines[0].quantity", review.GetProperty("corrected").EnumerateArray().Select(c => c.GetString()));
        Assert.True(reviewed.GetProperty("revision").GetInt32() > revision);

        var again = await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct);
        Assert.Equal(fields, (await ExtractionHttpTests.JsonAsync(again, HttpStatusCode.OK)).GetProperty("review").GetProperty("fields").Deserialize<Dictionary<string, string>>());

        var second = await ExtractionHttpTests.JsonAsync(await client.PostAsJsonAsync($"/api/documents/{id}/versions/1/review",
            new { revision = reviewed.GetProperty("revision").GetInt32(), fields = new Dictionary<string, string> { ["currency"] = "EUR" }, lines = Array.Empty<object>() }, Ct), HttpStatusCode.OK);
        Assert.Equal(new Dictionary<string, string> { ["currency"] = "EUR" }, second.GetProperty("review").GetProperty("fields").Deserialize<Dictionary<string, string>>());
        Assert.Equal(2, (await fixture.EventsAsync(id)).Count(e => e.EventType == "documents.version-reviewed.v1"));
    }

    [Fact]
    public async Task A_stale_revision_is_409_and_a_value_that_breaks_its_rule_is_400_naming_the_field()
    {
        var (_, _, client, id, x) = await ReadInvoiceAsync(seed: 8);
        var revision = x.GetProperty("revision").GetInt32();

        var stale = await client.PostAsJsonAsync($"/api/documents/{id}/versions/1/review", new { revision = revision - 1, fields = new { }, lines = Array.Empty<object>() }, Ct);
        Assert.Equal("documents.review-stale", (await ExtractionHttpTests.JsonAsync(stale, HttpStatusCode.Conflict)).GetProperty("code").GetString());

        var bad = await client.PostAsJsonAsync($"/api/documents/{id}/versions/1/review", new
        {
            revision,
            fields = new Dictionary<string, string> { ["invoiceDate"] = "25.11.2026", ["currency"] = "usd", ["colour"] = "red" },
            lines = new[] { new Dictionary<string, string> { ["quantity"] = "1,5", ["hsCode"] = "8471" } },
        }, Ct);
        var errors = (await ExtractionHttpTests.JsonAsync(bad, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(
            ["fields.colour", "fields.currency", "fields.invoiceDate", "lines[0].hsCode", "lines[0].quantity"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("yyyy-MM-dd", errors.GetProperty("fields.invoiceDate")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await fixture.EventsAsync(id), e => e.EventType == "documents.version-reviewed.v1");
    }

    [Fact]
    public async Task A_viewer_may_not_accept_and_a_version_not_yet_read_is_422()
    {
        var (owner, company, client, id, x) = await ReadInvoiceAsync(seed: 9);
        var viewer = Guid.NewGuid();
        await fixture.Api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using var viewing = fixture.Api.ClientFor(viewer);
        var body = new { revision = x.GetProperty("revision").GetInt32(), fields = new { }, lines = Array.Empty<object>() };
        Assert.Equal(HttpStatusCode.OK, (await viewing.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewing.PostAsJsonAsync($"/api/documents/{id}/versions/1/review", body, Ct)).StatusCode);

        var unread = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(fixture.Invoice("anatolia-tekstil", 10).PdfPath, Ct), "later.pdf");
        var early = await client.PostAsJsonAsync($"/api/documents/{unread}/versions/1/review", new { revision = 0, fields = new { }, lines = Array.Empty<object>() }, Ct);
        Assert.Equal("documents.not-extracted", (await ExtractionHttpTests.JsonAsync(early, HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_correction_teaches_the_suppliers_template_so_its_next_invoice_is_read_right()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        var first = fixture.Invoice("guangzhou-lianfa", 21);
        var next = fixture.Invoice("guangzhou-lianfa", 22);
        var id = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(first.PdfPath, Ct), "first.pdf");
        await fixture.DeliverAsync(id, DocumentReadingHandler.VersionAddedType);
        var x = await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK);
        Assert.NotEqual(first.Truth.Fields[FieldNames.Number], Value(x, "invoiceNumber"));

        // The member corrects what the reader got wrong: the truth, under the review's names.
        var fields = first.Truth.Fields.ToDictionary(f => ExtractionResults.HeaderName(f.Key), f => f.Value);
        var reviewed = await client.PostAsJsonAsync($"/api/documents/{id}/versions/1/review", new { revision = x.GetProperty("revision").GetInt32(), fields, lines = Array.Empty<object>() }, Ct);
        await ExtractionHttpTests.JsonAsync(reviewed, HttpStatusCode.OK);
        await fixture.DeliverAsync(id, DocumentReadingHandler.ReviewedType);
        Assert.Equal(1, await fixture.Api.CountAsync($"SELECT count(*) FROM documents.supplier_templates WHERE company_id = '{company}'"));

        var nextId = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(next.PdfPath, Ct), "next.pdf");
        await fixture.DeliverAsync(nextId, DocumentReadingHandler.VersionAddedType);
        var y = await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/documents/{nextId}/versions/1/extraction", Ct), HttpStatusCode.OK);
        Assert.Equal(next.Truth.Fields[FieldNames.Number], Value(y, "invoiceNumber"));
        Assert.True(ExtractedDocument.Same(FieldNames.Seller, next.Truth.Fields[FieldNames.Seller], Value(y, "seller")));

        // Another company's reader knows nothing of it.
        var (_, other, otherClient) = await fixture.CompanyAsync();
        var theirs = await ReadingFixture.UploadAsync(otherClient, other, await File.ReadAllBytesAsync(next.PdfPath, Ct), "next.pdf");
        await fixture.DeliverAsync(theirs, DocumentReadingHandler.VersionAddedType);
        var z = await ExtractionHttpTests.JsonAsync(await otherClient.GetAsync($"/api/documents/{theirs}/versions/1/extraction", Ct), HttpStatusCode.OK);
        Assert.NotEqual(next.Truth.Fields[FieldNames.Number], Value(z, "invoiceNumber"));
    }

    private static string? Value(JsonElement extraction, string name) =>
        extraction.GetProperty("fields").EnumerateArray().FirstOrDefault(f => f.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } f
            ? f.GetProperty("value").GetString()
            : null;
}
