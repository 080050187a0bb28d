using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Finance.Invoices;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Payments;
using WellWon.Finance.Tests.Http;
using WellWon.Finance.Tests.Payments;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Sagas;

using static WellWon.Finance.Tests.Payments.PaymentRequests;

namespace WellWon.Finance.Tests.Invoices;

/// <summary>
/// Invoices and the payments that settle them, through the fake bank: a service invoice entered by hand is paid by a payment order
/// like any invoice; and a purchase order's prepayment of 30,000 CNY that completes only after its 100,000 CNY invoice was approved
/// (the invoice posts the whole payable, the advance sits on 1310) is set off when it completes, so the ledger ends where it ends
/// when the prepayment completed first: 1310.CNY empty, 70,000 payable, once however often the completion is delivered.
/// </summary>
public sealed class InvoicePaymentsTests(PaymentsApiFactory api) : IClassFixture<PaymentsApiFactory>
{
    private const string Payments = PaymentEndpoints.Root;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_service_invoice_is_paid_through_a_payment_order()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var invoice = await LedgerApi.JsonAsync(await admin.PostAsJsonAsync("/api/finance/invoices/services", new
        {
            companyId = c.Id, invoiceId = Guid.NewGuid(), supplier = new { name = "Ningbo Port Logistics", country = "CN" }, number = "NPL-2026-17",
            invoiceDate = DateOnly.FromDateTime(DateTime.UtcNow), dueDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30), currency = "CNY",
            lines = new[] { new { description = "Port handling and storage", amount = 10_000m } }, vat = 0m, total = 10_000m,
        }, Ct), HttpStatusCode.Created);
        var (id, payable) = (invoice.GetProperty("id").GetGuid(), $"2110.CNY.{invoice.GetProperty("supplierId").GetGuid():N}");
        Assert.Equal(10_000m, (await api.AccountAsync(c.Id, payable))!.Posted);

        Assert.Equal("finance.payment.exceeds-open-amount",
            (await LedgerApi.JsonAsync(await admin.PostAsJsonAsync(Payments, Body(c.Id, Guid.NewGuid(), "supplier-invoice", id, 10_000.01m), Ct), HttpStatusCode.UnprocessableEntity))
                .GetProperty("code").GetString());
        await PayAsync(admin, c, "supplier-invoice", id, 10_000m);
        Assert.Equal(0m, (await api.AccountAsync(c.Id, payable))!.Posted);
    }

    [Fact]
    public async Task A_prepayment_completing_after_the_invoice_was_approved_is_set_off_as_if_it_had_completed_first()
    {
        // Ordered: the prepayment completes, then the invoice sets it off in its own entry.
        var ordered = await api.CompanyAsync();
        using var orderedAdmin = api.ClientFor(ordered.Admin);
        var orderedPo = await ConfirmedPurchaseOrderAsync(ordered, orderedAdmin);
        var orderedPayment = await PayAsync(orderedAdmin, ordered, "purchase-order-prepayment", orderedPo, 30_000m);
        var (orderedInvoice, orderedPayable) = await InvoiceAsync(ordered, orderedAdmin, orderedPo);
        // The completion delivered (again) after the invoice took the prepayment: nothing is left to set off.
        Assert.Empty(await SetOffSagaAsync(orderedPayment));
        var expected = await FiguresAsync(ordered.Id, orderedPayable);
        Assert.Equal((0m, 0m, 70_000m), (expected.Prepaid, expected.PrepaidRub, expected.Owed));

        // Race: the invoice is approved and posted while the prepayment is sent but not completed: the whole payable, 30,000 left on 1310.
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var po = await ConfirmedPurchaseOrderAsync(c, admin);
        var payment = Guid.NewGuid();
        await LedgerApi.JsonAsync(await admin.PostAsJsonAsync(Payments, Body(c.Id, payment, "purchase-order-prepayment", po, 30_000m), Ct), HttpStatusCode.Created);
        await api.RunSagaAsync(payment);
        Assert.NotEqual("completed", (await LedgerApi.JsonAsync(await admin.GetAsync($"{Payments}/{payment}?companyId={c.Id}", Ct), HttpStatusCode.OK)).GetProperty("status").GetString());
        var (invoice, payable) = await InvoiceAsync(c, admin, po);
        Assert.Equal((30_000m, 100_000m), ((await api.AccountAsync(c.Id, "1310.CNY"))!.Posted, (await api.AccountAsync(c.Id, payable))!.Posted));

        // The bank confirms: the order completes, and its completion sets the prepayment off against the invoice.
        await api.RunConfirmationsJobAsync();
        await api.RunSagaAsync(payment);
        var setOff = Assert.Single(await SetOffSagaAsync(payment));
        Assert.Equal(InvoicePosting.SetOffIdOf(invoice, payment), setOff);
        Assert.Equal(expected, await FiguresAsync(c.Id, payable));

        // Delivered twice, replayed, and the invoice's own posting repeated: the ledger stays where it is.
        Assert.Empty(await SetOffSagaAsync(payment));
        Assert.Empty(await SetOffSagaAsync(payment));
        await RepostAsync(invoice);
        Assert.Equal(expected, await FiguresAsync(c.Id, payable));
        Assert.Equal(30_000m, await SetOffAsync(c.Id, invoice));

        // Only the 70,000 left is paid against the invoice, as in the ordered case.
        var refused = await LedgerApi.JsonAsync(await admin.PostAsJsonAsync(Payments, Body(c.Id, Guid.NewGuid(), "supplier-invoice", invoice, 70_000.01m), Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("the 70000.00 CNY left open", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Cancelling the invoice reverses its entry and the set-off: the prepayment is back on 1310 for the next invoice.
        await LedgerApi.JsonAsync(await admin.PostAsJsonAsync($"/api/finance/invoices/{invoice}/cancel", new { reason = "Entered twice" }, Ct), HttpStatusCode.OK);
        Assert.Equal((30_000m, 0m), ((await api.AccountAsync(c.Id, "1310.CNY"))!.Posted, (await api.AccountAsync(c.Id, payable))!.Posted));
        Assert.NotEqual(orderedInvoice, invoice);
    }

    private sealed record Figures(decimal Prepaid, decimal PrepaidRub, decimal Owed, decimal OwedRub);

    private async Task<Figures> FiguresAsync(Guid companyId, string payable)
    {
        var (prepayments, owed) = ((await api.AccountAsync(companyId, "1310.CNY"))!, (await api.AccountAsync(companyId, payable))!);
        return new Figures(prepayments.Posted, prepayments.RubEquivalent, owed.Posted, owed.RubEquivalent);
    }

    // The prepayment set-off saga handed the order's completion, as the event processor would; answers the entries it posted.
    private async Task<IReadOnlyList<Guid>> SetOffSagaAsync(Guid paymentOrderId)
    {
        var completed = (await api.StreamAsync(paymentOrderId)).Single(e => e.EventType == "finance.payment-order-completed.v1");
        var before = await EntryIdsAsync(completed.Metadata.TenantId!.Value);
        ISaga saga = new PrepaymentSetOffSaga();
        await using var scope = api.Services.CreateAsyncScope();
        var e = api.Services.GetRequiredService<EventTypeRegistry>().Deserialize(completed.EventType, completed.Data)!;
        await saga.HandleAsync(saga.InitialState(paymentOrderId), e, new SagaContext(paymentOrderId, completed, scope.ServiceProvider), Ct);
        return [.. (await EntryIdsAsync(completed.Metadata.TenantId!.Value)).Except(before)];
    }

    private async Task<IReadOnlySet<Guid>> EntryIdsAsync(Guid companyId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IAggregateStore>().LoadAsync<CompanyLedger>(companyId, Ct)).State.Entries.Keys.ToHashSet();
    }

    private async Task<decimal> SetOffAsync(Guid companyId, Guid invoiceId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var ledger = await scope.ServiceProvider.GetRequiredService<IAggregateStore>().LoadAsync<CompanyLedger>(companyId, Ct);
        return InvoicePosting.SetOffIn(ledger.State, invoiceId, "CNY");
    }

    private async Task RepostAsync(Guid invoiceId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var invoice = await scope.ServiceProvider.GetRequiredService<IAggregateStore>().LoadAsync<SupplierInvoice>(invoiceId, Ct);
        await scope.ServiceProvider.GetRequiredService<InvoicePosting>().PostAsync(invoiceId, invoice.State, Ct);
    }

    // A payment order taken through the saga and the fake bank to completion; answers its id.
    private async Task<Guid> PayAsync(HttpClient admin, PaymentsApiFactory.Company c, string kind, Guid purposeId, decimal amount)
    {
        var id = Guid.NewGuid();
        await LedgerApi.JsonAsync(await admin.PostAsJsonAsync(Payments, Body(c.Id, id, kind, purposeId, amount), Ct), HttpStatusCode.Created);
        await api.RunSagaAsync(id);
        await api.RunConfirmationsJobAsync();
        await api.RunSagaAsync(id);
        var done = await LedgerApi.JsonAsync(await admin.GetAsync($"{Payments}/{id}?companyId={c.Id}", Ct), HttpStatusCode.OK);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        return id;
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
}
