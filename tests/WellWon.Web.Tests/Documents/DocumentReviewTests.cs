using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Web.Components.Pages.Documents;
using WellWon.Web.Tests.Logistics;
using static WellWon.Web.Tests.Documents.DocumentSamples;

namespace WellWon.Web.Tests.Documents;

/// <summary>
/// The review of a read version: the page image with each field's box at its place in % of the page, the fields and lines as a form
/// with their confidence (below 0.8 marked), hovering a field highlights its box (turning the page when needed); Accept sends exactly
/// the form's values with the revision loaded and the fill target, and says where the values went; a stale revision reloads and says
/// why; a refused value shows under its field; a viewer reads only.
/// </summary>
public sealed class DocumentReviewTests : LogisticsTestContext
{
    private static readonly Guid DraftId = Guid.Parse("0196a0c4-9999-7000-8000-0000000000d1");
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private static readonly string[] Corrected = ["invoiceDate", "lines[0].quantity"];
    private static readonly int[] FilledItems = [1, 2, 3];
    private static readonly string Review = $"/api/documents/{InvoiceId}/versions/1/review";

    [Fact]
    public void Each_fields_box_is_drawn_over_the_page_image_at_its_place_in_percent()
    {
        SignIn("member");
        Answer();

        var page = Render<DocumentReview>(p => p.Add(r => r.Id, InvoiceId).Add(r => r.Version, 1));

        page.WaitForAssertion(() => Assert.Equal("data:image/png;base64," + Convert.ToBase64String(Png), page.Find("[data-testid=review-page-image]").GetAttribute("src")));
        var box = page.Find("[data-testid=field-box][data-field=invoiceNumber]").GetAttribute("style")!;
        Assert.Contains("left: 10%; top: 10%; width: 20%; height: 1%", box, StringComparison.Ordinal);
        Assert.Contains("left: 50%; top: 25%; width: 15%; height: 2%", page.Find("[data-testid=field-box][data-field=invoiceDate]").GetAttribute("style")!, StringComparison.Ordinal);
        // The line's box is on page 2: not drawn over page 1.
        Assert.Equal(2, page.FindAll("[data-testid=field-box]").Count);
        Assert.Equal(["false", "true"], page.FindAll("[data-testid=review-field]").Select(f => f.GetAttribute("data-low")).ToArray());
        Assert.Equal("true", page.Find("[data-testid=review-line-field][data-field='lines[0].quantity']").GetAttribute("data-low"));
        Assert.Equal("INV-2026-0042", page.Find("#field-invoiceNumber").GetAttribute("value"));
        Assert.Equal("93 %", page.FindAll("[data-testid=review-confidence]")[0].TextContent.Trim());
    }

    [Fact]
    public void Hovering_a_field_highlights_its_box_and_a_line_on_another_page_turns_to_it()
    {
        SignIn("member");
        Answer();
        var page = Render<DocumentReview>(p => p.Add(r => r.Id, InvoiceId).Add(r => r.Version, 1));
        page.WaitForAssertion(() => page.Find("[data-testid=field-box][data-field=invoiceNumber]"));

        page.Find("[data-testid=review-field][data-field=invoiceDate]").MouseOver();

        Assert.Equal("true", page.Find("[data-testid=field-box][data-field=invoiceDate]").GetAttribute("data-highlighted"));
        Assert.Equal("false", page.Find("[data-testid=field-box][data-field=invoiceNumber]").GetAttribute("data-highlighted"));

        page.Find("[data-testid=review-line-field][data-field='lines[0].description']").FocusIn();

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=review-page-view]").GetAttribute("data-page")));
        Assert.Contains("left: 5%; top: 50%", page.Find("[data-testid=field-box][data-field='lines[0].description']").GetAttribute("style")!, StringComparison.Ordinal);
        Assert.Equal("true", page.Find("[data-testid=field-box][data-field='lines[0].description']").GetAttribute("data-highlighted"));
    }

    [Fact]
    public void Accept_sends_the_edited_values_with_the_revision_and_says_which_goods_items_were_added()
    {
        SignIn("member");
        Answer();
        Api.On(HttpMethod.Post, Review, HttpStatusCode.OK, ToJson(Extraction(4, review: new
        {
            acceptedBy = Me, acceptedAt = "2026-03-02T11:00:00Z",
            fields = new Dictionary<string, string?> { ["invoiceNumber"] = "INV-2026-0042", ["invoiceDate"] = "2026-02-28" },
            lines = new[] { new Dictionary<string, string?> { ["description"] = "Green tea, 20 kg bags", ["quantity"] = "120" } },
            corrected = Corrected,
            filled = new[] { new { kind = "declaration", targetId = DraftId, items = FilledItems } },
        })));
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/documents/{InvoiceId}/versions/1/review?declarationId={DraftId}");
        var page = Render<DocumentReview>(p => p.Add(r => r.Id, InvoiceId).Add(r => r.Version, 1));
        page.WaitForAssertion(() => page.Find("#field-invoiceDate"));

        page.Find("#field-invoiceDate").Change("2026-02-28");
        page.Find("#line-0-quantity").Change("120");
        page.Find("[data-testid=review-accept]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=review-filled]"));
        using var sent = JsonDocument.Parse(Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!);
        var body = sent.RootElement;
        Assert.Equal(3, body.GetProperty("revision").GetInt64());
        Assert.Equal("INV-2026-0042", body.GetProperty("fields").GetProperty("invoiceNumber").GetString());
        Assert.Equal("2026-02-28", body.GetProperty("fields").GetProperty("invoiceDate").GetString());
        var line = Assert.Single(body.GetProperty("lines").EnumerateArray().ToList());
        Assert.Equal("120", line.GetProperty("quantity").GetString());
        Assert.Equal("Green tea, 20 kg bags", line.GetProperty("description").GetString());
        Assert.Equal("declaration", body.GetProperty("fill").GetProperty("kind").GetString());
        Assert.Equal(DraftId, body.GetProperty("fill").GetProperty("targetId").GetGuid());
        Assert.Equal("Declaration 0196a0c4 of 2026-03-02: goods items 1–3 added", page.Find("[data-testid=review-filled] div").TextContent.Trim());
        Assert.Equal($"/customs/{DraftId}", page.Find("[data-testid=review-filled-link]").GetAttribute("href"));
    }

    [Fact]
    public void Lines_offer_the_weights_a_goods_item_needs_and_send_only_those_filled_in()
    {
        SignIn("member");
        Answer();
        Api.On(HttpMethod.Post, Review, HttpStatusCode.OK, ToJson(Extraction(4)));
        var page = Render<DocumentReview>(p => p.Add(r => r.Id, InvoiceId).Add(r => r.Version, 1));
        page.WaitForAssertion(() => page.Find("#line-0-grossWeight"));
        Assert.Contains("Gross kg", page.Find("[data-testid=review-lines] thead").TextContent, StringComparison.Ordinal);

        page.Find("#line-0-grossWeight").Change("2450.5");
        page.Find("[data-testid=review-accept]").Click();

        page.WaitForAssertion(() => Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post));
        using var sent = JsonDocument.Parse(Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!);
        var line = sent.RootElement.GetProperty("lines")[0];
        Assert.Equal("2450.5", line.GetProperty("grossWeight").GetString());
        Assert.False(line.TryGetProperty("netWeight", out _), "a weight the user left empty is not sent");
        Assert.Equal("Green tea, 20 kg bags", line.GetProperty("description").GetString());
    }

    [Fact]
    public void A_stale_revision_reloads_the_form_and_says_why()
    {
        SignIn("member");
        Answer();
        Api.On(HttpMethod.Post, Review, HttpStatusCode.Conflict,
            ToJson(new { title = "Conflict", status = 409, code = "documents.review-stale", detail = "The extraction changed since revision 3." }));
        var page = Render<DocumentReview>(p => p.Add(r => r.Id, InvoiceId).Add(r => r.Version, 1));
        page.WaitForAssertion(() => page.Find("#field-invoiceNumber"));
        page.Find("#field-invoiceNumber").Change("INV-MINE");
        Api.On(HttpMethod.Get, $"/api/documents/{InvoiceId}/versions/1/extraction", HttpStatusCode.OK, ToJson(Extraction(5, invoiceNumber: "INV-2026-0042-A")));

        page.Find("[data-testid=review-accept]").Click();

        page.WaitForAssertion(() => Assert.Contains("changed while you were reviewing", page.Find("[data-testid=review-notice]").TextContent, StringComparison.Ordinal));
        Assert.Equal("INV-2026-0042-A", page.Find("#field-invoiceNumber").GetAttribute("value"));

        Api.On(HttpMethod.Post, Review, HttpStatusCode.OK, ToJson(Extraction(6, invoiceNumber: "INV-2026-0042-A")));
        page.Find("[data-testid=review-accept]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=review-accepted]"));
        using var second = JsonDocument.Parse(Api.Requests.Last(r => r.Method == HttpMethod.Post).Body!);
        Assert.Equal(5, second.RootElement.GetProperty("revision").GetInt64());
    }

    [Fact]
    public void A_refused_value_is_explained_under_its_field()
    {
        SignIn("member");
        Answer();
        Api.On(HttpMethod.Post, Review, HttpStatusCode.BadRequest, ToJson(new
        {
            title = "One or more validation errors occurred.", status = 400,
            errors = new Dictionary<string, string[]>
            {
                ["fields.invoiceDate"] = ["'28.02.2026' is not a date as yyyy-MM-dd."],
                ["lines[0].quantity"] = ["'12O' is not a number."],
            },
        }));
        var page = Render<DocumentReview>(p => p.Add(r => r.Id, InvoiceId).Add(r => r.Version, 1));
        page.WaitForAssertion(() => page.Find("#field-invoiceDate"));
        page.Find("#field-invoiceDate").Change("28.02.2026");

        page.Find("[data-testid=review-accept]").Click();

        page.WaitForAssertion(() => Assert.Contains(
            "'28.02.2026' is not a date as yyyy-MM-dd.", page.Find("[data-testid=review-field][data-field=invoiceDate]").TextContent, StringComparison.Ordinal));
        Assert.Contains("'12O' is not a number.", page.Find("[data-testid=review-line-field][data-field='lines[0].quantity']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=review-accepted]"));
    }

    [Fact]
    public void A_viewer_reads_the_review_but_cannot_accept()
    {
        SignIn("viewer");
        Answer();

        var page = Render<DocumentReview>(p => p.Add(r => r.Id, InvoiceId).Add(r => r.Version, 1));

        page.WaitForAssertion(() => page.Find("[data-testid=review-read-only]"));
        Assert.Empty(page.FindAll("[data-testid=review-accept]"));
        Assert.True(page.Find("#field-invoiceNumber").HasAttribute("readonly"));
        Assert.True(page.Find("#line-0-quantity").HasAttribute("readonly"));
    }

    private void Answer()
    {
        Api.On(HttpMethod.Get, $"/api/documents/{InvoiceId}", HttpStatusCode.OK, ToJson(Details(InvoiceId, CompanyId, "INV-2026-0042", [Version(1)])));
        Api.On(HttpMethod.Get, $"/api/customs/declarations?companyId={CompanyId}&status=draft", HttpStatusCode.OK, ToJson(new[]
        {
            new
            {
                id = DraftId, status = "draft", procedure = "40", customsOffice = (string?)null, declarationDate = "2026-03-02", registrationNumber = (string?)null,
                shipmentId = (Guid?)null, itemCount = 0, customsValueRub = (decimal?)null, payableRub = (decimal?)null,
                createdAt = "2026-03-02T08:00:00Z", updatedAt = "2026-03-02T08:00:00Z",
            },
        }));
        Api.On(HttpMethod.Get, $"/api/documents/{InvoiceId}/versions/1/extraction", HttpStatusCode.OK, ToJson(Extraction(3)));
        foreach (var n in new[] { 1, 2 })
        {
            Api.On(HttpMethod.Get, $"/api/documents/{InvoiceId}/versions/1/pages/{n}", _ => new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(Png) { Headers = { ContentType = new("image/png") } },
            });
        }
    }

    // A4 in points: 595.28 × 841.89; boxes chosen as round fractions of it.
    private static object Extraction(long revision, string invoiceNumber = "INV-2026-0042", object? review = null) => new
    {
        documentId = InvoiceId, version = 1, status = "extracted", progress = (object?)null, failure = (string?)null, kind = "commercial-invoice", source = "text-layer",
        revision,
        pages = new[] { new { number = 1, width = 595.28, height = 841.89 }, new { number = 2, width = 595.28, height = 841.89 } },
        fields = new[]
        {
            Field("invoiceNumber", "Invoice number", invoiceNumber, 0.93, 1, 0.10, 0.10, 0.20, 0.01),
            Field("invoiceDate", "Invoice date", "28.02.2026", 0.62, 1, 0.50, 0.25, 0.15, 0.02),
        },
        lines = new[]
        {
            new
            {
                index = 0,
                fields = new[]
                {
                    Field("description", "Description", "Green tea, 20 kg bags", 0.95, 2, 0.05, 0.50, 0.40, 0.02),
                    Field("quantity", "Quantity", "12O", 0.55, 2, 0.50, 0.50, 0.10, 0.02),
                },
            },
        },
        review,
    };

    private static object Field(string name, string label, string value, double confidence, int page, double x, double y, double w, double h) => new
    {
        name, label, value, confidence, page, box = new { x = x * 595.28, y = y * 841.89, width = w * 595.28, height = h * 841.89 },
    };
}
