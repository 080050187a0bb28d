using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Finance.Payments;
using WellWon.Finance.Payments.Bank;
using WellWon.Finance.Tests.Http;
using WellWon.Platform.Sagas;

using static WellWon.Finance.Tests.Payments.PaymentRequests;

namespace WellWon.Finance.Tests.Payments;

/// <summary>
/// Payment orders end to end through the real Api, the saga runner and a fake bank on a loopback port, against PostgreSQL: a yuan
/// prepayment and a rouble customs payment complete with their entries; a rejected transfer, an unconfirmed one, a slow quote and
/// quotes that expire fail visibly with nothing left held or posted; the same order posted twice, or every step delivered twice
/// and crashed after the bank took it, pays once.
/// </summary>
public sealed class PaymentSagaTests(PaymentsApiFactory api) : IClassFixture<PaymentsApiFactory>
{
    private const string Root = PaymentEndpoints.Root;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_yuan_prepayment_is_quoted_locked_held_credited_sent_confirmed_and_posted()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var po = await PurchaseOrderAsync(c, admin);
        var id = Guid.NewGuid();

        var created = await JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, id, "purchase-order-prepayment", po, 10_000m, "CNY"), Ct), HttpStatusCode.Created);
        Assert.Equal(("created", "PAY-" + DateTime.UtcNow.Year + "-000001"), (created.GetProperty("status").GetString(), created.GetProperty("number").GetString()));
        Assert.Equal(["running", "pending", "pending", "pending", "pending", "pending"], Statuses(created));

        await api.RunSagaAsync(id);
        var sent = await GetAsync(admin, c.Id, id);
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        Assert.Equal(125_000m, sent.GetProperty("rubAmount").GetDecimal());
        var quote = sent.GetProperty("quote");
        Assert.Equal((12.50m, 12.30m, 2_000m), (quote.GetProperty("bankRate").GetDecimal(), quote.GetProperty("officialRate").GetDecimal(), quote.GetProperty("spreadRub").GetDecimal()));
        Assert.Equal(125_000m, (await api.AccountAsync(c.Id, "1010.RUB"))!.PendingCredits);

        await api.RunConfirmationsJobAsync();
        await api.RunSagaAsync(id);
        var done = await GetAsync(admin, c.Id, id);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(["done", "done", "done", "done", "done", "done"], Statuses(done));
        Assert.StartsWith("REF-", done.GetProperty("bankReference").GetString(), StringComparison.Ordinal);

        var bank = (await api.AccountAsync(c.Id, "1010.RUB"))!;
        Assert.Equal((125_000m, 0m), (bank.PostedCredits, bank.PendingCredits));
        Assert.Equal(123_000m, (await api.AccountAsync(c.Id, "1910.RUB"))!.PostedDebits);
        Assert.Equal(2_000m, (await api.AccountAsync(c.Id, "5510.RUB"))!.PostedDebits);
        var cny = (await api.AccountAsync(c.Id, "1010.CNY"))!;
        Assert.Equal((10_000m, 10_000m), (cny.PostedDebits, cny.PostedCredits));
        Assert.Equal(10_000m, (await api.AccountAsync(c.Id, "1310.CNY"))!.PostedDebits);
        Assert.Equal((1, 1, 1), (api.Bank.QuotesFor(id), api.Bank.DealsFor(id), api.Bank.TransfersFor(id)));

        var completed = (await api.StreamAsync(id))[^1];
        Assert.Equal("finance.payment-order-completed.v1", completed.EventType);
        Assert.Equal(c.Id, completed.Metadata.TenantId);
        var list = await JsonAsync(await admin.GetAsync($"{Root}?companyId={c.Id}&status=completed", Ct), HttpStatusCode.OK);
        Assert.Equal(1, list.GetProperty("total").GetInt64());
        Assert.Contains("prepayment to Ningbo Bearing Co.", list.GetProperty("items")[0].GetProperty("purpose").GetProperty("label").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supplier_invoice_is_paid_up_to_its_open_amount_and_the_supplier_s_payable_is_settled()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var po = await PurchaseOrderAsync(c, admin);
        await JsonAsync(await admin.PostAsJsonAsync($"/api/finance/purchase-orders/{po}/send", new { }, Ct), HttpStatusCode.OK);
        await JsonAsync(await admin.PostAsJsonAsync($"/api/finance/purchase-orders/{po}/confirm", new { }, Ct), HttpStatusCode.OK);
        var invoice = await JsonAsync(await admin.PostAsJsonAsync("/api/finance/invoices", new
        {
            purchaseOrderId = po, number = $"NB-{Guid.NewGuid():N}"[..12], invoiceDate = DateOnly.FromDateTime(DateTime.UtcNow), currency = "CNY",
            lines = new[] { new { poLineNo = 1, quantity = 100m, unitPrice = 12.50m, amount = 1_250m } },
        }, Ct), HttpStatusCode.Created);
        var invoiceId = invoice.GetProperty("id").GetGuid();
        if (invoice.GetProperty("status").GetString() != "approved")
        {
            await JsonAsync(await admin.PostAsJsonAsync($"/api/finance/invoices/{invoiceId}/approve", new { comment = "Paid in advance of the goods" }, Ct), HttpStatusCode.OK);
        }

        var payable = $"2110.CNY.{invoice.GetProperty("supplierId").GetGuid():N}";
        Assert.Equal(1_250m, (await api.AccountAsync(c.Id, payable))!.PostedCredits);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, first, "supplier-invoice", invoiceId, 1_000m, "CNY"), Ct), HttpStatusCode.Created);
        Assert.Equal("finance.payment.exceeds-open-amount",
            await CodeAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, second, "supplier-invoice", invoiceId, 250.01m, "CNY"), Ct), HttpStatusCode.UnprocessableEntity));
        Assert.Equal("finance.payment.currency-mismatch",
            await CodeAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, second, "supplier-invoice", invoiceId, 250m, "USD"), Ct), HttpStatusCode.UnprocessableEntity));
        await JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, second, "supplier-invoice", invoiceId, 250m, "CNY"), Ct), HttpStatusCode.Created);

        foreach (var id in new[] { first, second })
        {
            await api.RunSagaAsync(id);
        }

        await api.RunConfirmationsJobAsync();
        foreach (var id in new[] { first, second })
        {
            await api.RunSagaAsync(id);
            Assert.Equal("completed", await StatusAsync(id));
        }

        var settled = (await api.AccountAsync(c.Id, payable))!;
        Assert.Equal((1_250m, 1_250m), (settled.PostedDebits, settled.PostedCredits));
        Assert.Equal(15_625m, (await api.AccountAsync(c.Id, "1010.RUB"))!.PostedCredits);
    }

    [Fact]
    public async Task A_rouble_customs_payment_skips_the_conversion_and_settles_customs_payable()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var id = Guid.NewGuid();
        api.Bank.Scenarios[id] = BankScenario.ConfirmAtOnce;

        await JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, id, "customs-payable", Guid.NewGuid(), 48_250.50m, "RUB", customs: true), Ct), HttpStatusCode.Created);
        await api.RunSagaAsync(id);

        var done = await GetAsync(admin, c.Id, id);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(["skipped", "skipped", "done", "skipped", "done", "done"], Statuses(done));
        Assert.Equal(JsonValueKind.Null, done.GetProperty("quote").ValueKind);
        Assert.Equal(48_250.50m, (await api.AccountAsync(c.Id, "1010.RUB"))!.PostedCredits);
        Assert.Equal(48_250.50m, (await api.AccountAsync(c.Id, "2210"))!.PostedDebits);
        Assert.Equal(0, api.Bank.QuotesFor(id));
    }

    [Fact]
    public async Task A_transfer_the_bank_rejects_after_the_debit_is_compensated_and_explained()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var po = await PurchaseOrderAsync(c, admin);
        var (atOnce, later) = (Guid.NewGuid(), Guid.NewGuid());
        api.Bank.Scenarios[atOnce] = BankScenario.RejectTransfer;
        api.Bank.Scenarios[later] = BankScenario.RejectLater;

        await JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, atOnce, "purchase-order-prepayment", po, 4_000m, "CNY"), Ct), HttpStatusCode.Created);
        await JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, later, "purchase-order-prepayment", po, 5_000m, "CNY"), Ct), HttpStatusCode.Created);
        await api.RunSagaAsync(atOnce);
        await api.RunSagaAsync(later);
        await api.RunConfirmationsJobAsync();
        await api.RunSagaAsync(later);

        var first = await GetAsync(admin, c.Id, atOnce);
        Assert.Equal(("failed", "transfer-sent"), (first.GetProperty("status").GetString(), first.GetProperty("failure").GetProperty("step").GetString()));
        Assert.Contains("transfer: Beneficiary account closed. Compensated:", first.GetProperty("failure").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("hold voided", first.GetProperty("failure").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["done", "done", "compensated", "compensated", "failed", "pending"], Statuses(first));
        var second = await GetAsync(admin, c.Id, later);
        Assert.Equal(("failed", "confirmed"), (second.GetProperty("status").GetString(), second.GetProperty("failure").GetProperty("step").GetString()));
        Assert.Contains("transfer: Sanctions screening failed. Compensated:", second.GetProperty("failure").GetProperty("reason").GetString(), StringComparison.Ordinal);

        AssertNothingMoved(await api.AccountAsync(c.Id, "1010.RUB"));
        var cny = (await api.AccountAsync(c.Id, "1010.CNY"))!;
        Assert.Equal(0m, cny.PostedDebits - cny.PostedCredits);
        var prepaid = (await api.AccountAsync(c.Id, "1310.CNY"))!;
        Assert.Equal(0m, prepaid.PostedDebits - prepaid.PostedCredits);
        Assert.Equal(("failed", "failed"), (await StatusAsync(atOnce), await StatusAsync(later)));
    }

    [Fact]
    public async Task A_slow_quote_times_out_and_an_unconfirmed_transfer_fails_after_its_timeout_with_nothing_held()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var po = await PurchaseOrderAsync(c, admin);
        var (slow, silent) = (Guid.NewGuid(), Guid.NewGuid());
        api.Bank.Scenarios[slow] = BankScenario.SlowQuote;
        api.Bank.Scenarios[silent] = BankScenario.NeverConfirm;

        await JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, slow, "purchase-order-prepayment", po, 1_000m, "CNY"), Ct), HttpStatusCode.Created);
        await JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, silent, "purchase-order-prepayment", po, 2_000m, "CNY"), Ct), HttpStatusCode.Created);
        await api.RunSagaAsync(slow);
        await api.RunSagaAsync(silent);

        var timedOut = await GetAsync(admin, c.Id, slow);
        Assert.Equal(("failed", "quote"), (timedOut.GetProperty("status").GetString(), timedOut.GetProperty("failure").GetProperty("step").GetString()));
        Assert.Contains("did not answer the quote in time", timedOut.GetProperty("failure").GetProperty("reason").GetString(), StringComparison.Ordinal);

        await api.RunConfirmationsJobAsync();
        Assert.Equal("sent", await StatusAsync(silent));
        await Task.Delay(TimeSpan.FromSeconds(2.2), Ct);
        await api.RunConfirmationsJobAsync();
        var unconfirmed = await GetAsync(admin, c.Id, silent);
        Assert.Equal(("failed", "confirmed"), (unconfirmed.GetProperty("status").GetString(), unconfirmed.GetProperty("failure").GetProperty("step").GetString()));
        AssertNothingMoved(await api.AccountAsync(c.Id, "1010.RUB"));
        var prepaid = (await api.AccountAsync(c.Id, "1310.CNY"))!;
        Assert.Equal(0m, prepaid.PostedDebits - prepaid.PostedCredits);
    }

    [Fact]
    public async Task A_quote_that_expired_is_asked_for_once_more_and_a_second_expiry_fails_before_any_money_moves()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var po = await PurchaseOrderAsync(c, admin);
        var (once, always) = (Guid.NewGuid(), Guid.NewGuid());
        api.Bank.Scenarios[once] = BankScenario.QuoteExpiresOnce;
        api.Bank.Scenarios[always] = BankScenario.QuoteExpiresAlways;

        await JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, once, "purchase-order-prepayment", po, 1_000m, "CNY"), Ct), HttpStatusCode.Created);
        await JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, always, "purchase-order-prepayment", po, 1_000m, "CNY"), Ct), HttpStatusCode.Created);
        await api.RunSagaAsync(once);
        await api.RunSagaAsync(always);
        await api.RunConfirmationsJobAsync();
        await api.RunSagaAsync(once);

        var requoted = await GetAsync(admin, c.Id, once);
        Assert.Equal("completed", requoted.GetProperty("status").GetString());
        Assert.Equal((2, 1), (api.Bank.QuotesFor(once), api.Bank.DealsFor(once)));
        var expired = await GetAsync(admin, c.Id, always);
        Assert.Equal(("failed", "rate-locked"), (expired.GetProperty("status").GetString(), expired.GetProperty("failure").GetProperty("step").GetString()));
        Assert.Contains("expired", expired.GetProperty("failure").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal((2, 0, 0), (api.Bank.QuotesFor(always), api.Bank.DealsFor(always), api.Bank.TransfersFor(always)));
        Assert.Equal(12_500m, (await api.AccountAsync(c.Id, "1010.RUB"))!.PostedCredits);
    }

    [Fact]
    public async Task The_same_order_posted_again_is_answered_as_it_is_and_another_body_under_its_id_is_refused()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var id = Guid.NewGuid();
        var body = Body(c.Id, id, "customs-payable", Guid.NewGuid(), 1_000m, "RUB", customs: true);

        var first = await JsonAsync(await admin.PostAsJsonAsync(Root, body, Ct), HttpStatusCode.Created);
        var again = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => admin.PostAsJsonAsync(Root, body, Ct)));
        foreach (var response in again)
        {
            Assert.Equal(first.GetProperty("number").GetString(), (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("number").GetString());
        }

        var other = Body(c.Id, id, "customs-payable", Guid.NewGuid(), 2_000m, "RUB", customs: true);
        Assert.Equal("finance.payment.id-reused", await CodeAsync(await admin.PostAsJsonAsync(Root, other, Ct), HttpStatusCode.Conflict));

        await api.RunSagaAsync(id);
        await api.RunConfirmationsJobAsync();
        await api.RunSagaAsync(id);
        Assert.Equal("completed", await StatusAsync(id));
        Assert.Equal(1, api.Bank.TransfersFor(id));
        Assert.Equal(1_000m, (await api.AccountAsync(c.Id, "1010.RUB"))!.PostedCredits);
        var second = await JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, Guid.NewGuid(), "customs-payable", Guid.NewGuid(), 10m, "RUB", customs: true), Ct), HttpStatusCode.Created);
        Assert.EndsWith("-000002", second.GetProperty("number").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_step_delivered_twice_and_crashed_after_the_bank_took_the_transfer_pays_once()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var po = await PurchaseOrderAsync(c, admin);
        var id = Guid.NewGuid();
        await JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, id, "purchase-order-prepayment", po, 3_000m, "CNY"), Ct), HttpStatusCode.Created);

        // A step whose process died after the bank took the transfer and before the order recorded it: the retry meets the same key.
        var gateway = api.Services.GetRequiredService<IBankGateway>();
        await gateway.SubmitTransferAsync(new TransferRequest(id.ToString("D"), new TransferBeneficiary("Ningbo Bearing Co.", "GB82WEST12345698765432", "BKCHCNBJ92A", null, "CN"),
            3_000m, "CNY", "Prepayment", Unk), Ct);

        // At-least-once delivery without the runner's record of handled events: each event's step runs twice, from fresh saga state.
        ISaga saga = api.Services.GetServices<ISaga>().OfType<PaymentOrderSaga>().Single();
        var registry = api.Services.GetRequiredService<Platform.Kernel.EventTypeRegistry>();
        for (var handled = 0; handled < (await api.StreamAsync(id)).Count; handled++)
        {
            var recorded = (await api.StreamAsync(id))[handled];
            var e = registry.Deserialize(recorded.EventType, recorded.Data)!;
            for (var delivery = 0; delivery < 2; delivery++)
            {
                await using var scope = api.Services.CreateAsyncScope();
                await saga.HandleAsync(saga.InitialState(id), e, new SagaContext(id, recorded, scope.ServiceProvider), Ct);
            }

            if (recorded.EventType == "finance.payment-order-sent.v1")
            {
                await api.RunConfirmationsJobAsync();
                await api.RunConfirmationsJobAsync();
            }
        }

        Assert.Equal("completed", await StatusAsync(id));
        Assert.Equal((1, 1, 1), (api.Bank.QuotesFor(id), api.Bank.DealsFor(id), api.Bank.TransfersFor(id)));
        Assert.True(api.Bank.SubmissionsFor(id) >= 2);
        Assert.Equal(37_500m, (await api.AccountAsync(c.Id, "1010.RUB"))!.PostedCredits);
        var cny = (await api.AccountAsync(c.Id, "1010.CNY"))!;
        Assert.Equal((3_000m, 3_000m), (cny.PostedDebits, cny.PostedCredits));
        Assert.Equal(3_000m, (await api.AccountAsync(c.Id, "1310.CNY"))!.PostedDebits);
        Assert.Single(await api.StreamAsync(id), e => e.EventType == "finance.payment-order-completed.v1");
    }

    [Fact]
    public async Task Outsiders_are_told_not_found_viewers_read_but_may_not_pay_and_rules_name_their_field_or_code()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        using var viewer = api.ClientFor(c.Viewer);
        using var outsider = api.ClientFor(c.Outsider);
        var id = Guid.NewGuid();
        var body = Body(c.Id, id, "customs-payable", Guid.NewGuid(), 100m, "RUB", customs: true);

        Assert.Equal("auth.forbidden", await CodeAsync(await viewer.PostAsJsonAsync(Root, body, Ct), HttpStatusCode.Forbidden));
        Assert.Equal("companies.company-not-found", await CodeAsync(await outsider.PostAsJsonAsync(Root, body, Ct), HttpStatusCode.NotFound));
        await JsonAsync(await admin.PostAsJsonAsync(Root, body, Ct), HttpStatusCode.Created);
        Assert.Equal("created", (await GetAsync(viewer, c.Id, id)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"{Root}/{id}?companyId={c.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"{Root}?companyId={c.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"{Root}/{id}/cancel", new { companyId = c.Id }, Ct)).StatusCode);
        var cancelled = await JsonAsync(await admin.PostAsJsonAsync($"{Root}/{id}/cancel", new { companyId = c.Id }, Ct), HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        await api.RunSagaAsync(id);
        Assert.Equal((0, "cancelled"), (api.Bank.TransfersFor(id), await StatusAsync(id)));

        // Shape: 400 naming the field; rules: 422 with their code.
        var badIban = await admin.PostAsJsonAsync(Root, Body(c.Id, Guid.NewGuid(), "customs-payable", Guid.NewGuid(), 1.005m, "RUB", account: "GB00WEST12345698765432"), Ct);
        var problem = await JsonAsync(badIban, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("beneficiary.iban", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("amount", out _));
        Assert.Equal("finance.payment.customs-in-roubles",
            await CodeAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, Guid.NewGuid(), "customs-payable", Guid.NewGuid(), 100m, "CNY"), Ct), HttpStatusCode.UnprocessableEntity));
        var po = await PurchaseOrderAsync(c, admin);
        Assert.Equal("finance.payment.exceeds-open-amount",
            await CodeAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, Guid.NewGuid(), "purchase-order-prepayment", po, 13_250.01m, "CNY"), Ct), HttpStatusCode.UnprocessableEntity));
        Assert.Equal("finance.payment.registration-required", await CodeAsync(await BigOrderAsync(c, admin), HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task Without_a_bank_every_payments_endpoint_answers_503_saying_so()
    {
        var c = await api.CompanyAsync();
        await using var bankless = api.WithWebHostBuilder(b => b.UseSetting("Finance:Bank:BaseUrl", ""));
        using var admin = api.ClientFor(c.Admin);
        using var client = bankless.CreateClient();
        client.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;

        foreach (var response in new[]
        {
            await client.PostAsJsonAsync(Root, Body(c.Id, Guid.NewGuid(), "customs-payable", Guid.NewGuid(), 100m, "RUB", customs: true), Ct),
            await client.GetAsync($"{Root}?companyId={c.Id}", Ct),
        })
        {
            var problem = await JsonAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("finance.payment.no-bank", problem.GetProperty("code").GetString());
            Assert.Contains("Finance:Bank:BaseUrl", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private async Task<HttpResponseMessage> BigOrderAsync(PaymentsApiFactory.Company c, HttpClient admin)
    {
        var po = await PurchaseOrderAsync(c, admin, quantity: 30_000);
        return await admin.PostAsJsonAsync(Root, Body(c.Id, Guid.NewGuid(), "purchase-order-prepayment", po, 300_000m, "CNY", unk: null), Ct);
    }

    private static void AssertNothingMoved(Ledger.LedgerAccount? bank)
    {
        Assert.NotNull(bank);
        Assert.Equal((0m, 0m), (bank.PostedCredits, bank.PendingCredits));
    }

    private async Task<string?> StatusAsync(Guid id)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<Finance.Payments.ReadModel.PaymentOrderReader>().GetAsync(id, Ct))?.View.Status;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, Guid company, Guid id) =>
        await JsonAsync(await client.GetAsync($"{Root}/{id}?companyId={company}", Ct), HttpStatusCode.OK);

    private static string?[] Statuses(JsonElement view) => [.. view.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString())];

    private static Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected) => LedgerApi.JsonAsync(response, expected);

    private static async Task<string?> CodeAsync(HttpResponseMessage response, HttpStatusCode expected) =>
        (await LedgerApi.JsonAsync(response, expected)).TryGetProperty("code", out var code) ? code.GetString() : null;

    /// <summary>An approved purchase order in yuan: <paramref name="quantity"/> bearings at 12.50 and 200 seals at 3.75.</summary>
    internal static async Task<Guid> PurchaseOrderAsync(PaymentsApiFactory.Company c, HttpClient admin, int quantity = 1_000)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var body = new
        {
            companyId = c.Id,
            supplier = new { name = "Ningbo Bearing Co.", country = "CN", address = "No. 8 Harbour Rd, Ningbo", bank = new { iban = "GB82WEST12345698765432", swift = "BKCHCNBJ92A", bankName = "Bank of China" } },
            currency = "CNY",
            lines = new object[]
            {
                new { description = "Ball bearings 6204-2RS", sku = "BRG-6204", hsCode = "8482105000", quantity, unit = "pcs", unitPrice = 12.50m },
                new { description = "Oil seals 35x52x7", quantity = 200, unit = "pcs", unitPrice = 3.75m },
            },
            incoterm = "FOB",
            incotermPlace = "Shanghai",
            paymentTerms = new { prepaymentPercent = 30, prepaymentDays = 10, balanceBasis = "after_arrival", balanceDays = 30 },
            contract = new { number = $"SH-{Guid.NewGuid():N}"[..20], date = today, currency = "CNY", amount = 1_000_000m, bankRegistrationNumber = Unk },
            expectedDelivery = today.AddDays(60),
        };
        var created = await JsonAsync(await admin.PostAsJsonAsync("/api/finance/purchase-orders", body, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await JsonAsync(await admin.PostAsJsonAsync($"/api/finance/purchase-orders/{id}/approve", new { }, Ct), HttpStatusCode.OK);
        return id;
    }
}
