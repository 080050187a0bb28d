using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Finance.Invoices;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Tests.Http;
using WellWon.Platform.Kernel;
using static WellWon.Finance.Tests.PurchaseOrders.PurchaseOrderApi;

namespace WellWon.Finance.Tests.Invoices;

/// <summary>
/// A forwarder's invoice entered by hand over the real Api: approved and posted at once (Dr 1420 import services, Dr VAT, Cr the
/// forwarder's payable), its lines in the landed cost of the shipment they are allocated to; the same number again, another company's
/// shipment, broken fields, outsiders and viewers refused; the same request repeated answers the same invoice.
/// </summary>
public sealed class ServiceInvoiceHttpTests(FinanceApiFactory api) : IClassFixture<FinanceApiFactory>
{
    private const string Services = "/api/finance/invoices/services";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_service_invoice_is_posted_at_once_and_lands_on_its_shipment()
    {
        var c = await api.CompanyAsync();
        using var member = api.ClientFor(c.Member);
        var shipment = await ShipmentAsync(member, c.Id);
        var id = Guid.NewGuid();
        var body = Invoice(c.Id, id, "BSF-2026-0042", shipment);

        var created = await JsonAsync(await member.PostAsJsonAsync(Services, body, Ct), HttpStatusCode.Created);
        Assert.Equal((id, "service", "approved", 170_000m, 34_000m, 204_000m),
            (IdOf(created), created.GetProperty("kind").GetString(), created.GetProperty("status").GetString(), created.GetProperty("net").GetDecimal(),
                created.GetProperty("vat").GetDecimal(), created.GetProperty("total").GetDecimal()));
        var supplier = created.GetProperty("supplierId").GetGuid();
        Assert.Equal(
            [("1420.RUB", EntrySide.Debit, 170_000m), ("1610", EntrySide.Debit, 34_000m), ($"2110.RUB.{supplier:N}", EntrySide.Credit, 204_000m)],
            await EntryLinesAsync(c.Id, id));

        // The same request again (a retry) answers the same invoice; the same id with another invoice is refused.
        var repeated = await JsonAsync(await member.PostAsJsonAsync(Services, body, Ct), HttpStatusCode.OK);
        Assert.Equal(id, IdOf(repeated));
        var reused = await JsonAsync(await member.PostAsJsonAsync(Services, Invoice(c.Id, id, "BSF-2026-0043", shipment), Ct), HttpStatusCode.Conflict);
        Assert.Equal(("finance.invoice.id-reused", "invoiceId"), (reused.GetProperty("code").GetString(), reused.GetProperty("field").GetString()));

        // The freight and the handling show in the shipment's landed cost.
        var cost = await JsonAsync(await member.GetAsync($"/api/finance/landed-cost?companyId={c.Id}&shipmentId={shipment}", Ct), HttpStatusCode.OK);
        var actual = cost.GetProperty("actual");
        Assert.Equal((150_000m, 20_000m, 170_000m), (actual.GetProperty("freight").GetDecimal(), actual.GetProperty("services").GetDecimal(), actual.GetProperty("total").GetDecimal()));
        Assert.All(cost.GetProperty("lines").EnumerateArray(), l => Assert.Equal("service-invoice", l.GetProperty("source").GetString()));

        // The forwarder's number again (any case, any spaces), under a new id: refused naming the invoice that has it.
        var duplicate = await JsonAsync(await member.PostAsJsonAsync(Services, Invoice(c.Id, Guid.NewGuid(), " bsf-2026-0042 ", shipment), Ct), HttpStatusCode.Conflict);
        Assert.Equal(("finance.invoice.duplicate-number", "number", id),
            (duplicate.GetProperty("code").GetString(), duplicate.GetProperty("field").GetString(), duplicate.GetProperty("existingInvoiceId").GetGuid()));

        // Another company's shipment (or one that does not exist) is refused at the line that names it.
        var other = await api.CompanyAsync();
        using var otherMember = api.ClientFor(other.Member);
        var foreign = await ShipmentAsync(otherMember, other.Id);
        foreach (var shipmentId in new[] { foreign, Guid.NewGuid() })
        {
            var refused = await JsonAsync(await member.PostAsJsonAsync(Services, Invoice(c.Id, Guid.NewGuid(), $"BSF-{Guid.NewGuid():N}"[..12], shipment, shipmentId), Ct), HttpStatusCode.UnprocessableEntity);
            Assert.Equal(("finance.invoice.shipment-not-found", "lines[1].shipmentId"), (refused.GetProperty("code").GetString(), refused.GetProperty("field").GetString()));
        }

        // Outsiders are told nothing; viewers do not write.
        using var outsider = api.ClientFor(Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync(Services, Invoice(c.Id, Guid.NewGuid(), "X-1", shipment), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/finance/invoices/{id}", Ct)).StatusCode);
        using var viewer = api.ClientFor(c.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync(Services, Invoice(c.Id, Guid.NewGuid(), "X-2", shipment), Ct)).StatusCode);
        var list = await JsonAsync(await viewer.GetAsync($"/api/finance/invoices?companyId={c.Id}", Ct), HttpStatusCode.OK);
        Assert.Equal(1, list.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Broken_fields_are_named_each_with_its_rule()
    {
        var c = await api.CompanyAsync();
        using var member = api.ClientFor(c.Member);
        var invalid = await JsonAsync(await member.PostAsJsonAsync(Services, new
        {
            companyId = c.Id, supplier = new { name = "", country = "XX" }, number = "", invoiceDate = new DateOnly(2026, 4, 1), dueDate = new DateOnly(2026, 3, 1),
            currency = "ZZZ", lines = new object[] { new { description = "", amount = 0m }, new { description = "Storage", amount = -5m } }, vat = -1m,
        }, Ct), HttpStatusCode.BadRequest);
        var codes = invalid.GetProperty("codes");
        (string, string?)[] expected =
            [("supplier.name", "finance.invoice.supplier-required"), ("supplier.country", "finance.invoice.country-invalid"), ("dueDate", "finance.invoice.due-date-invalid"),
                ("number", "finance.invoice.number-required"), ("currency", "finance.invoice.currency-unknown"), ("lines[0].description", "finance.invoice.description-required"),
                ("lines[0].amount", "finance.invoice.amount-mismatch"), ("lines[1].amount", "finance.invoice.amount-mismatch"), ("vat", "finance.invoice.vat-invalid")];
        Assert.Equal(expected.Order(), codes.EnumerateObject().Select(p => (p.Name, p.Value[0].GetString())).Order());

        var total = await JsonAsync(await member.PostAsJsonAsync(Services, new
        {
            companyId = c.Id, supplier = new { name = "Broker LLC", country = "RU" }, number = "B-1", invoiceDate = new DateOnly(2026, 4, 1), dueDate = new DateOnly(2026, 5, 1),
            currency = "RUB", lines = new[] { new { description = "Customs brokerage", amount = 15_000m } }, vat = 3_000m, total = 18_000.01m,
        }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal("finance.invoice.total-mismatch", total.GetProperty("codes").GetProperty("total")[0].GetString());
    }

    private static object Invoice(Guid company, Guid id, string number, Guid shipment, Guid? handlingShipment = null) => new
    {
        companyId = company, invoiceId = id, supplier = new { name = "Blue Sea Forwarding", country = "CN" }, number,
        invoiceDate = new DateOnly(2026, 4, 21), dueDate = new DateOnly(2026, 5, 21), currency = "RUB",
        lines = new[]
        {
            new { description = "Sea freight Shanghai - Vladivostok", amount = 150_000m, shipmentId = (Guid?)shipment },
            new { description = "Terminal handling", amount = 20_000m, shipmentId = (Guid?)(handlingShipment ?? shipment) },
        },
        vat = 34_000m, total = 204_000m,
    };

    private static async Task<Guid> ShipmentAsync(HttpClient client, Guid company) =>
        IdOf(await JsonAsync(await client.PostAsJsonAsync("/api/shipments", new { companyId = company, mode = "sea", incoterm = "FOB", incotermPlace = "Shanghai" }, Ct), HttpStatusCode.Created));

    private async Task<(string Account, EntrySide Side, decimal Amount)[]> EntryLinesAsync(Guid companyId, Guid entryId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var ledger = (await scope.ServiceProvider.GetRequiredService<IAggregateStore>().LoadAsync<CompanyLedger>(companyId, Ct)).State;
        var entry = ledger.Entries[entryId];
        Assert.Equal((EntryStatus.Posted, InvoicePosting.CauseOf(entryId)), (entry.Status, entry.Cause));
        return [.. entry.Lines.Select(l => (ledger.Accounts[l.AccountId].Code, l.Side, l.Amount))];
    }
}
