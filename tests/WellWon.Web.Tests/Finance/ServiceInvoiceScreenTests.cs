using System.Net;
using WellWon.Web.Components.Pages.Finance;
using WellWon.Web.Tests.Logistics;
using static WellWon.Web.Tests.Finance.InvoiceSamples;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// A service invoice entered by hand: the inbox offers it to members, not viewers; the form sends the supplier, dates, lines with the
/// shipment picked (or none) and VAT under one invoice id, shows the server's refusals at their fields, and opens the invoice once made.
/// </summary>
public sealed class ServiceInvoiceScreenTests : FinanceTestContext
{
    private const string ServiceInvoices = "/api/finance/invoices/services";
    private static readonly string ShipmentList = $"/api/shipments?companyId={CompanyId}&limit=200";

    [Theory]
    [InlineData("member", true)]
    [InlineData("viewer", false)]
    public void The_inbox_offers_a_service_invoice_to_those_who_enter_invoices(string role, bool offered)
    {
        SignIn(role);
        Api.On(HttpMethod.Get, $"/api/finance/purchase-orders?companyId={CompanyId}&limit=200&offset=0", HttpStatusCode.OK, ToJson(new { items = Array.Empty<object>(), total = 0L }));
        Api.On(HttpMethod.Get, $"/api/finance/invoices?companyId={CompanyId}&limit=50&offset=0", HttpStatusCode.OK, ToJson(new { items = Array.Empty<object>(), total = 0L }));

        var page = Render<InvoiceList>();

        page.WaitForAssertion(() => page.Find("[data-testid=invoice-empty]"));
        Assert.Equal(offered, page.FindAll("#invoice-new-service").Count == 1);
        if (offered)
        {
            Assert.Equal("/finance/invoices/services/new", page.Find("#invoice-new-service").GetAttribute("href"));
        }
    }

    [Fact]
    public void A_forwarder_s_invoice_is_sent_with_its_shipments_and_refusals_are_shown_at_their_fields()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, ShipmentList, HttpStatusCode.OK,
            ToJson(new { items = new[] { ShipmentSamples.ListItem(ShipmentSamples.ShipmentId, "WW-2026-000042") }, next = (string?)null }));
        Api.On(HttpMethod.Post, ServiceInvoices, HttpStatusCode.UnprocessableEntity,
            Problem(422, "finance.invoice.shipment-not-found", "The company has no shipment.", field: "lines[0].shipmentId"));
        var page = Render<ServiceInvoiceEditor>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#service-form-line-0-shipment option").Count));

        page.Find("#service-form-supplier").Input(" Blue Sea Forwarding ");
        page.Find("#service-form-country").Input("cn");
        page.Find("#service-form-number").Input("BSF-42");
        page.Find("#service-form-date").Input("2026-04-21");
        page.Find("#service-form-due").Input("2026-05-21");
        page.Find("#service-form-line-0-description").Input("Sea freight Shanghai - Vladivostok");
        page.Find("#service-form-line-0-amount").Input("150000");
        page.Find("#service-form-line-0-shipment").Change(ShipmentSamples.ShipmentId.ToString());
        page.Find("#service-form-add-line").Click();
        page.Find("#service-form-line-1-description").Input("Document handling");
        page.Find("#service-form-line-1-amount").Input("5000");
        page.Find("#service-form-vat").Input("31000");
        page.WaitForAssertion(() => Assert.Equal("Total 186\u00a0000.00 RUB", page.Find("[data-testid=service-form-total]").TextContent));
        page.Find("#service-form-save").Click();

        page.WaitForAssertion(() => Assert.Equal("The company has no shipment.", page.Find("[data-testid=service-form-shipment-error]").TextContent));
        var body = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        Assert.Contains($"\"companyId\":\"{CompanyId}\"", body, StringComparison.Ordinal);
        Assert.Contains("\"supplier\":{\"companyId\":null,\"name\":\"Blue Sea Forwarding\",\"country\":\"CN\"},\"number\":\"BSF-42\",\"invoiceDate\":\"2026-04-21\",\"dueDate\":\"2026-05-21\",\"currency\":\"RUB\"", body, StringComparison.Ordinal);
        Assert.Contains($"\"lines\":[{{\"description\":\"Sea freight Shanghai - Vladivostok\",\"amount\":150000,\"shipmentId\":\"{ShipmentSamples.ShipmentId}\"}},{{\"description\":\"Document handling\",\"amount\":5000,\"shipmentId\":null}}],\"vat\":31000,\"total\":186000", body, StringComparison.Ordinal);

        // A broken field of shape is shown at it; the retry goes under the same invoice id.
        Api.On(HttpMethod.Post, ServiceInvoices, HttpStatusCode.BadRequest,
            Problem(400, "finance.invoice.country-invalid", "The supplier's country is an ISO 3166 alpha-2 code.", field: "supplier.country"));
        page.Find("#service-form-save").Click();
        page.WaitForAssertion(() => Assert.Contains("ISO 3166 alpha-2", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=service-form-shipment-error]"));

        Api.On(HttpMethod.Post, ServiceInvoices, HttpStatusCode.Created, ToJson(Held(CompanyId, "approved")));
        page.Find("#service-form-save").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/finance/invoices/{InvoiceId}", Navigation.Uri, StringComparison.Ordinal));
        var ids = Api.Requests.Where(r => r.Method == HttpMethod.Post).Select(r => r.Body![..r.Body!.IndexOf(",\"supplier\"", StringComparison.Ordinal)]).Distinct();
        Assert.Single(ids);
    }
}
