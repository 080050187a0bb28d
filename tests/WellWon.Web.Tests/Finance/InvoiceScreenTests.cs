using System.Net;
using WellWon.Web.Components.Pages.Finance;
using static WellWon.Web.Tests.Finance.InvoiceSamples;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// The supplier invoice inbox: filters by status and supplier, a held invoice's reasons in its row; the invoice's three-way match
/// with the breached figures marked; approving a difference needs a comment and a manager, paying an approved invoice an admin;
/// a goods invoice entered against a PO's lines with the server's refusal at its field.
/// </summary>
public sealed class InvoiceScreenTests : FinanceTestContext
{
    private static string List(string filters = "") => $"/api/finance/invoices?companyId={CompanyId}{filters}&limit=50&offset=0";

    private static readonly string Orders = $"/api/finance/purchase-orders?companyId={CompanyId}&limit=200&offset=0";

    private void StubOrders()
    {
        Api.On(HttpMethod.Get, Orders, HttpStatusCode.OK, ToJson(new { items = Array.Empty<object>(), total = 0L }));
        Api.On(HttpMethod.Get, $"/api/finance/purchase-orders/{PurchaseOrderSamples.OrderId}", HttpStatusCode.OK, ToJson(PurchaseOrderSamples.Details(CompanyId, "confirmed")));
    }

    [Fact]
    public void The_inbox_shows_why_a_held_invoice_is_held_and_filters_by_status_and_supplier()
    {
        SignIn("member");
        StubOrders();
        var other = Guid.NewGuid();
        Api.On(HttpMethod.Get, List(), HttpStatusCode.OK, ToJson(new
        {
            items = new[] { Summary(InvoiceId, "INV-889", "on_hold", 1875m, PurchaseOrderSamples.OrderId), Summary(other, "INV-890", "approved", 10m) },
            total = 2L,
        }));
        Api.On(HttpMethod.Get, $"/api/finance/invoices/{InvoiceId}", HttpStatusCode.OK, ToJson(Held(CompanyId)));
        Api.On(HttpMethod.Get, List("&status=on_hold"), HttpStatusCode.OK, ToJson(new { items = new[] { Summary(InvoiceId, "INV-889", "on_hold", 1875m) }, total = 1L }));
        Api.On(HttpMethod.Get, List("&status=on_hold&supplier=Shanghai"), HttpStatusCode.OK, ToJson(new { items = Array.Empty<object>(), total = 0L }));

        var page = Render<InvoiceList>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=invoice-link]").Count));
        Assert.Equal(["on_hold", "approved"], page.FindAll("#invoice-list [data-testid=invoice-status-chip]").Select(c => c.GetAttribute("data-status")).ToArray());
        page.WaitForAssertion(() => Assert.Equal(
            "line 1: More than received; line 1: Price above the order", Assert.Single(page.FindAll("[data-testid=invoice-hold-reason]")).TextContent));
        Assert.Equal("1\u00a0875.00 USD", page.FindAll("[data-testid=invoice-total]")[0].TextContent);
        Assert.NotEmpty(page.FindAll("#invoice-new"));

        page.Find("[data-testid=invoice-filter][data-status=on_hold]").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=invoice-link]")));
        page.Find("#invoice-filter-supplier").Input(" Shanghai ");
        page.Find("#invoice-filter-apply").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=invoice-empty]"));
        Assert.Contains(Api.Requests, r => r.Path == List("&status=on_hold&supplier=Shanghai"));
    }

    [Fact]
    public void A_viewer_reads_the_inbox_but_enters_no_invoice()
    {
        SignIn("viewer");
        StubOrders();
        Api.On(HttpMethod.Get, List(), HttpStatusCode.OK, ToJson(new { items = Array.Empty<object>(), total = 0L }));

        var page = Render<InvoiceList>();

        page.WaitForAssertion(() => page.Find("[data-testid=invoice-empty]"));
        Assert.Empty(page.FindAll("#invoice-new"));
    }

    [Fact]
    public void The_match_shows_ordered_received_and_invoiced_per_line_with_the_breaches_marked()
    {
        SignIn("viewer");
        StubOrders();
        Api.On(HttpMethod.Get, $"/api/finance/invoices/{InvoiceId}", HttpStatusCode.OK, ToJson(Held(CompanyId)));

        var page = Render<InvoiceDetail>(p => p.Add(x => x.Id, InvoiceId));

        page.WaitForAssertion(() => Assert.Equal("1000", page.Find("[data-testid=match-ordered]").TextContent));
        var row = page.Find("[data-testid=match-row]");
        Assert.Equal("false", row.GetAttribute("data-matched"));
        Assert.Equal("100", page.Find("[data-testid=match-received]").TextContent);
        Assert.Equal("150", page.Find("[data-testid=match-invoiced]").TextContent);
        Assert.Equal("true", page.Find("[data-testid=match-invoiced]").GetAttribute("data-breach"));
        Assert.Equal("true", page.Find("[data-testid=match-price]").GetAttribute("data-breach"));
        Assert.Equal(["over-invoiced-vs-received", "price-above-po"], page.FindAll("[data-testid=match-status]").Select(c => c.GetAttribute("data-reason")).ToArray());
        Assert.Contains("received 100 kg", page.FindAll("[data-testid=match-message]")[0].TextContent, StringComparison.Ordinal);
        // A viewer decides nothing.
        Assert.Empty(page.FindAll("#invoice-approve"));
        Assert.Empty(page.FindAll("#invoice-reject"));
    }

    [Fact]
    public void A_manager_approves_the_difference_only_with_a_comment_and_sees_the_server_refusal_at_it()
    {
        SignIn("manager");
        StubOrders();
        var path = $"/api/finance/invoices/{InvoiceId}";
        Api.On(HttpMethod.Get, path, HttpStatusCode.OK, ToJson(Held(CompanyId)));
        Api.On(HttpMethod.Post, path + "/approve", HttpStatusCode.BadRequest, Problem(400, "invoice.comment-required", "Say why the difference is accepted.", field: "comment"));
        var page = Render<InvoiceDetail>(p => p.Add(x => x.Id, InvoiceId));
        page.WaitForAssertion(() => page.Find("#invoice-approve"));
        // Paying and cancelling are an admin's.
        Assert.Empty(page.FindAll("#invoice-pay"));

        page.Find("#invoice-approve").Click();
        Assert.True(page.Find("#invoice-decision-submit").HasAttribute("disabled"));
        page.Find("#invoice-decision-note").Input("  ");
        Assert.True(page.Find("#invoice-decision-submit").HasAttribute("disabled"));
        page.Find("#invoice-decision-note").Input("Supplier raised the price by letter of 2026-03-01");
        page.Find("#invoice-decision-submit").Click();

        page.WaitForAssertion(() => Assert.Contains("Say why", page.Find("#invoice-decision").TextContent, StringComparison.Ordinal));
        Assert.Equal("{\"comment\":\"Supplier raised the price by letter of 2026-03-01\"}", Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body);

        Api.On(HttpMethod.Post, path + "/approve", HttpStatusCode.OK, ToJson(Held(CompanyId, "approved",
            new { automatic = false, approvedBy = Me, approverRole = "manager", comment = "Supplier raised the price", rubEquivalent = 170000m, approvedAt = "2026-03-21T09:00:00Z" })));
        page.Find("#invoice-decision-submit").Click();

        page.WaitForAssertion(() => Assert.Equal("approved", page.Find("[data-testid=invoice-status-chip]").GetAttribute("data-status")));
        Assert.Contains("Supplier raised the price", page.Find("[data-testid=invoice-approval]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#invoice-decision"));
    }

    [Fact]
    public void An_admin_pays_an_approved_invoice_from_a_pre_filled_payment_order()
    {
        SignIn("admin");
        StubOrders();
        Api.On(HttpMethod.Get, $"/api/finance/invoices/{InvoiceId}", HttpStatusCode.OK, ToJson(Held(CompanyId, "approved")));

        var page = Render<InvoiceDetail>(p => p.Add(x => x.Id, InvoiceId));

        page.WaitForAssertion(() => page.Find("#invoice-pay"));
        Assert.Equal($"/finance/payments/new?purpose=supplier-invoice&id={InvoiceId}", page.Find("#invoice-pay").GetAttribute("href"));
        Assert.NotEmpty(page.FindAll("#invoice-cancel"));
        Assert.Empty(page.FindAll("#invoice-approve"));
    }

    [Fact]
    public void A_paid_invoice_shows_it_is_paid_with_nothing_open_and_offers_neither_pay_nor_cancel()
    {
        SignIn("admin");
        StubOrders();
        Api.On(HttpMethod.Get, $"/api/finance/invoices/{InvoiceId}", HttpStatusCode.OK, ToJson(Held(CompanyId, "paid", paid: 1875m)));

        var page = Render<InvoiceDetail>(p => p.Add(x => x.Id, InvoiceId));

        page.WaitForAssertion(() => Assert.Equal("paid", page.Find("[data-testid=invoice-status-chip]").GetAttribute("data-status")));
        Assert.Equal("1\u00a0875.00 USD", page.Find("[data-testid=invoice-detail-paid]").TextContent);
        Assert.Equal("0.00 USD", page.Find("[data-testid=invoice-detail-open]").TextContent);
        Assert.Empty(page.FindAll("#invoice-pay"));
        Assert.Empty(page.FindAll("#invoice-cancel"));
    }

    [Fact]
    public void A_partly_paid_invoice_stays_approved_shows_what_is_open_and_is_paid_but_not_cancelled()
    {
        SignIn("admin");
        StubOrders();
        Api.On(HttpMethod.Get, $"/api/finance/invoices/{InvoiceId}", HttpStatusCode.OK, ToJson(Held(CompanyId, "approved", paid: 875m)));

        var page = Render<InvoiceDetail>(p => p.Add(x => x.Id, InvoiceId));

        page.WaitForAssertion(() => page.Find("#invoice-pay"));
        Assert.Equal("approved", page.Find("[data-testid=invoice-status-chip]").GetAttribute("data-status"));
        Assert.Equal("875.00 USD", page.Find("[data-testid=invoice-detail-paid]").TextContent);
        Assert.Equal("1\u00a0000.00 USD", page.Find("[data-testid=invoice-detail-open]").TextContent);
        Assert.Empty(page.FindAll("#invoice-cancel"));
    }

    [Fact]
    public void The_inbox_shows_a_paid_invoice_as_paid()
    {
        SignIn("member");
        StubOrders();
        Api.On(HttpMethod.Get, List(), HttpStatusCode.OK, ToJson(new { items = new[] { Summary(InvoiceId, "INV-891", "paid", 500m) }, total = 1L }));

        var page = Render<InvoiceList>();

        page.WaitForAssertion(() => Assert.Equal("paid", page.Find("#invoice-list [data-testid=invoice-status-chip]").GetAttribute("data-status")));
    }

    [Fact]
    public void A_goods_invoice_bills_the_lines_picked_and_a_duplicate_number_is_shown_at_the_number()
    {
        SignIn("member");
        StubOrders();
        Api.On(HttpMethod.Post, "/api/finance/invoices", HttpStatusCode.Conflict,
            Problem(409, "finance.invoice.duplicate-number", "INV-889 of this supplier is already entered.", field: "number"));
        Navigation.NavigateTo($"/finance/invoices/new?purchaseOrderId={PurchaseOrderSamples.OrderId}");
        var page = Render<InvoiceEditor>();
        page.WaitForAssertion(() => page.Find("[data-testid=invoice-form-line]"));

        // What is still to bill: the 100 kg received, at the PO's price, rounded to cents.
        Assert.Equal("100", page.Find("#invoice-form-line-1-quantity").GetAttribute("value"));
        Assert.Equal("1\u00a0234.55", page.Find("[data-testid=invoice-form-amount]").TextContent);
        page.Find("#invoice-form-number").Input("INV-889");
        page.Find("#invoice-form-date").Input("2026-03-20");
        page.Find("#invoice-form-vat").Input("0");
        page.Find("#invoice-form-save").Click();

        page.WaitForAssertion(() => Assert.Contains("already entered", page.Markup, StringComparison.Ordinal));
        var body = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        Assert.Contains($"\"purchaseOrderId\":\"{PurchaseOrderSamples.OrderId}\"", body, StringComparison.Ordinal);
        Assert.Contains("\"number\":\"INV-889\",\"invoiceDate\":\"2026-03-20\",\"currency\":\"USD\"", body, StringComparison.Ordinal);
        Assert.Contains("\"lines\":[{\"poLineNo\":1,\"quantity\":100,\"unitPrice\":12.3455,\"amount\":1234.55}]", body, StringComparison.Ordinal);

        Api.On(HttpMethod.Post, "/api/finance/invoices", HttpStatusCode.Created, ToJson(Held(CompanyId)));
        page.Find("#invoice-form-number").Input("INV-889A");
        page.Find("#invoice-form-save").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/finance/invoices/{InvoiceId}", Navigation.Uri, StringComparison.Ordinal));
    }
}
