using System.Net;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor.Extensions;
using WellWon.Web.Components.Pages.Documents;
using WellWon.Web.Tests.Logistics;
using static WellWon.Web.Tests.Documents.DocumentSamples;
using static WellWon.Web.Tests.Logistics.ShipmentSamples;

namespace WellWon.Web.Tests.Documents;

/// <summary>
/// The company's documents with type, versions, reading status and links; filters go to the Api; several files dropped at once each
/// upload with the type guessed from their name (or chosen) and show their own outcome — new, duplicate naming the document that
/// holds it, refused with the Api's reason; a reading status moves live with the hub's document changes; viewers upload nothing.
/// </summary>
public sealed class DocumentListTests : LogisticsTestContext
{
    private static readonly Guid DeclarationId = Guid.Parse("0196a0c4-9999-7000-8000-000000000001");

    [Fact]
    public void The_list_shows_each_documents_type_status_and_links()
    {
        SignIn("member");
        Answer();

        var page = Render<DocumentList>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=document-link]").Count));
        Assert.Equal(["Commercial invoice", "Packing list"], page.FindAll("[data-testid=document-type]").Select(c => c.TextContent).ToArray());
        Assert.Equal(["extracted", "queued"], page.FindAll("#document-list [data-testid=document-status]").Select(c => c.GetAttribute("data-status")).ToArray());
        var shipment = page.Find("[data-testid=document-shipment-link]");
        Assert.Equal(("WW-2026-000042", $"/shipments/{ShipmentId}"), (shipment.TextContent, shipment.GetAttribute("href")));
        var declaration = page.Find("[data-testid=document-declaration-link]");
        Assert.Equal(("10702070/141125/0000123", $"/customs/{DeclarationId}"), (declaration.TextContent, declaration.GetAttribute("href")));
        Assert.NotEmpty(page.FindAll("[data-testid=document-drop-zone]"));
    }

    [Fact]
    public void A_reading_status_moves_live_with_the_hubs_document_changes()
    {
        SignIn("member");
        Answer();
        var page = Render<DocumentList>(p => p.Add(l => l.RefreshDelay, TimeSpan.FromMilliseconds(10)));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=document-link]").Count));
        Assert.Contains(Live.Joined, g => g == $"company:{CompanyId}");

        Api.On(HttpMethod.Get, $"/api/documents?companyId={CompanyId}", HttpStatusCode.OK, ToJson(new[]
        {
            Summary(InvoiceId, "commercial-invoice", "INV-2026-0042", "extracted", [ShipmentId], [DeclarationId]),
            Summary(PackingListId, "packing-list", "PL-2026-0042", "reading"),
        }));
        Api.On(HttpMethod.Get, $"/api/documents/{PackingListId}", HttpStatusCode.OK,
            ToJson(Details(PackingListId, CompanyId, "PL-2026-0042", [Version(1, "reading", 2, 5)], type: "packing-list")));
        Live.Push($"company:{CompanyId}", "document", PackingListId.ToString(), 4, "reading");

        page.WaitForAssertion(() => Assert.Equal("Reading page 2 of 5", page.Find($"[data-id='{PackingListId}'] [data-testid=document-status]").TextContent.Trim()));

        Api.On(HttpMethod.Get, $"/api/documents/{PackingListId}", HttpStatusCode.OK,
            ToJson(Details(PackingListId, CompanyId, "PL-2026-0042", [Version(1, "reading", 3, 5)], type: "packing-list")));
        Live.Push($"company:{CompanyId}", "document", PackingListId.ToString(), 5, "reading");

        page.WaitForAssertion(() => Assert.Equal("Reading page 3 of 5", page.Find($"[data-id='{PackingListId}'] [data-testid=document-status]").TextContent.Trim()));
    }

    [Fact]
    public void A_filter_asks_the_Api_for_that_type_only()
    {
        SignIn("member");
        Answer();
        Api.On(HttpMethod.Get, $"/api/documents?companyId={CompanyId}&type=packing-list&shipmentId={ShipmentId}", HttpStatusCode.OK, ToJson(new[]
        {
            Summary(PackingListId, "packing-list", "PL-2026-0042", "queued", [ShipmentId]),
        }));
        var page = Render<DocumentList>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=document-link]").Count));

        var type = page.FindComponent<MudBlazor.MudSelect<string>>();
        page.InvokeAsync(() => type.Instance.ValueChanged.InvokeAsync("packing-list"));
        var shipment = page.FindComponent<MudBlazor.MudSelect<Guid?>>();
        page.InvokeAsync(() => shipment.Instance.ValueChanged.InvokeAsync(ShipmentId));

        page.WaitForAssertion(() => Assert.Equal(["PL-2026-0042"], page.FindAll("[data-testid=document-link]").Select(l => l.TextContent).ToArray()));
    }

    [Fact]
    public void Several_dropped_files_upload_each_with_its_type_and_outcome()
    {
        SignIn("member");
        Answer();
        Api.On(HttpMethod.Get, $"/api/documents/{InvoiceId}", HttpStatusCode.OK, ToJson(Details(InvoiceId, CompanyId, "INV-2026-0042", [Version(1)])));
        var newId = Guid.NewGuid();
        Api.On(HttpMethod.Post, "/api/documents", _ =>
        {
            var body = Api.Requests.Last(r => r.Method == HttpMethod.Post).Body!;
            return body.Contains("INV-2026-0042.pdf", StringComparison.Ordinal)
                ? Reply(HttpStatusCode.Created, new { documentId = newId, version = 1, duplicate = false, sha256 = "ab", size = 9, mediaType = "application/pdf", fileName = "INV-2026-0042.pdf" })
                : body.Contains("copy-of-invoice.pdf", StringComparison.Ordinal)
                ? Reply(HttpStatusCode.OK, new { documentId = InvoiceId, version = 1, duplicate = true, sha256 = "ab", size = 9, mediaType = "application/pdf", fileName = "copy-of-invoice.pdf" })
                : Reply(HttpStatusCode.UnsupportedMediaType, new
                {
                    title = "The request was refused", status = 415, code = "documents.content-type-not-allowed",
                    detail = "Only PDF, PNG, JPEG, TIFF, WebP, Word and Excel files are accepted.",
                });
        });
        var page = Render<DocumentList>();
        page.WaitForAssertion(() => page.Find("[data-testid=document-drop-zone]"));

        page.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("%PDF-1.7 invoice", "INV-2026-0042.pdf", contentType: "application/pdf"),
            InputFileContent.CreateFromText("%PDF-1.7 invoice", "copy-of-invoice.pdf", contentType: "application/pdf"),
            InputFileContent.CreateFromText("MZ", "packing-tool.exe", contentType: "application/octet-stream"));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=document-upload]").Count));
        // The third is guessed a packing list from its name; the user makes it "other".
        var types = page.FindComponents<MudBlazor.MudSelect<string>>()
            .Where(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && Equals(id, "document-upload-type")).ToList();
        Assert.Equal(["commercial-invoice", "commercial-invoice", "packing-list"], types.Select(t => t.Instance.GetState(x => x.Value)).ToArray());
        page.InvokeAsync(() => types[2].Instance.ValueChanged.InvokeAsync("other"));
        page.Find("[data-testid=document-upload-start]").Click();

        page.WaitForAssertion(() => Assert.Equal(
            ["Uploaded", "Duplicate", "Refused"], page.FindAll("[data-testid=document-upload]").Select(r => r.GetAttribute("data-state")).ToArray()));
        var outcomes = page.FindAll("[data-testid=document-upload-outcome]").Select(o => o.TextContent.Trim()).ToArray();
        Assert.StartsWith("Uploaded as version 1", outcomes[0], StringComparison.Ordinal);
        Assert.Equal("Already uploaded as INV-2026-0042, version 1", outcomes[1]);
        Assert.Equal("Only PDF, PNG, JPEG, TIFF, WebP, Word and Excel files are accepted.", outcomes[2]);
        var posts = Api.Requests.Where(r => r.Method == HttpMethod.Post).Select(r => r.Body!).ToArray();
        Assert.Equal(3, posts.Length);
        Assert.All(posts, b => Assert.Contains(CompanyId.ToString(), b, StringComparison.Ordinal));
        Assert.Contains("commercial-invoice", posts[0], StringComparison.Ordinal);
        Assert.Contains("other", posts[2], StringComparison.Ordinal);
        Assert.DoesNotContain("packing-list", posts[2], StringComparison.Ordinal);
        Assert.Equal(3, page.FindAll("[data-testid=document-upload-type-chosen]").Count);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_without_sending_it()
    {
        SignIn("member");
        Answer();
        var page = Render<DocumentList>();
        page.WaitForAssertion(() => page.Find("[data-testid=document-drop-zone]"));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[26 * 1024 * 1024], "scan.pdf", contentType: "application/pdf"));

        page.WaitForAssertion(() => Assert.Equal("Refused", page.Find("[data-testid=document-upload]").GetAttribute("data-state")));
        Assert.Contains("Too large", page.Find("[data-testid=document-upload-outcome]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Api.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public void A_viewer_reads_the_list_but_is_not_offered_an_upload()
    {
        SignIn("viewer");
        Answer();

        var page = Render<DocumentList>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=document-link]").Count));
        Assert.Empty(page.FindAll("[data-testid=document-drop-zone]"));
    }

    private void Answer()
    {
        Api.On(HttpMethod.Get, $"/api/documents?companyId={CompanyId}", HttpStatusCode.OK, ToJson(new[]
        {
            Summary(InvoiceId, "commercial-invoice", "INV-2026-0042", "extracted", [ShipmentId], [DeclarationId]),
            Summary(PackingListId, "packing-list", "PL-2026-0042", "queued"),
        }));
        Api.On(HttpMethod.Get, $"/api/shipments?companyId={CompanyId}&limit=100", HttpStatusCode.OK, ToJson(new
        {
            items = new[] { ListItem(ShipmentId, "WW-2026-000042") },
            next = (string?)null,
        }));
        Api.On(HttpMethod.Get, $"/api/customs/declarations?companyId={CompanyId}", HttpStatusCode.OK, ToJson(new[]
        {
            new
            {
                id = DeclarationId, status = "registered", procedure = "40", customsOffice = "10702070", declarationDate = "2025-11-14",
                registrationNumber = "10702070/141125/0000123", shipmentId = ShipmentId, itemCount = 1, customsValueRub = 1_500_000m, payableRub = 308_530m,
                createdAt = "2025-11-14T08:00:00Z", updatedAt = "2025-11-14T08:00:00Z",
            },
        }));
    }

    private static HttpResponseMessage Reply(HttpStatusCode status, object body) => new(status)
    {
        Content = new StringContent(ToJson(body), System.Text.Encoding.UTF8, (int)status >= 400 ? "application/problem+json" : "application/json"),
    };
}
