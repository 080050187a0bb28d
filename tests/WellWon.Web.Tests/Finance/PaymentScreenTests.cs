using System.Net;
using WellWon.Web.Components.Pages.Finance;
using WellWon.Web.Live;
using static WellWon.Web.Tests.Finance.PaymentSamples;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// Payment orders: the list with its rouble amounts; the detail's six steps following the live `payment` change (and polling while the
/// hub is away), the quote with its spread and countdown, a failure explained with what was undone; the form pre-filled from an invoice
/// and its PO, checking the account and BIC as typed, showing the server's 400 at the field, and closed to non-admins.
/// </summary>
public sealed class PaymentScreenTests : FinanceTestContext
{
    private static readonly string Detail = $"/api/finance/payments/{PaymentId}?companyId={CompanyId}";

    [Fact]
    public void The_list_shows_each_order_with_its_status_and_rouble_amount_and_admins_may_start_one()
    {
        SignIn("admin");
        Api.On(HttpMethod.Get, $"/api/finance/payments?companyId={CompanyId}&limit=50&offset=0", HttpStatusCode.OK, ToJson(new
        {
            items = new[] { Summary("PAY-2026-000002", "sent", 1875m, "USD", 172_500m), Summary("PAY-2026-000001", "completed", 50_000m, "RUB", null) },
            total = 2L,
        }));

        var page = Render<PaymentList>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=payment-link]").Count));
        Assert.Equal(["sent", "completed"], page.FindAll("#payment-list [data-testid=payment-status-chip]").Select(c => c.GetAttribute("data-status")).ToArray());
        Assert.Equal("172\u00a0500.00", page.FindAll("[data-testid=payment-rub]")[0].TextContent);
        Assert.Equal("—", page.FindAll("[data-testid=payment-rub]")[1].TextContent);
        Assert.NotEmpty(page.FindAll("#payment-new"));
        Assert.Contains(LiveGroups.Company(CompanyId), Live.Joined);
    }

    [Fact]
    public void The_steps_follow_the_live_payment_change()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, Detail, HttpStatusCode.OK, ToJson(View("rate-locked", Progress(2))));
        var page = Render<PaymentDetail>(p => p.Add(x => x.Id, PaymentId));
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=payment-step]").Count));
        Assert.Equal(["done", "done", "running", "pending", "pending", "pending"], page.FindAll("[data-testid=payment-step]").Select(s => s.GetAttribute("data-status")).ToArray());
        // Steps are numbered in order, and the purpose is said once (the server's label already names the kind).
        Assert.Equal(["1. Quote", "2. Rate locked", "3. Debited", "4. Currency credited", "5. Transfer sent", "6. Confirmed"],
            page.FindAll("[data-testid=payment-step] h6, [data-testid=payment-step] .mud-typography-subtitle2").Select(t => t.TextContent.Trim()).Distinct().ToArray());
        Assert.Equal("Invoice INV-889 of Shanghai Tea Co", page.Find("[data-testid=payment-purpose]").TextContent.Trim());
        Assert.Equal("92.0000 RUB per USD", page.Find("[data-testid=payment-step-detail]").TextContent);
        Assert.Equal("937.50 RUB", page.Find("[data-testid=quote-spread]").TextContent);
        Assert.Equal("92.0000", page.Find("[data-testid=quote-bank-rate]").TextContent);
        Assert.Equal("91.5000", page.Find("[data-testid=quote-official-rate]").TextContent);
        // A viewer cancels nothing.
        Assert.Empty(page.FindAll("#payment-cancel"));

        Api.On(HttpMethod.Get, Detail, HttpStatusCode.OK, ToJson(View("debited", Progress(3))));
        Live.Push(LiveGroups.Company(CompanyId), "payment", Guid.NewGuid().ToString(), 1); // another order's change: no reload
        Live.Push(LiveGroups.Company(CompanyId), "payment", PaymentId.ToString(), 4);

        page.WaitForAssertion(() => Assert.Equal("running", page.Find("[data-testid=payment-step][data-step=credited]").GetAttribute("data-status")));
        Assert.Equal("debited", page.Find("[data-testid=payment-status-chip]").GetAttribute("data-status"));
        Assert.Equal(2, Api.Requests.Count(r => r.Path == Detail));
    }

    [Fact]
    public void While_the_hub_is_away_the_order_is_polled()
    {
        SignIn("viewer");
        Live.Set(LiveState.Reconnecting);
        Api.On(HttpMethod.Get, Detail, HttpStatusCode.OK, ToJson(View("rate-locked", Progress(2))));
        var page = Render<PaymentDetail>(p => p.Add(x => x.Id, PaymentId).Add(x => x.PollInterval, TimeSpan.FromSeconds(1)));
        page.WaitForAssertion(() => page.Find("[data-testid=payment-step]"));

        Api.On(HttpMethod.Get, Detail, HttpStatusCode.OK, ToJson(View("completed", Progress(6))));

        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=payment-status-chip]").GetAttribute("data-status")), TimeSpan.FromSeconds(10));
        Assert.All(page.FindAll("[data-testid=payment-step]"), s => Assert.Equal("done", s.GetAttribute("data-status")));
    }

    [Fact]
    public void A_quote_counts_down_to_its_expiry()
    {
        SignIn("admin");
        var validUntil = DateTimeOffset.UtcNow.AddMinutes(4).AddSeconds(30);
        Api.On(HttpMethod.Get, Detail, HttpStatusCode.OK, ToJson(View("quoted", Progress(1), validUntil: validUntil.ToString("O"))));

        var page = Render<PaymentDetail>(p => p.Add(x => x.Id, PaymentId));

        page.WaitForAssertion(() => Assert.Matches(@"^\(04:[0-3][0-9] left\)$", page.Find("[data-testid=quote-countdown]").TextContent));
        var first = page.Find("[data-testid=quote-countdown]").TextContent;
        page.WaitForAssertion(() => Assert.NotEqual(first, page.Find("[data-testid=quote-countdown]").TextContent), TimeSpan.FromSeconds(5));
        // Before the debit an admin may still cancel.
        Assert.NotEmpty(page.FindAll("#payment-cancel"));
    }

    [Fact]
    public void A_failure_names_its_step_and_what_was_undone()
    {
        SignIn("admin");
        (string, string, string?)[] steps =
        [
            ("quote", "done", null), ("rate-locked", "done", null), ("debited", "compensated", "Debit reversed"), ("credited", "compensated", null),
            ("transfer-sent", "failed", "Beneficiary bank rejected the transfer"), ("confirmed", "pending", null),
        ];
        Api.On(HttpMethod.Get, Detail, HttpStatusCode.OK, ToJson(View("failed", steps, failure: new { step = "transfer-sent", reason = "the beneficiary's account is closed" })));

        var page = Render<PaymentDetail>(p => p.Add(x => x.Id, PaymentId));

        page.WaitForAssertion(() => page.Find("[data-testid=payment-failure]"));
        var failure = page.Find("[data-testid=payment-failure]").TextContent;
        Assert.Contains("“Transfer sent”: the beneficiary's account is closed", failure, StringComparison.Ordinal);
        Assert.Contains("debited, currency credited", failure, StringComparison.Ordinal);
        Assert.Equal("failed", page.Find("[data-testid=payment-step][data-step=transfer-sent]").GetAttribute("data-status"));
        Assert.Empty(page.FindAll("#payment-cancel"));
    }

    [Fact]
    public void The_form_is_pre_filled_from_the_invoice_and_its_order_and_the_server_400_lands_at_its_field()
    {
        SignIn("admin");
        Api.On(HttpMethod.Get, $"/api/finance/invoices/{InvoiceSamples.InvoiceId}", HttpStatusCode.OK, ToJson(InvoiceSamples.Held(CompanyId, "approved")));
        Api.On(HttpMethod.Get, $"/api/finance/purchase-orders/{PurchaseOrderSamples.OrderId}", HttpStatusCode.OK, ToJson(PurchaseOrderSamples.Details(CompanyId, "confirmed")));
        Api.On(HttpMethod.Post, "/api/finance/payments", HttpStatusCode.BadRequest, ToJson(new
        {
            status = 400, title = "Some fields need attention", code = "validation",
            errors = new Dictionary<string, string[]> { ["beneficiary.iban"] = ["The bank does not know this account."] },
        }));
        Navigation.NavigateTo($"/finance/payments/new?purpose=supplier-invoice&id={InvoiceSamples.InvoiceId}");
        var page = Render<PaymentEditor>();
        page.WaitForAssertion(() => page.Find("#payment-form-send"));

        Assert.Equal("1875", page.Find("#payment-form-amount").GetAttribute("value"));
        Assert.Equal("Shanghai Tea Co", page.Find("#payment-form-name").GetAttribute("value"));
        Assert.Equal("BKCHCNBJ", page.Find("#payment-form-swift").GetAttribute("value"));
        Assert.Equal("26010001/1481/0000/2/1", page.Find("#payment-form-unk").GetAttribute("value"));

        // Checked as typed: a broken IBAN and a BIC of the wrong length.
        page.Find("#payment-form-account").Input("DE89370400440532013001");
        page.Find("#payment-form-swift").Input("BKCHCN");
        page.WaitForAssertion(() => Assert.Contains("is neither a valid IBAN", page.Markup, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Contains("not a SWIFT/BIC", page.Markup, StringComparison.Ordinal));
        page.Find("#payment-form-send").Click();
        Assert.DoesNotContain(Api.Requests, r => r.Method == HttpMethod.Post);

        page.Find("#payment-form-account").Input("DE89 3704 0044 0532 0130 00");
        page.Find("#payment-form-swift").Input("BKCHCNBJ");
        page.Find("#payment-form-send").Click();

        page.WaitForAssertion(() => Assert.Contains("The bank does not know this account.", page.Markup, StringComparison.Ordinal));
        var body = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body!;
        Assert.Contains($"\"purpose\":{{\"kind\":\"supplier-invoice\",\"id\":\"{InvoiceSamples.InvoiceId}\"}}", body, StringComparison.Ordinal);
        Assert.Contains("\"beneficiary\":{\"name\":\"Shanghai Tea Co\",\"account\":\"DE89370400440532013000\",\"swift\":\"BKCHCNBJ\",\"bankName\":\"Bank of China\",\"country\":\"CN\"}", body, StringComparison.Ordinal);
        Assert.Contains("\"amount\":1875,\"currency\":\"USD\"", body, StringComparison.Ordinal);

        Api.On(HttpMethod.Post, "/api/finance/payments", HttpStatusCode.Created, ToJson(View("created", Progress(0))));
        page.Find("#payment-form-send").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/finance/payments/{PaymentId}", Navigation.Uri, StringComparison.Ordinal));
        // The same form sends the same idempotency key again.
        var ids = Api.Requests.Where(r => r.Method == HttpMethod.Post).Select(r => r.Body!.Split("\"paymentOrderId\":\"")[1][..36]).Distinct();
        Assert.Single(ids);
    }

    [Fact]
    public void A_manager_is_told_payments_are_for_administrators()
    {
        SignIn("manager");

        var page = Render<PaymentEditor>();

        page.WaitForAssertion(() => page.Find("[data-testid=payment-form-admins-only]"));
        Assert.Empty(page.FindAll("#payment-form-send"));
    }
}
