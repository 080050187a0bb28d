using System.Net;
using WellWon.Web.Components.Documents;
using WellWon.Web.Tests.Logistics;
using static WellWon.Web.Tests.Documents.DocumentSamples;
using static WellWon.Web.Tests.Logistics.ShipmentSamples;

namespace WellWon.Web.Tests.Documents;

/// <summary>The documents panel links one of the company's documents already uploaded: those linked here are not offered, the link names the panel's target.</summary>
public sealed class LinkExistingDocumentTests : LogisticsTestContext
{
    private static readonly Guid DeclarationId = Guid.Parse("0196a0c4-9999-7000-8000-000000000002");

    [Fact]
    public void A_declarations_panel_links_a_chosen_company_document_and_lists_it()
    {
        SignIn("member");
        var linked = $"/api/documents?companyId={CompanyId}&declarationId={DeclarationId}";
        Api.On(HttpMethod.Get, linked, HttpStatusCode.OK, ToJson(new[] { Summary(InvoiceId, "commercial-invoice", "INV-2026-0042", "extracted", declarations: [DeclarationId]) }));
        Api.On(HttpMethod.Get, $"/api/documents?companyId={CompanyId}", HttpStatusCode.OK, ToJson(new[]
        {
            Summary(InvoiceId, "commercial-invoice", "INV-2026-0042", "extracted", declarations: [DeclarationId]),
            Summary(PackingListId, "packing-list", "PL-2026-0042", "extracted"),
        }));
        Api.On(HttpMethod.Post, $"/api/documents/{PackingListId}/links", HttpStatusCode.NoContent, "");

        var panel = Render<DocumentsPanel>(p => p.Add(x => x.CompanyId, CompanyId).Add(x => x.DeclarationId, DeclarationId).Add(x => x.Role, "member"));
        panel.WaitForAssertion(() => panel.Find("[data-testid=documents-panel-link]"));
        panel.Find("[data-testid=link-existing-open]").Click();

        // Only the document not yet linked here is offered.
        panel.WaitForAssertion(() => Assert.Equal(
            ["", PackingListId.ToString()], panel.FindAll("[data-testid=link-existing-select] option").Select(o => o.GetAttribute("value"))));
        Assert.True(panel.Find("[data-testid=link-existing-submit]").HasAttribute("disabled"));
        panel.Find("[data-testid=link-existing-select]").Change(PackingListId.ToString());
        panel.Find("[data-testid=link-existing-submit]").Click();

        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll("[data-testid=link-existing-select]")));
        var sent = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post);
        Assert.Equal($"/api/documents/{PackingListId}/links", sent.Path);
        Assert.Contains("\"kind\":\"declaration\"", sent.Body, StringComparison.Ordinal);
        Assert.Contains($"\"targetId\":\"{DeclarationId}\"", sent.Body, StringComparison.Ordinal);
        Assert.True(Api.Requests.Count(r => r.Path == linked) >= 2);
    }

    [Fact]
    public void A_refused_link_is_said_and_a_viewer_is_offered_none()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, $"/api/documents?companyId={CompanyId}&shipmentId={ShipmentId}", HttpStatusCode.OK, "[]");
        Api.On(HttpMethod.Get, $"/api/documents?companyId={CompanyId}", HttpStatusCode.OK, ToJson(new[] { Summary(PackingListId, "packing-list", "PL-2026-0042", "extracted") }));
        Api.On(HttpMethod.Post, $"/api/documents/{PackingListId}/links", HttpStatusCode.Forbidden,
            """{"type":"about:blank","title":"Forbidden","status":403,"code":"companies.forbidden","detail":"Viewers link no documents."}""");

        var panel = Render<DocumentsPanel>(p => p.Add(x => x.CompanyId, CompanyId).Add(x => x.ShipmentId, ShipmentId).Add(x => x.Role, "member"));
        panel.WaitForAssertion(() => panel.Find("[data-testid=documents-panel-empty]"));
        panel.Find("[data-testid=link-existing-open]").Click();
        panel.WaitForAssertion(() => panel.Find("[data-testid=link-existing-select]").Change(PackingListId.ToString()));
        panel.Find("[data-testid=link-existing-submit]").Click();

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.Find("[data-testid=link-existing-problem]").TextContent));
        Assert.Contains("\"kind\":\"shipment\"", Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body, StringComparison.Ordinal);

        var viewer = Render<DocumentsPanel>(p => p.Add(x => x.CompanyId, CompanyId).Add(x => x.ShipmentId, ShipmentId).Add(x => x.Role, "viewer"));
        viewer.WaitForAssertion(() => viewer.Find("[data-testid=documents-panel-empty]"));
        Assert.Empty(viewer.FindAll("[data-testid=link-existing-open]"));
    }
}
