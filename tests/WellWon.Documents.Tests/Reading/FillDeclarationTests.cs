using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Customs.ReadModel;
using WellWon.Documents.Features;
using WellWon.Platform.Projections;

namespace WellWon.Documents.Tests.Reading;

/// <summary>A reviewed invoice fills a customs declaration: one goods item per accepted line, each naming its source.</summary>
public sealed class FillDeclarationTests(ReadingFixture fixture) : IClassFixture<ReadingFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object[] Lines =
    [
        new Dictionary<string, string>
        {
            ["description"] = "Ball bearings 6204-2RS", ["hsCode"] = "8482109000", ["countryOfOrigin"] = "CN", ["quantity"] = "12000", ["unit"] = "pcs",
            ["amount"] = "12000.50", ["netWeight"] = "1400", ["grossWeight"] = "1500",
        },
        new Dictionary<string, string>
        {
            ["description"] = "Men's cotton T-shirts", ["hsCode"] = "6109100000", ["countryOfOrigin"] = "IN", ["quantity"] = "5000", ["unit"] = "pcs",
            ["amount"] = "4000", ["netWeight"] = "700", ["grossWeight"] = "800",
        },
    ];

    private static async Task<Guid> DeclarationAsync(HttpClient client, Guid company) =>
        (await ExtractionHttpTests.JsonAsync(
            await client.PostAsJsonAsync("/api/customs/declarations", new { companyId = company, procedure = "40" }, Ct), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    [Fact]
    public async Task A_review_with_fill_adds_one_goods_item_per_line_with_its_source_once()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        var id = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(fixture.Invoice("ningbo-huaxin", 31).PdfPath, Ct), "invoice.pdf");
        await fixture.DeliverAsync(id, DocumentReadingHandler.VersionAddedType);
        var x = await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK);
        var declaration = await DeclarationAsync(client, company);

        var reviewed = await ExtractionHttpTests.JsonAsync(await client.PostAsJsonAsync($"/api/documents/{id}/versions/1/review", new
        {
            revision = x.GetProperty("revision").GetInt32(),
            fields = new Dictionary<string, string> { ["currency"] = "USD" },
            lines = Lines,
            fill = new { kind = "declaration", targetId = declaration },
        }, Ct), HttpStatusCode.OK);

        var filled = Assert.Single(reviewed.GetProperty("review").GetProperty("filled").EnumerateArray());
        Assert.Equal(("declaration", declaration), (filled.GetProperty("kind").GetString(), filled.GetProperty("targetId").GetGuid()));
        Assert.Equal([1, 2], filled.GetProperty("items").EnumerateArray().Select(i => i.GetInt32()));

        var items = (await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/customs/declarations/{declaration}", Ct), HttpStatusCode.OK)).GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal(("8482109000", "CN", 12000m, 1400m, 1500m), (items[0].GetProperty("hsCode").GetString(), items[0].GetProperty("origin").GetString(),
            items[0].GetProperty("quantity").GetDecimal(), items[0].GetProperty("netKg").GetDecimal(), items[0].GetProperty("grossKg").GetDecimal()));
        Assert.Equal((12000.50m, "USD"), (items[0].GetProperty("invoicePrice").GetProperty("amount").GetDecimal(), items[0].GetProperty("invoicePrice").GetProperty("currency").GetString()));
        var source = items[1].GetProperty("source");
        Assert.Equal((id, 1, 1), (source.GetProperty("documentId").GetGuid(), source.GetProperty("version").GetInt32(), source.GetProperty("line").GetInt32()));

        // Filling again through Customs' own endpoint finds the lines already there.
        var again = await ExtractionHttpTests.JsonAsync(
            await client.PostAsJsonAsync($"/api/customs/declarations/{declaration}/items/from-document", new { documentId = id, version = 1 }, Ct), HttpStatusCode.OK);
        Assert.Equal([1, 2], again.GetProperty("items").EnumerateArray().Select(i => i.GetInt32()));
        var after = (await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/customs/declarations/{declaration}", Ct), HttpStatusCode.OK)).GetProperty("items");
        Assert.Equal(2, after.GetArrayLength());
    }

    [Fact]
    public async Task Erasing_the_document_erases_customs_copy_of_its_lines_and_the_goods_items_keep_their_values()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        var id = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(fixture.Invoice("bursa-mobilya", 33).PdfPath, Ct), "invoice.pdf");
        await fixture.DeliverAsync(id, DocumentReadingHandler.VersionAddedType);
        var x = await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK);
        var declaration = await DeclarationAsync(client, company);
        await ExtractionHttpTests.JsonAsync(await client.PostAsJsonAsync($"/api/documents/{id}/versions/1/review", new
        {
            revision = x.GetProperty("revision").GetInt32(), fields = new Dictionary<string, string> { ["currency"] = "USD" }, lines = Lines,
            fill = new { kind = "declaration", targetId = declaration },
        }, Ct), HttpStatusCode.OK);
        var lines = fixture.Api.Services.GetRequiredService<DocumentLinesReader>();
        Assert.NotNull(await lines.GetAsync(id, 1, Ct));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/documents/{id}", Ct)).StatusCode);

        // Customs' copy is gone at once (its projection runs with the erasure) and stays gone when the review is delivered again.
        Assert.Null(await lines.GetAsync(id, 1, Ct));
        var projection = fixture.Api.Services.GetServices<IProjection>().OfType<DocumentLinesProjection>().Single();
        foreach (var e in await fixture.EventsAsync(id))
        {
            await projection.ApplyAsync(e, Ct);
        }

        Assert.Null(await lines.GetAsync(id, 1, Ct));
        await using (var raw = fixture.Api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            $"SELECT count(*) FROM {DocumentLinesProjection.LiveTable} WHERE document_id = $1 AND (jsonb_typeof(lines) <> 'null' OR currency IS NOT NULL)"))
        {
            raw.Parameters.Add(new NpgsqlParameter { Value = id });
            Assert.Equal(0L, (long)(await raw.ExecuteScalarAsync(Ct))!);
        }

        // The declaration's goods items keep the values they were filled with and their source's identifiers.
        var items = (await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/customs/declarations/{declaration}", Ct), HttpStatusCode.OK)).GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal(("8482109000", 12000m), (items[0].GetProperty("hsCode").GetString(), items[0].GetProperty("quantity").GetDecimal()));
        Assert.Equal((id, 1, 0), (items[0].GetProperty("source").GetProperty("documentId").GetGuid(), items[0].GetProperty("source").GetProperty("version").GetInt32(),
            items[0].GetProperty("source").GetProperty("line").GetInt32()));

        // Filling again from the erased document finds nothing to fill from.
        var again = await client.PostAsJsonAsync($"/api/customs/declarations/{declaration}/items/from-document", new { documentId = id, version = 1 }, Ct);
        Assert.Equal("customs.document-not-found", (await ExtractionHttpTests.JsonAsync(again, HttpStatusCode.NotFound)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Another_companys_declaration_or_document_is_404()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        var id = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(fixture.Invoice("anatolia-tekstil", 32).PdfPath, Ct), "invoice.pdf");
        await fixture.DeliverAsync(id, DocumentReadingHandler.VersionAddedType);
        var x = await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK);
        var (_, other, otherClient) = await fixture.CompanyAsync();
        var theirs = await DeclarationAsync(otherClient, other);

        var review = await client.PostAsJsonAsync($"/api/documents/{id}/versions/1/review", new
        {
            revision = x.GetProperty("revision").GetInt32(), fields = new Dictionary<string, string> { ["currency"] = "USD" }, lines = Lines,
            fill = new { kind = "declaration", targetId = theirs },
        }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, review.StatusCode);

        // The other company's member cannot pull this company's reviewed lines into their own declaration.
        var pulled = await otherClient.PostAsJsonAsync($"/api/customs/declarations/{theirs}/items/from-document", new { documentId = id, version = 1 }, Ct);
        Assert.Equal("customs.document-not-found", (await ExtractionHttpTests.JsonAsync(pulled, HttpStatusCode.NotFound)).GetProperty("code").GetString());
    }
}
