using System.Net;
using Microsoft.AspNetCore.Components.Forms;
using WellWon.Web.Components.Documents;
using WellWon.Web.Tests.Logistics;
using static WellWon.Web.Tests.Documents.DocumentSamples;
using static WellWon.Web.Tests.Logistics.ShipmentSamples;

namespace WellWon.Web.Tests.Documents;

/// <summary>
/// The documents panel of a shipment and of a declaration: the documents linked to it, an upload that links to it on the way in,
/// a read document's review that fills the declaration it came from, nothing to upload for a viewer, a re-read on a document push.
/// </summary>
public sealed class DocumentsPanelTests : LogisticsTestContext
{
    private static readonly Guid DeclarationId = Guid.Parse("0196a0c4-9999-7000-8000-000000000001");

    [Fact]
    public void A_shipments_documents_are_listed_and_an_upload_is_linked_to_it()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, $"/api/documents?companyId={CompanyId}&shipmentId={ShipmentId}", HttpStatusCode.OK, ToJson(new[]
        {
            Summary(InvoiceId, "commercial-invoice", "INV-2026-0042", "extracted", [ShipmentId]),
        }));
        Api.On(HttpMethod.Post, "/api/documents", HttpStatusCode.Created,
            ToJson(new { documentId = PackingListId, version = 1, duplicate = false, sha256 = "ab", size = 9, mediaType = "application/pdf", fileName = "PL-0042.pdf" }));

        var panel = Render<DocumentsPanel>(p => p.Add(x => x.CompanyId, CompanyId).Add(x => x.ShipmentId, ShipmentId).Add(x => x.Role, "member"));

        panel.WaitForAssertion(() => Assert.Equal("INV-2026-0042", panel.Find("[data-testid=documents-panel-link]").TextContent));
        Assert.Equal($"/documents/{InvoiceId}/versions/1/review", panel.Find("[data-testid=documents-panel-review]").GetAttribute("href"));

        panel.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("%PDF-1.7", "PL-0042.pdf", contentType: "application/pdf"));
        panel.Find("[data-testid=document-upload-start]").Click();

        panel.WaitForAssertion(() => Assert.Equal("Uploaded", panel.Find("[data-testid=document-upload]").GetAttribute("data-state")));
        var sent = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        Assert.Matches($"name=\"?shipmentId\"?\\r\\n(.*\\r\\n)*\\r\\n{ShipmentId}", sent);
        Assert.Matches("name=\"?type\"?\\r\\n(.*\\r\\n)*\\r\\npacking-list", sent);
        Assert.DoesNotContain("declarationId", sent, StringComparison.Ordinal);
        Assert.True(Api.Requests.Count(r => r.Path == $"/api/documents?companyId={CompanyId}&shipmentId={ShipmentId}") >= 2);
    }

    [Fact]
    public void From_a_declaration_the_review_fills_that_declaration_and_uploads_link_to_it()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, $"/api/documents?companyId={CompanyId}&declarationId={DeclarationId}", HttpStatusCode.OK, ToJson(new[]
        {
            Summary(InvoiceId, "commercial-invoice", "INV-2026-0042", "extracted", declarations: [DeclarationId], versions: 2),
        }));

        var panel = Render<DocumentsPanel>(p => p.Add(x => x.CompanyId, CompanyId).Add(x => x.DeclarationId, DeclarationId).Add(x => x.Role, "member"));

        panel.WaitForAssertion(() => Assert.Equal(
            $"/documents/{InvoiceId}/versions/2/review?declarationId={DeclarationId}", panel.Find("[data-testid=documents-panel-review]").GetAttribute("href")));
        Assert.NotEmpty(panel.FindAll("[data-testid=document-drop-zone]"));
    }

    [Fact]
    public void A_viewer_sees_the_documents_but_uploads_none()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, $"/api/documents?companyId={CompanyId}&shipmentId={ShipmentId}", HttpStatusCode.OK, "[]");

        var panel = Render<DocumentsPanel>(p => p.Add(x => x.CompanyId, CompanyId).Add(x => x.ShipmentId, ShipmentId).Add(x => x.Role, "viewer"));

        panel.WaitForAssertion(() => panel.Find("[data-testid=documents-panel-empty]"));
        Assert.Empty(panel.FindAll("[data-testid=document-drop-zone]"));
    }

    [Fact]
    public void A_document_push_rereads_the_panel()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, $"/api/documents?companyId={CompanyId}&shipmentId={ShipmentId}", HttpStatusCode.OK, "[]");
        var panel = Render<DocumentsPanel>(p => p.Add(x => x.CompanyId, CompanyId).Add(x => x.ShipmentId, ShipmentId).Add(x => x.Role, "member"));
        panel.WaitForAssertion(() => panel.Find("[data-testid=documents-panel-empty]"));

        Api.On(HttpMethod.Get, $"/api/documents?companyId={CompanyId}&shipmentId={ShipmentId}", HttpStatusCode.OK, ToJson(new[]
        {
            Summary(InvoiceId, "commercial-invoice", "INV-2026-0042", "reading", [ShipmentId]),
        }));
        Live.Push($"company:{CompanyId}", "document", InvoiceId.ToString(), 2, "links");

        panel.WaitForAssertion(() => Assert.Equal("INV-2026-0042", panel.Find("[data-testid=documents-panel-link]").TextContent));
    }
}
