using System.Net;
using System.Text.Json;
using SkiaSharp;
using WellWon.Documents.Features;

namespace WellWon.Documents.Tests.Reading;

/// <summary>The reading results over HTTP: the extraction, the page images, and who may see them.</summary>
public sealed class ExtractionHttpTests(ReadingFixture fixture) : IClassFixture<ReadingFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_extraction_is_queued_then_answers_fields_with_labels_boxes_and_pages()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        var invoice = fixture.Invoice("rheinland-elektro", 4);
        var id = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(invoice.PdfPath, Ct), "invoice.pdf");
        var queued = await JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK);
        Assert.Equal(("queued", 0), (queued.GetProperty("status").GetString(), queued.GetProperty("fields").GetArrayLength()));

        await fixture.DeliverAsync(id, DocumentReadingHandler.VersionAddedType);

        var x = await JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK);
        Assert.Equal(("extracted", "commercial-invoice", "text-layer"), (x.GetProperty("status").GetString(), x.GetProperty("kind").GetString(), x.GetProperty("source").GetString()));
        Assert.Equal(JsonValueKind.Null, x.GetProperty("review").ValueKind);
        Assert.Equal(JsonValueKind.Null, x.GetProperty("progress").ValueKind);
        Assert.True(x.GetProperty("revision").GetInt32() > 0);
        var page = x.GetProperty("pages")[0];
        Assert.Equal((1, 595.28, 841.89), (page.GetProperty("number").GetInt32(), page.GetProperty("width").GetDouble(), page.GetProperty("height").GetDouble()));
        var number = x.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "invoiceNumber");
        Assert.Equal(("Invoice number", invoice.Truth.Fields["number"]), (number.GetProperty("label").GetString(), number.GetProperty("value").GetString()));
        Assert.True(number.GetProperty("box").GetProperty("width").GetDouble() > 0);
        Assert.Equal(invoice.Truth.Lines.Count, x.GetProperty("lines").GetArrayLength());
        Assert.Contains(x.GetProperty("lines")[0].GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "hsCode");

        // 100 dpi, the page's aspect: an A4 page of 595 × 842 points is about 827 × 1169 pixels.
        var png = await client.GetAsync($"/api/documents/{id}/versions/1/pages/1", Ct);
        Assert.Equal((HttpStatusCode.OK, "image/png"), (png.StatusCode, png.Content.Headers.ContentType?.MediaType));
        using (var bitmap = SKBitmap.Decode(await png.Content.ReadAsByteArrayAsync(Ct)))
        {
            Assert.InRange(bitmap.Width, 820, 835);
            Assert.InRange(bitmap.Height / (double)bitmap.Width, 1.40, 1.43);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/documents/{id}/versions/1/pages/2", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/documents/{id}/versions/2/extraction", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_image_page_is_converted_to_png()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        using var bitmap = new SKBitmap(300, 400);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
        }

        using var jpeg = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Jpeg, 90);
        var id = await ReadingFixture.UploadAsync(client, company, jpeg.ToArray(), "scan.jpg");

        var png = await client.GetAsync($"/api/documents/{id}/versions/1/pages/1", Ct);
        Assert.Equal((HttpStatusCode.OK, "image/png"), (png.StatusCode, png.Content.Headers.ContentType?.MediaType));
        using var decoded = SKBitmap.Decode(await png.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal((300, 400), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task A_read_scan_is_shown_at_100_dpi_of_its_page_not_at_the_scan_s_resolution()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        var invoice = fixture.Invoice("ningbo-huaxin", 9, image: true);
        var scan = await File.ReadAllBytesAsync(invoice.CleanImagePath!, Ct);
        var id = await ReadingFixture.UploadAsync(client, company, scan, "scan.png");
        await fixture.DeliverAsync(id, DocumentReadingHandler.VersionAddedType);

        // The 300 dpi scan of an A4 page (2480 pixels wide) is read as 595 points: the review gets it about 827 pixels wide.
        var x = await JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK);
        Assert.Equal(("extracted", "ocr"), (x.GetProperty("status").GetString(), x.GetProperty("source").GetString()));
        var png = await client.GetAsync($"/api/documents/{id}/versions/1/pages/1", Ct);
        Assert.Equal((HttpStatusCode.OK, "image/png"), (png.StatusCode, png.Content.Headers.ContentType?.MediaType));
        var bytes = await png.Content.ReadAsByteArrayAsync(Ct);
        using var decoded = SKBitmap.Decode(bytes);
        Assert.InRange(decoded.Width, 820, 835);
        Assert.InRange(decoded.Height / (double)decoded.Width, 1.40, 1.43);
        Assert.True(bytes.Length < scan.Length, $"The page image ({bytes.Length} bytes) is larger than the scan itself ({scan.Length} bytes).");
    }

    [Fact]
    public async Task A_multi_page_tiff_is_read_by_ocr_page_by_page_and_each_page_is_shown_as_png()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        var invoice = fixture.Invoice("hansa-maschinenbau", 6, image: true);
        using var first = SKBitmap.Decode(invoice.CleanImagePath!);
        using var second = new SKBitmap(1240, 1754);
        using (var canvas = new SKCanvas(second))
        {
            canvas.Clear(SKColors.White);
        }

        var id = await ReadingFixture.UploadAsync(client, company, TiffPages.Of(first, second), "scan.tif");
        await fixture.DeliverAsync(id, DocumentReadingHandler.VersionAddedType);

        var x = await JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK);
        Assert.Equal(("extracted", "ocr"), (x.GetProperty("status").GetString(), x.GetProperty("source").GetString()));
        Assert.Equal([1, 2], x.GetProperty("pages").EnumerateArray().Select(p => p.GetProperty("number").GetInt32()));
        var number = x.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "invoiceNumber");
        Assert.Equal((invoice.Truth.Fields["number"], 1), (number.GetProperty("value").GetString(), number.GetProperty("page").GetInt32()));

        // Each page as its own picture (the invoice, then the blank sheet), in its proportions and never larger than scanned.
        foreach (var (page, width, height, blank) in new[] { (1, first.Width, first.Height, false), (2, 1240, 1754, true) })
        {
            var png = await client.GetAsync($"/api/documents/{id}/versions/1/pages/{page}", Ct);
            Assert.Equal((HttpStatusCode.OK, "image/png"), (png.StatusCode, png.Content.Headers.ContentType?.MediaType));
            using var decoded = SKBitmap.Decode(await png.Content.ReadAsByteArrayAsync(Ct));
            Assert.InRange(decoded.Width, 1, width);
            Assert.InRange(decoded.Height / (double)decoded.Width, (height / (double)width) - 0.01, (height / (double)width) + 0.01);
            Assert.Equal(blank, decoded.Pixels.All(p => p.Red > 200 && p.Green > 200 && p.Blue > 200));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/documents/{id}/versions/1/pages/3", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_outsider_is_told_the_extraction_page_and_review_do_not_exist()
    {
        var (_, company, client) = await fixture.CompanyAsync();
        var invoice = fixture.Invoice("ningbo-huaxin", 5);
        var id = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(invoice.PdfPath, Ct), "invoice.pdf");
        await fixture.DeliverAsync(id, DocumentReadingHandler.VersionAddedType);
        using var outsider = fixture.Api.ClientFor(Guid.NewGuid());

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/documents/{id}/versions/1/pages/1", Ct)).StatusCode);
        var review = await outsider.PostAsync($"/api/documents/{id}/versions/1/review",
            new StringContent("""{"revision":1,"fields":{},"lines":[]}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, review.StatusCode);
    }

    internal static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
