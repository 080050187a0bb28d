using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Web.Components.Pages.Documents;
using WellWon.Web.Tests.Logistics;
using static WellWon.Web.Tests.Documents.DocumentSamples;
using static WellWon.Web.Tests.Logistics.ShipmentSamples;

namespace WellWon.Web.Tests.Documents;

/// <summary>
/// A document's versions (who, when, size, short hash, reading), its links to the pages of what it is linked to; a download asks the
/// Api for a signed link and goes there; a new version uploads; a manager's erasure refused for retention says so plainly; viewers
/// and members are offered only what their role allows.
/// </summary>
public sealed class DocumentDetailTests : LogisticsTestContext
{
    private static readonly Guid DeclarationId = Guid.Parse("0196a0c4-9999-7000-8000-000000000001");
    private static readonly Guid OrderId = Guid.Parse("0196a0c4-7777-7000-8000-000000000001");

    [Fact]
    public void The_versions_show_who_when_size_and_hash_and_the_links_lead_to_their_pages()
    {
        SignIn("member");
        Answer();

        var page = Render<DocumentDetail>(p => p.Add(d => d.Id, InvoiceId));

        page.WaitForAssertion(() => Assert.Equal("INV-2026-0042", page.Find("[data-testid=document-title]").TextContent));
        Assert.Equal(["2", "1"], page.FindAll("[data-testid=version-number]").Select(v => v.TextContent).ToArray());
        Assert.Equal("User 0196a0, 2026-03-02 10:15", page.FindAll("[data-testid=version-uploaded]")[0].TextContent.Trim());
        Assert.Equal("47.1 KB", page.FindAll("[data-testid=version-size]")[0].TextContent);
        Assert.Equal("9f86d081884c", page.FindAll("[data-testid=version-hash]")[0].TextContent);
        Assert.Equal(
            [$"/shipments/{ShipmentId}", $"/customs/{DeclarationId}", $"/finance/purchase-orders/{OrderId}"],
            page.FindAll("[data-testid=document-link-target]").Select(l => l.GetAttribute("href")).ToArray());
        Assert.Equal($"/documents/{InvoiceId}/versions/2/review", page.Find("[data-testid=version-review]").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=document-erase]"));
        Assert.NotEmpty(page.FindAll("[data-testid=version-drop]"));
    }

    [Fact]
    public void A_download_asks_the_Api_for_a_signed_link_and_follows_it()
    {
        SignIn("viewer");
        Answer();
        const string Url = "http://api.test/api/documents/x/versions/1/content?user=u&expires=1&sig=abc";
        Api.On(HttpMethod.Post, $"/api/documents/{InvoiceId}/versions/1/link", HttpStatusCode.OK, ToJson(new { url = Url, expiresAt = "2026-03-02T10:20:00Z" }));
        var page = Render<DocumentDetail>(p => p.Add(d => d.Id, InvoiceId));
        page.WaitForAssertion(() => page.Find("[data-testid=version-download][data-version='1']"));

        page.Find("[data-testid=version-download][data-version='1']").Click();

        page.WaitForAssertion(() => Assert.Equal(Url, Services.GetRequiredService<NavigationManager>().Uri));
        Assert.Empty(page.FindAll("[data-testid=version-drop]"));
    }

    [Fact]
    public void A_new_version_uploads_to_the_document()
    {
        SignIn("member");
        Answer();
        Api.On(HttpMethod.Post, $"/api/documents/{InvoiceId}/versions", HttpStatusCode.Created,
            ToJson(new { documentId = InvoiceId, version = 3, duplicate = false, sha256 = "ab", size = 9, mediaType = "application/pdf", fileName = "INV-2026-0042-v3.pdf" }));
        var page = Render<DocumentDetail>(p => p.Add(d => d.Id, InvoiceId));
        page.WaitForAssertion(() => page.Find("[data-testid=version-drop]"));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("%PDF-1.7 corrected", "INV-2026-0042-v3.pdf", contentType: "application/pdf"));

        page.WaitForAssertion(() => Assert.Equal("Version 3 added.", page.Find("[data-testid=version-outcome]").TextContent.Trim()));
        var sent = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        Assert.Contains("%PDF-1.7 corrected", sent, StringComparison.Ordinal);
        Assert.Contains("INV-2026-0042-v3.pdf", sent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_managers_erasure_within_retention_is_refused_in_plain_words()
    {
        SignIn("manager");
        Answer();
        const string Detail = "Document is linked to a declaration and is kept until 2031-03-01.";
        Api.On(HttpMethod.Delete, $"/api/documents/{InvoiceId}", HttpStatusCode.Conflict,
            ToJson(new { title = "The request was refused", status = 409, code = "documents.retained", detail = Detail }));
        var page = Render<DocumentDetail>(p => p.Add(d => d.Id, InvoiceId));
        page.WaitForAssertion(() => page.Find("[data-testid=document-erase]"));

        page.Find("[data-testid=document-erase]").Click();
        page.Find("[data-testid=document-erase-confirm]").Click();

        page.WaitForAssertion(() => Assert.Equal(Detail, page.Find("[data-testid=document-erase-problem]").TextContent.Trim()));
        Assert.Equal("documents.retained", page.Find("[data-testid=document-erase-problem]").GetAttribute("data-code"));
        Assert.Equal("http://localhost/", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void An_erased_document_leaves_for_the_list()
    {
        SignIn("manager");
        Answer();
        Api.On(HttpMethod.Delete, $"/api/documents/{InvoiceId}", HttpStatusCode.NoContent);
        var page = Render<DocumentDetail>(p => p.Add(d => d.Id, InvoiceId));
        page.WaitForAssertion(() => page.Find("[data-testid=document-erase]"));

        page.Find("[data-testid=document-erase]").Click();
        page.Find("[data-testid=document-erase-confirm]").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/documents", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
    }

    private void Answer() =>
        Api.On(HttpMethod.Get, $"/api/documents/{InvoiceId}", HttpStatusCode.OK, ToJson(Details(
            InvoiceId, CompanyId, "INV-2026-0042", [Version(1, "extracted"), Version(2, "extracted")],
            [Link("shipment", ShipmentId), Link("declaration", DeclarationId), Link("purchase-order", OrderId)])));
}
