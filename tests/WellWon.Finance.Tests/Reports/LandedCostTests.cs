using System.Net;
using System.Text.Json;
using WellWon.Finance.Invoices;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Payments;
using WellWon.Finance.PurchaseOrders;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.Tests.Http;
using WellWon.Finance.Tests.Payables;
using WellWon.Finance.Tests.PurchaseOrders;
using WellWon.Platform.EventStore;
using static WellWon.Finance.Tests.Http.LedgerApi;

namespace WellWon.Finance.Tests.Reports;

/// <summary>
/// A shipment's actual landed cost in roubles: the linked share of a goods invoice's PO lines, service lines allocated to it (freight,
/// insurance, other services), its declaration's customs payments and the FX difference of the payment of a foreign invoice.
/// </summary>
public sealed class LandedCostTests(FinanceApiFactory api) : IClassFixture<FinanceApiFactory>
{
    private static readonly DateTimeOffset At = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Goods_services_customs_and_fx_of_one_shipment_add_up_to_its_landed_cost()
    {
        var (_, company, client) = await api.OpenedAsync();
        var (shipment, other) = (Guid.NewGuid(), Guid.NewGuid());
        var log = new List<RecordedEvent>();

        // A PO of 1,000 bearings at 12.50 and 200 seals at 3.75 USD: half the bearings and all the seals travel in this shipment.
        var po = Guid.NewGuid();
        var by = Guid.NewGuid();
        log.AddRange(await api.AppendAsync($"finance-purchase-order-{po:N}", company,
            new PurchaseOrderCreated(po, company, "PO-2026-000001", PurchaseOrder.Check(PurchaseOrderFixture.Terms()), by, At),
            new PurchaseOrderLineLinked(po, company, 1, shipment, Guid.NewGuid(), 500m, by, At),
            new PurchaseOrderLineLinked(po, company, 1, other, Guid.NewGuid(), 500m, by, At),
            new PurchaseOrderLineLinked(po, company, 2, shipment, Guid.NewGuid(), 200m, by, At)));
        var goods = Guid.NewGuid();
        log.AddRange(await api.AppendAsync($"finance-supplier-invoice-{goods:N}", company,
            new SupplierInvoiceReceived(goods, company, InvoiceKinds.Goods, po, "PO-2026-000001", Guid.NewGuid(), "Ningbo Bearing Co.", "NB-4471", new DateOnly(2026, 10, 1), "USD",
                [new InvoiceLine(1, 1_000m, 12.50m, 12_500m), new InvoiceLine(2, 200m, 3.75m, 750m)], [], 13_250m, 0m, 13_250m, new DateOnly(2026, 11, 1), null, by, At),
            new SupplierInvoiceApproved(goods, company, true, null, null, null, 13_250m * 90m, At)));

        // A forwarder's USD invoice (freight and insurance for this shipment, handling for another) and a broker's in roubles.
        var forwarder = Guid.NewGuid();
        log.AddRange(await api.AppendAsync($"finance-supplier-invoice-{forwarder:N}", company,
            new SupplierInvoiceReceived(forwarder, company, InvoiceKinds.Service, null, null, Guid.NewGuid(), "Blue Sea Forwarding", "BSF-88", new DateOnly(2026, 10, 2), "USD", [],
                [new ServiceLine(shipment, "Sea freight Shanghai - St Petersburg", 1_000m), new ServiceLine(shipment, "Cargo insurance", 50m), new ServiceLine(other, "Handling", 200m)],
                1_250m, 0m, 1_250m, new DateOnly(2026, 11, 2), null, by, At),
            new SupplierInvoiceApproved(forwarder, company, true, null, null, null, 1_250m * 90m, At)));
        var broker = Guid.NewGuid();
        log.AddRange(await api.AppendAsync($"finance-supplier-invoice-{broker:N}", company,
            new SupplierInvoiceReceived(broker, company, InvoiceKinds.Service, null, null, Guid.NewGuid(), "Broker LLC", "B-17", new DateOnly(2026, 10, 3), "RUB", [],
                [new ServiceLine(shipment, "Customs brokerage", 15_000m)], 15_000m, 3_000m, 18_000m, new DateOnly(2026, 11, 3), null, by, At),
            new SupplierInvoiceApproved(broker, company, true, null, null, null, null, At)));

        // The forwarder was paid at 92 instead of 90: 2,500 roubles more, 84 % of it for this shipment.
        log.AddRange(await api.PaymentCompletedAsync(company, PaymentPurposes.SupplierInvoice, forwarder, 1_250m, "USD", At.AddDays(5), rubDebited: 115_000m));
        log.AddRange(await api.RegisteredDeclarationAsync(company, Guid.NewGuid(), shipment, FinanceLog.Sheet(50_000m, 110_000m, 8_530m), At.AddDays(20), "10702070/211026/3000011"));
        await api.ProjectAsync(log);

        var cost = await JsonAsync(await client.GetAsync($"/api/finance/landed-cost?companyId={company}&shipmentId={shipment}", Ct), HttpStatusCode.OK);
        Assert.Equal((shipment, "RUB"), (cost.GetProperty("shipmentId").GetGuid(), cost.GetProperty("currency").GetString()));
        var actual = cost.GetProperty("actual");
        decimal D(string name) => actual.GetProperty(name).GetDecimal();
        Assert.Equal((630_000m, 90_000m, 4_500m, 15_000m, 50_000m, 0m, 110_000m, 8_530m, 2_100m),
            (D("goods"), D("freight"), D("insurance"), D("services"), D("duty"), D("excise"), D("vat"), D("fees"), D("fxDifference")));
        Assert.Equal(910_130m, D("total"));
        Assert.Equal(910_130m, cost.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("amount").GetDecimal()));
        Assert.Contains(cost.GetProperty("lines").EnumerateArray(), l => l.GetProperty("kind").GetString() == "goods" && l.GetProperty("reference").GetString() == "NB-4471");
        Assert.Equal(JsonValueKind.Null, cost.TryGetProperty("estimate", out var estimate) ? estimate.ValueKind : JsonValueKind.Null);

        using var outsider = api.ClientFor(Guid.NewGuid());
        await JsonAsync(await outsider.GetAsync($"/api/finance/landed-cost?companyId={company}&shipmentId={shipment}", Ct), HttpStatusCode.NotFound);
    }
}
