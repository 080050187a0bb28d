using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Finance.Invoices;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Payments;
using WellWon.Finance.Tests.Http;
using WellWon.Platform.Kernel;

using static WellWon.Finance.Tests.Payments.PaymentRequests;

namespace WellWon.Finance.Tests.Payments;

/// <summary>
/// A purchase order of 100,000 CNY prepaid 30,000 through the fake bank: its approved invoice sets the prepayment off in its own entry
/// (Cr 1310.CNY 30,000, Cr payable 70,000), so a payment against the invoice may pay only the 70,000 left, which clears both the
/// payable and 1310.CNY; cancelling the invoice gives the prepayment back to 1310.CNY; the prepayments themselves stop at the PO's total.
/// </summary>
public sealed class PrepaymentSetOffTests(PaymentsApiFactory api) : IClassFixture<PaymentsApiFactory>
{
    private const string Root = PaymentEndpoints.Root;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_invoice_sets_off_the_prepayment_and_only_the_rest_is_paid()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var po = await ConfirmedPurchaseOrderAsync(c, admin);
        await PayAsync(admin, c, "purchase-order-prepayment", po, 30_000m);
        Assert.Equal(369_000m, (await api.AccountAsync(c.Id, "1310.CNY"))!.RubEquivalent);
        var (invoiceId, payable) = await InvoiceAsync(c, admin, po);

        var entry = await EntryAsync(c.Id, invoiceId);
        var prepayments = (await api.AccountAsync(c.Id, "1310.CNY"))!;
        var owed = (await api.AccountAsync(c.Id, payable))!;
        Assert.Equal(EntryStatus.Posted, entry.Status);
        Assert.Contains(entry.Lines, l => l.AccountId == prepayments.Id && l.Side == EntrySide.Credit && l.Amount == 30_000m);
        Assert.Contains(entry.Lines, l => l.AccountId == owed.Id && l.Side == EntrySide.Credit && l.Amount == 70_000m);
        Assert.Equal((0m, 70_000m), (prepayments.Posted, owed.Posted));
        Assert.Equal(0m, prepayments.RubEquivalent);
        await RepostAsync(invoiceId);
        Assert.Equal((0m, 70_000m), ((await api.AccountAsync(c.Id, "1310.CNY"))!.Posted, (await api.AccountAsync(c.Id, payable))!.Posted));

        var refused = await LedgerApi.JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, Guid.NewGuid(), "supplier-invoice", invoiceId, 100_000m), Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("finance.payment.exceeds-open-amount", refused.GetProperty("code").GetString());
        Assert.Contains("the 70000.00 CNY left open", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await PayAsync(admin, c, "supplier-invoice", invoiceId, 70_000m);
        Assert.Equal(0m, (await api.AccountAsync(c.Id, payable))!.Posted);
        Assert.Equal(0m, (await api.AccountAsync(c.Id, "1310.CNY"))!.Posted);
        Assert.Equal("finance.payment.exceeds-open-amount",
            await CodeAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, Guid.NewGuid(), "supplier-invoice", invoiceId, 0.01m), Ct), HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task Cancelling_the_invoice_gives_the_prepayment_back_and_a_new_invoice_sets_it_off_again()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var po = await ConfirmedPurchaseOrderAsync(c, admin);
        await PayAsync(admin, c, "purchase-order-prepayment", po, 30_000m);
        var prepaidRub = (await api.AccountAsync(c.Id, "1310.CNY"))!.RubEquivalent;
        var (invoiceId, payable) = await InvoiceAsync(c, admin, po);

        await LedgerApi.JsonAsync(await admin.PostAsJsonAsync($"/api/finance/invoices/{invoiceId}/cancel", new { reason = "Wrong supplier reference" }, Ct), HttpStatusCode.OK);
        var restored = (await api.AccountAsync(c.Id, "1310.CNY"))!;
        Assert.Equal(30_000m, restored.Posted);
        Assert.Equal(prepaidRub, restored.RubEquivalent);
        Assert.Equal(0m, (await api.AccountAsync(c.Id, payable))!.Posted);

        var (again, _) = await InvoiceAsync(c, admin, po);
        Assert.Equal(0m, (await api.AccountAsync(c.Id, "1310.CNY"))!.Posted);
        Assert.Equal(70_000m, (await api.AccountAsync(c.Id, payable))!.Posted);
        Assert.NotEqual(invoiceId, again);
    }

    [Fact]
    public async Task Prepayments_stop_at_the_purchase_order_s_total()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var po = await ConfirmedPurchaseOrderAsync(c, admin);
        await PayAsync(admin, c, "purchase-order-prepayment", po, 30_000m);
        await LedgerApi.JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, Guid.NewGuid(), "purchase-order-prepayment", po, 60_000m), Ct), HttpStatusCode.Created);

        var refused = await LedgerApi.JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, Guid.NewGuid(), "purchase-order-prepayment", po, 10_000.01m), Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("finance.payment.exceeds-open-amount", refused.GetProperty("code").GetString());
        Assert.Contains("the 10000.00 CNY left open", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    // A payment order taken through the saga and the fake bank to completion.
    private async Task PayAsync(HttpClient admin, PaymentsApiFactory.Company c, string kind, Guid purposeId, decimal amount)
    {
        var id = Guid.NewGuid();
        await LedgerApi.JsonAsync(await admin.PostAsJsonAsync(Root, Body(c.Id, id, kind, purposeId, amount), Ct), HttpStatusCode.Created);
        await api.RunSagaAsync(id);
        await api.RunConfirmationsJobAsync();
        await api.RunSagaAsync(id);
        var done = await LedgerApi.JsonAsync(await admin.GetAsync($"{Root}/{id}?companyId={c.Id}", Ct), HttpStatusCode.OK);
        Assert.Equal("completed", done.GetProperty("status").GetString());
    }

    // The whole order invoiced (8,000 bearings at 12.50) and approved; answers the invoice and the supplier's payable account.
    private static async Task<(Guid Id, string Payable)> InvoiceAsync(PaymentsApiFactory.Company c, HttpClient admin, Guid po)
    {
        var invoice = await LedgerApi.JsonAsync(await admin.PostAsJsonAsync("/api/finance/invoices", new
        {
            purchaseOrderId = po, number = $"NB-{Guid.NewGuid():N}"[..12], invoiceDate = DateOnly.FromDateTime(DateTime.UtcNow), currency = "CNY",
            lines = new[] { new { poLineNo = 1, quantity = 8_000m, unitPrice = 12.50m, amount = 100_000m } },
        }, Ct), HttpStatusCode.Created);
        var id = invoice.GetProperty("id").GetGuid();
        if (invoice.GetProperty("status").GetString() != "approved")
        {
            await LedgerApi.JsonAsync(await admin.PostAsJsonAsync($"/api/finance/invoices/{id}/approve", new { comment = "Goods paid before arrival" }, Ct), HttpStatusCode.OK);
        }

        Assert.Equal(c.Id, invoice.GetProperty("companyId").GetGuid());
        return (id, $"2110.CNY.{invoice.GetProperty("supplierId").GetGuid():N}");
    }

    // The saga's repeat of the posting: the same entry, answered again, though 1310 no longer holds the prepayment.
    private async Task RepostAsync(Guid invoiceId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var invoice = await scope.ServiceProvider.GetRequiredService<IAggregateStore>().LoadAsync<Finance.Invoices.Domain.SupplierInvoice>(invoiceId, Ct);
        await scope.ServiceProvider.GetRequiredService<InvoicePosting>().PostAsync(invoiceId, invoice.State, Ct);
    }

    private async Task<LedgerEntry> EntryAsync(Guid companyId, Guid entryId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var ledger = await scope.ServiceProvider.GetRequiredService<IAggregateStore>().LoadAsync<CompanyLedger>(companyId, Ct);
        Assert.Equal(InvoicePosting.CauseOf(entryId), ledger.State.Entries[entryId].Cause);
        return ledger.State.Entries[entryId];
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response, HttpStatusCode expected) =>
        (await LedgerApi.JsonAsync(response, expected)).TryGetProperty("code", out var code) ? code.GetString() : null;
}
