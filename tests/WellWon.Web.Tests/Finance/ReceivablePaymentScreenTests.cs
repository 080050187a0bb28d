using System.Globalization;
using System.Net;
using WellWon.Web.Components.Finance;
using WellWon.Web.Components.Pages.Finance;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// Payments of an invoice to a client: an admin records one in a dialog whose amount defaults to what is open, sees the invoice
/// turn partly paid with the receipt listed and the rest open; the server's 422 for too large an amount lands at the amount; a paid
/// invoice and a member take no payment from the screen.
/// </summary>
public sealed class ReceivablePaymentScreenTests : FinanceTestContext
{
    private static readonly Guid InvoiceId = Guid.Parse("0196a0c4-9999-7000-8000-000000000002");

    private static string Detail => $"/api/finance/receivables/{InvoiceId}?companyId={CompanyId}";

    private static string Payments => $"/api/finance/receivables/{InvoiceId}/payments";

    private static object Invoice(string status, decimal paid, params object[] receipts) => new
    {
        id = InvoiceId, number = "INV-2026-000007", status, client = new { companyId = (Guid?)null, name = "Retail Chain LLC", taxId = "7701234567" }, currency = "RUB",
        issueDate = "2026-11-20", dueDate = "2026-12-20",
        lines = new[] { new { description = "Customs brokerage", quantity = 1m, unitPrice = 10_000m, vatRate = 20, shipmentId = (Guid?)null } },
        net = 10_000m, vat = 2_000m, total = 12_000m, cancelReason = (string?)null, paid, open = 12_000m - paid, receipts,
    };

    private static object Receipt(decimal amount, string reference) =>
        new { receiptId = Guid.NewGuid(), amount, receivedOn = "2026-11-25", reference, recordedAt = "2026-11-25T10:00:00Z", entryId = Guid.NewGuid() };

    [Fact]
    public void An_admin_records_part_of_the_open_amount_and_sees_the_invoice_partly_paid_with_its_receipt()
    {
        SignIn("admin");
        Api.On(HttpMethod.Get, Detail, HttpStatusCode.OK, ToJson(Invoice("issued", 0m)));
        Api.On(HttpMethod.Post, Payments, HttpStatusCode.Created, ToJson(Invoice("partly-paid", 5_000m, Receipt(5_000m, "p/p 118"))));
        var providers = RenderProviders();
        var page = Render<ReceivableEditor>(p => p.Add(x => x.Id, InvoiceId));
        page.WaitForAssertion(() => Assert.Equal("12\u00a0000.00 RUB", page.Find("[data-testid=receivable-open]").TextContent));

        page.Find("#receivable-record-payment").Click();
        providers.WaitForAssertion(() => providers.FindComponent<RecordReceiptDialog>());
        Assert.Equal("12000", providers.Find("#receipt-amount").GetAttribute("value"));
        Assert.Equal("Open: 12\u00a0000.00 RUB", providers.Find("[data-testid=receipt-open]").TextContent);
        providers.Find("#receipt-amount").Input("5000");
        providers.Find("#receipt-reference").Input("p/p 118");
        providers.Find("#receipt-submit").Click();

        page.WaitForAssertion(() => Assert.Equal("partly-paid", page.Find("[data-testid=receivable-status]").GetAttribute("data-status")));
        Assert.Equal("Partly paid", page.Find("[data-testid=receivable-status]").TextContent.Trim());
        Assert.Equal("7\u00a0000.00 RUB", page.Find("[data-testid=receivable-open]").TextContent);
        Assert.Equal("5\u00a0000.00 RUB", page.Find("[data-testid=receivable-paid]").TextContent);
        var row = Assert.Single(page.FindAll("[data-testid=receivable-receipt]"));
        Assert.Contains("p/p 118", row.TextContent, StringComparison.Ordinal);
        // Partly paid, it is paid further but no longer cancelled from the screen.
        Assert.NotEmpty(page.FindAll("#receivable-record-payment"));
        Assert.Empty(page.FindAll("#receivable-cancel"));

        var sent = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        var today = DateTime.UtcNow.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Matches($"^\\{{\"companyId\":\"{CompanyId}\",\"receiptId\":\"[0-9a-f-]{{36}}\",\"amount\":5000,\"receivedOn\":\"{today}\",\"reference\":\"p/p 118\"\\}}$", sent);
    }

    [Fact]
    public void The_server_refusing_more_than_is_open_shows_its_message_at_the_amount()
    {
        SignIn("owner");
        Api.On(HttpMethod.Get, Detail, HttpStatusCode.OK, ToJson(Invoice("partly-paid", 5_000m, Receipt(5_000m, "p/p 118"))));
        Api.On(HttpMethod.Post, Payments, HttpStatusCode.UnprocessableEntity, Problem(422, "finance.receivable.exceeds-open-amount",
            "The invoice has 4000.00 RUB open; a receipt of 7000.00 RUB is more than that.", field: "amount"));
        var providers = RenderProviders();
        var page = Render<ReceivableEditor>(p => p.Add(x => x.Id, InvoiceId));
        page.WaitForAssertion(() => page.Find("#receivable-record-payment"));

        page.Find("#receivable-record-payment").Click();
        providers.WaitForAssertion(() => Assert.Equal("7000", providers.Find("#receipt-amount").GetAttribute("value")));
        providers.Find("#receipt-submit").Click();

        providers.WaitForAssertion(() => Assert.Contains("The invoice has 4000.00 RUB open", providers.Markup, StringComparison.Ordinal));
        Assert.Empty(providers.FindAll("[data-testid=receipt-problem]"));
        Assert.Equal("partly-paid", page.Find("[data-testid=receivable-status]").GetAttribute("data-status"));
    }

    [Fact]
    public void A_paid_invoice_lists_its_receipts_and_takes_no_more_and_a_member_records_nothing()
    {
        SignIn("admin");
        Api.On(HttpMethod.Get, Detail, HttpStatusCode.OK, ToJson(Invoice("paid", 12_000m, Receipt(5_000m, "p/p 118"), Receipt(7_000m, "p/p 131"))));
        var page = Render<ReceivableEditor>(p => p.Add(x => x.Id, InvoiceId));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=receivable-receipt]").Count));
        Assert.Equal(("paid", "0.00 RUB"), (page.Find("[data-testid=receivable-status]").GetAttribute("data-status"), page.Find("[data-testid=receivable-open]").TextContent));
        Assert.Empty(page.FindAll("#receivable-record-payment"));
        Assert.Empty(page.FindAll("#receivable-cancel"));
    }

    [Fact]
    public void A_member_reads_the_payments_but_records_none()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, Detail, HttpStatusCode.OK, ToJson(Invoice("partly-paid", 5_000m, Receipt(5_000m, "p/p 118"))));
        var page = Render<ReceivableEditor>(p => p.Add(x => x.Id, InvoiceId));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=receivable-receipt]")));
        Assert.Empty(page.FindAll("#receivable-record-payment"));
    }

    [Fact]
    public void The_list_shows_what_is_open_of_each_issued_invoice()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, $"/api/finance/receivables?companyId={CompanyId}", HttpStatusCode.OK,
            ToJson(new[] { Invoice("partly-paid", 5_000m, Receipt(5_000m, "p/p 118")), Invoice("paid", 12_000m) }));

        var page = Render<ReceivableList>();

        page.WaitForAssertion(() => Assert.Equal(["7\u00a0000.00 RUB", "0.00 RUB"], page.FindAll("[data-testid=receivable-open]").Select(c => c.TextContent).ToArray()));
        Assert.Equal(["partly-paid", "paid"], page.FindAll("[data-testid=receivable-status]").Select(c => c.GetAttribute("data-status")).ToArray());
    }
}
