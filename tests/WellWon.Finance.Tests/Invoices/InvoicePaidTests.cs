using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Finance.Invoices;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Finance.Payments;
using WellWon.Finance.Tests.Http;
using WellWon.Finance.Tests.Payments;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.Sagas;

namespace WellWon.Finance.Tests.Invoices;

/// <summary>
/// A supplier invoice of 10,000 CNY paid by two payment orders through the fake bank: after the first (4,000) it stays approved with
/// 4,000 paid and 6,000 open and cannot be cancelled; after the second it is paid with nothing open, takes no more payments and
/// cannot be cancelled. Each completion is recorded once however often it is delivered, and a replay of the invoices' projection in
/// any order, with repeats, gives the same rows.
/// </summary>
public sealed class InvoicePaidTests(PaymentsApiFactory api) : IClassFixture<PaymentsApiFactory>
{
    private const string Payments = PaymentEndpoints.Root;
    private const string Unk = "26010001/1481/0000/2/1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_invoice_paid_in_full_is_paid_with_nothing_open_and_neither_paid_again_nor_cancelled()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var invoice = await LedgerApi.JsonAsync(await admin.PostAsJsonAsync("/api/finance/invoices/services", new
        {
            companyId = c.Id, invoiceId = Guid.NewGuid(), supplier = new { name = "Ningbo Port Logistics", country = "CN" }, number = $"NPL-{Guid.NewGuid():N}"[..12],
            invoiceDate = DateOnly.FromDateTime(DateTime.UtcNow), dueDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30), currency = "CNY",
            lines = new[] { new { description = "Port handling and storage", amount = 10_000m } }, vat = 0m, total = 10_000m,
        }, Ct), HttpStatusCode.Created);
        var id = invoice.GetProperty("id").GetGuid();
        Assert.Equal(("approved", 0m, 10_000m), Figures(invoice));

        // Partly paid: still approved, the rest open, and money that went out is not cancelled away.
        var first = await PayAsync(admin, c, id, 4_000m);
        Assert.True(await PaymentSagaAsync(first));
        Assert.Equal(("approved", 4_000m, 6_000m), Figures(await GetAsync(admin, id)));
        Assert.Equal(("approved", 4_000m, 6_000m), Figures(await RowAsync(admin, c.Id, id)));
        Assert.Equal(InvoiceErrors.AlreadyPaid, await CancelRefusedAsync(admin, id));

        // Paid in full: paid, nothing open, no Pay, no Cancel.
        var second = await PayAsync(admin, c, id, 6_000m);
        Assert.True(await PaymentSagaAsync(second));
        Assert.Equal(("paid", 10_000m, 0m), Figures(await GetAsync(admin, id)));
        Assert.Equal(("paid", 10_000m, 0m), Figures(await RowAsync(admin, c.Id, id)));
        var refused = await LedgerApi.JsonAsync(await admin.PostAsJsonAsync(Payments, Body(c.Id, Guid.NewGuid(), id, 0.01m), Ct), HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("finance.payment.", refused.GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.Equal(InvoiceErrors.AlreadyPaid, await CancelRefusedAsync(admin, id));

        // Each completion delivered again (a redelivery, a replay): one payment recorded per payment order.
        Assert.False(await PaymentSagaAsync(first));
        Assert.False(await PaymentSagaAsync(second));
        var log = await InvoiceLogAsync(id);
        Assert.Equal([first, second], log.Where(e => e.EventType == "finance.supplier-invoice-payment-recorded.v1")
            .Select(e => ((SupplierInvoicePaymentRecorded)Registry.Deserialize(e.EventType, e.Data)!).PaymentOrderId));
        Assert.Equal(("paid", 10_000m, 0m), Figures(await GetAsync(admin, id)));

        // The projection replayed from the log, in order and shuffled with repeats, gives the live row.
        var projection = api.Services.GetServices<IProjection>().OfType<SupplierInvoicesProjection>().Single();
        var db = api.Services.GetRequiredService<NpgsqlDataSource>();
        await ProjectionReplays.AssertSameRowsAsync(projection, db, log, "id = $1", id, runs: 4);
    }

    private EventTypeRegistry Registry => api.Services.GetRequiredService<EventTypeRegistry>();

    private static (string?, decimal, decimal) Figures(JsonElement invoice) =>
        (invoice.GetProperty("status").GetString(), invoice.GetProperty("paid").GetDecimal(), invoice.GetProperty("open").GetDecimal());

    private static async Task<JsonElement> GetAsync(HttpClient client, Guid id) =>
        await LedgerApi.JsonAsync(await client.GetAsync($"/api/finance/invoices/{id}", Ct), HttpStatusCode.OK);

    private static async Task<JsonElement> RowAsync(HttpClient client, Guid companyId, Guid id) =>
        (await LedgerApi.JsonAsync(await client.GetAsync($"/api/finance/invoices?companyId={companyId}", Ct), HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);

    private static async Task<string?> CancelRefusedAsync(HttpClient client, Guid id) =>
        (await LedgerApi.JsonAsync(await client.PostAsJsonAsync($"/api/finance/invoices/{id}/cancel", new { reason = "Entered twice" }, Ct), HttpStatusCode.UnprocessableEntity))
            .GetProperty("code").GetString();

    // The invoices' payment saga handed the order's completion, as the event processor would; answers whether the invoice changed.
    private async Task<bool> PaymentSagaAsync(Guid paymentOrderId)
    {
        var completed = (await api.StreamAsync(paymentOrderId)).Single(e => e.EventType == "finance.payment-order-completed.v1");
        var invoiceId = ((PaymentOrderCompleted)Registry.Deserialize(completed.EventType, completed.Data)!).PurposeId;
        var before = (await InvoiceLogAsync(invoiceId)).Count;
        ISaga saga = new SupplierInvoicePaymentSaga();
        await using var scope = api.Services.CreateAsyncScope();
        var e = Registry.Deserialize(completed.EventType, completed.Data)!;
        await saga.HandleAsync(saga.InitialState(paymentOrderId), e, new SagaContext(paymentOrderId, completed, scope.ServiceProvider), Ct);
        return (await InvoiceLogAsync(invoiceId)).Count > before;
    }

    private async Task<List<RecordedEvent>> InvoiceLogAsync(Guid invoiceId)
    {
        var log = new List<RecordedEvent>();
        await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<SupplierInvoice>(invoiceId), 0, ReadDirection.Forwards, 1000, Ct))
        {
            log.Add(e);
        }

        return log;
    }

    // A payment order taken through the payment saga and the fake bank to completion; answers its id.
    private async Task<Guid> PayAsync(HttpClient admin, PaymentsApiFactory.Company c, Guid invoiceId, decimal amount)
    {
        var id = Guid.NewGuid();
        await LedgerApi.JsonAsync(await admin.PostAsJsonAsync(Payments, Body(c.Id, id, invoiceId, amount), Ct), HttpStatusCode.Created);
        await api.RunSagaAsync(id);
        await api.RunConfirmationsJobAsync();
        await api.RunSagaAsync(id);
        Assert.Equal("completed", (await LedgerApi.JsonAsync(await admin.GetAsync($"{Payments}/{id}?companyId={c.Id}", Ct), HttpStatusCode.OK)).GetProperty("status").GetString());
        return id;
    }

    private static object Body(Guid company, Guid id, Guid invoiceId, decimal amount) => new
    {
        companyId = company,
        paymentOrderId = id,
        purpose = new { kind = PaymentPurposes.SupplierInvoice, id = invoiceId },
        beneficiary = new { name = "Ningbo Port Logistics", account = "GB82WEST12345698765432", swift = (string?)"BKCHCNBJ92A", bankName = "Bank of China", country = "CN" },
        amount,
        currency = "CNY",
        purposeText = "Port handling and storage",
        contractRegistrationNumber = Unk,
    };
}
