using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Finance.Invoices;
using WellWon.Finance.PurchaseOrders;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.Fulfilment;
using WellWon.Finance.Tests.Http;
using WellWon.Logistics.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Sagas;
using static WellWon.Finance.Tests.PurchaseOrders.PurchaseOrderApi;

namespace WellWon.Finance.Tests.Invoices;

/// <summary>
/// Supplier invoices end to end over the real Api, PostgreSQL and Redis: a PO whose goods partly arrived, invoices matched and posted
/// to the ledger, a held one approved with a comment, a held one turned matched by a late receipt, duplicates refused, outsiders 404.
/// </summary>
public sealed class InvoiceHttpTests(FinanceApiFactory api) : IClassFixture<FinanceApiFactory>
{
    private const string Invoices = "/api/finance/invoices";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Matched_invoices_post_to_the_ledger_held_ones_wait_for_approval_or_their_goods_and_duplicates_are_refused()
    {
        var c = await api.CompanyAsync();
        // Nobody opens the company's books: the first approved invoice opens them with the importer's chart and posts there.
        using var member = api.ClientFor(c.Member);
        using var admin = api.ClientFor(c.Admin);
        using var manager = api.ClientFor(c.Manager);
        var (shipment, bearings, seals) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var po = IdOf(await member.CreateAsync(Body(c.Id, contract: $"C-{shipment:N}")));
        await JsonAsync(await admin.ActAsync(po, "approve"), HttpStatusCode.OK);
        await JsonAsync(await member.ActAsync(po, "send"), HttpStatusCode.OK);
        await JsonAsync(await member.ActAsync(po, "confirm"), HttpStatusCode.OK);
        await JsonAsync(await member.ActAsync(po, "links", new { lineNo = 1, shipmentId = shipment, cargoLineId = bearings, quantity = 1000 }), HttpStatusCode.OK);
        await JsonAsync(await member.ActAsync(po, "links", new { lineNo = 2, shipmentId = shipment, cargoLineId = seals, quantity = 200 }), HttpStatusCode.OK);
        // Every carton of bearings arrived, 5 of 10 of seals.
        var receipts = new List<RecordedEvent>
        {
            Recorded(c.Id, new GoodsReceived(Guid.NewGuid(), Guid.NewGuid(), shipment, bearings, 50, 50, [], c.Member, DateTimeOffset.UtcNow)),
            Recorded(c.Id, new GoodsReceived(Guid.NewGuid(), Guid.NewGuid(), shipment, seals, 10, 5, [], c.Member, DateTimeOffset.UtcNow)),
        };
        await RunFulfilmentAsync(shipment, po, receipts);

        // Bearings billed as received and ordered: matched, approved at once, on inventory and the supplier's payable.
        var matched = await JsonAsync(await member.PostAsJsonAsync(Invoices, Invoice(po, "NB-001", (1, 1000m, 12.50m)), Ct), HttpStatusCode.Created);
        Assert.Equal("approved", matched.GetProperty("status").GetString());
        var statement = await JsonAsync(await admin.GetAsync($"/api/finance/ledger/accounts/1510.USD/statement?companyId={c.Id}", Ct), HttpStatusCode.OK);
        var line = Assert.Single(statement.GetProperty("lines").EnumerateArray());
        Assert.Equal((IdOf(matched), 12_500.00m, InvoicePosting.CauseOf(IdOf(matched))),
            (line.GetProperty("entryId").GetGuid(), line.GetProperty("debit").GetDecimal(), line.GetProperty("cause").GetString()));

        // The same supplier number again: refused, naming the invoice that has it.
        var duplicate = await JsonAsync(await member.PostAsJsonAsync(Invoices, Invoice(po, " nb-001 ", (1, 1m, 12.50m)), Ct), HttpStatusCode.Conflict);
        Assert.Equal(("finance.invoice.duplicate-number", "number", IdOf(matched)),
            (duplicate.GetProperty("code").GetString(), duplicate.GetProperty("field").GetString(), duplicate.GetProperty("existingInvoiceId").GetGuid()));

        // All 200 seals billed while 100 arrived: held as over-invoiced; the PO line shows them invoiced.
        var seals200 = await JsonAsync(await member.PostAsJsonAsync(Invoices, Invoice(po, "NB-002", (2, 200m, 3.75m)), Ct), HttpStatusCode.Created);
        Assert.Equal("on_hold", seals200.GetProperty("status").GetString());
        Assert.Equal("over-invoiced-vs-received", seals200.GetProperty("match")[0].GetProperty("mismatches")[0].GetProperty("reason").GetString());
        Assert.Equal([1_000m, 200m], (await member.GetOrderAsync(po)).GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("invoiced").GetDecimal()));

        // A price above the PO on bearings already billed in full: held; a manager without a limit may not approve, an admin does with a comment.
        var extra = IdOf(await JsonAsync(await member.PostAsJsonAsync(Invoices, Invoice(po, "NB-003", (1, 10m, 13.00m)), Ct), HttpStatusCode.Created));
        Assert.Equal(("finance.invoice.approval-limit-exceeded", "total"), await ProblemAsync(await manager.PostAsJsonAsync($"{Invoices}/{extra}/approve", new { comment = "ok" }, Ct), HttpStatusCode.Forbidden));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync($"{Invoices}/{extra}/approve", new { comment = "ok" }, Ct)).StatusCode);
        var noComment = await JsonAsync(await admin.PostAsJsonAsync($"{Invoices}/{extra}/approve", new { comment = "" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal("finance.invoice.comment-required", noComment.GetProperty("codes").GetProperty("comment")[0].GetString());
        var approved = await JsonAsync(await admin.PostAsJsonAsync($"{Invoices}/{extra}/approve", new { comment = "Spare bearings agreed by phone" }, Ct), HttpStatusCode.OK);
        Assert.Equal(("approved", "Spare bearings agreed by phone", "admin"),
            (approved.GetProperty("status").GetString(), approved.GetProperty("approval").GetProperty("comment").GetString(), approved.GetProperty("approval").GetProperty("approverRole").GetString()));
        var entry = await JsonAsync(await admin.GetAsync($"/api/finance/ledger/entries/{extra}?companyId={c.Id}", Ct), HttpStatusCode.OK);
        Assert.Equal("posted", entry.GetProperty("status").GetString());

        // The rest of the seals arrive: the held invoice is matched again, approved and posted; the same receipt again changes nothing.
        var late = Recorded(c.Id, new GoodsReceived(Guid.NewGuid(), Guid.NewGuid(), shipment, seals, 10, 5, [], c.Member, DateTimeOffset.UtcNow));
        await RunFulfilmentAsync(shipment, po, [.. receipts, late]);
        var fulfilment = (await StreamAsync(StreamName.For<PurchaseOrder>(po))).Last(e => e.EventType == "finance.purchase-order-fulfilment-recorded.v1");
        await RunRematchAsync(po, fulfilment);
        await RunRematchAsync(po, fulfilment);
        var nowMatched = await JsonAsync(await member.GetAsync($"{Invoices}/{IdOf(seals200)}", Ct), HttpStatusCode.OK);
        Assert.Equal("approved", nowMatched.GetProperty("status").GetString());
        Assert.Equal(4, (await StreamAsync($"finance-supplier-invoice-{IdOf(seals200):N}")).Count);
        var sealsEntry = await JsonAsync(await admin.GetAsync($"/api/finance/ledger/entries/{IdOf(seals200)}?companyId={c.Id}", Ct), HttpStatusCode.OK);
        Assert.Equal("posted", sealsEntry.GetProperty("status").GetString());

        // Outsiders see nothing; viewers read but do not write; lists filter by status and PO.
        using var outsider = api.ClientFor(Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"{Invoices}/{IdOf(matched)}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync(Invoices, Invoice(po, "NB-900", (1, 1m, 12.50m)), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"{Invoices}/{extra}/reject", new { reason = "x" }, Ct)).StatusCode);
        using var viewer = api.ClientFor(c.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"{Invoices}/{IdOf(matched)}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync(Invoices, Invoice(po, "NB-901", (1, 1m, 12.50m)), Ct)).StatusCode);
        var list = await JsonAsync(await viewer.GetAsync($"{Invoices}?companyId={c.Id}&status=approved&purchaseOrderId={po}", Ct), HttpStatusCode.OK);
        Assert.Equal(3, list.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Amounts_are_checked_field_by_field_and_tolerances_are_the_admins_to_set()
    {
        var c = await api.CompanyAsync();
        using var member = api.ClientFor(c.Member);
        using var admin = api.ClientFor(c.Admin);
        var po = IdOf(await member.CreateAsync(Body(c.Id, contract: "T-1")));
        await JsonAsync(await admin.ActAsync(po, "approve"), HttpStatusCode.OK);
        var invalid = await JsonAsync(await member.PostAsJsonAsync(Invoices, new
        {
            purchaseOrderId = po, number = "X-1", invoiceDate = new DateOnly(2026, 4, 1), currency = "EUR",
            lines = new[] { new { poLineNo = 1, quantity = 3m, unitPrice = 0.3333m, amount = 0.99m } },
        }, Ct), HttpStatusCode.BadRequest);
        var codes = invalid.GetProperty("codes");
        Assert.Equal("finance.invoice.currency-mismatch", codes.GetProperty("currency")[0].GetString());
        Assert.Equal("finance.invoice.amount-mismatch", codes.GetProperty("lines[0].amount")[0].GetString());

        Assert.Equal(0.5m, (await JsonAsync(await member.GetAsync($"{Invoices}/settings?companyId={c.Id}", Ct), HttpStatusCode.OK)).GetProperty("pricePercent").GetDecimal());
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PutAsJsonAsync($"{Invoices}/settings", new { companyId = c.Id, quantityPercent = 5, pricePercent = 1 }, Ct)).StatusCode);
        await JsonAsync(await admin.PutAsJsonAsync($"{Invoices}/settings", new { companyId = c.Id, quantityPercent = 5, pricePercent = 1, priceAbsolute = new[] { new { currency = "usd", amount = 50 } } }, Ct), HttpStatusCode.OK);
        var settings = await JsonAsync(await member.GetAsync($"{Invoices}/settings?companyId={c.Id}", Ct), HttpStatusCode.OK);
        Assert.Equal((5m, "USD"), (settings.GetProperty("quantityPercent").GetDecimal(), settings.GetProperty("priceAbsolute")[0].GetProperty("currency").GetString()));

        // Nothing received yet: held; rejected with a reason, nothing is posted and the line is billable again.
        var held = await JsonAsync(await member.PostAsJsonAsync(Invoices, Invoice(po, "T-100", (1, 10m, 12.50m)), Ct), HttpStatusCode.Created);
        Assert.Equal("on_hold", held.GetProperty("status").GetString());
        var rejected = await JsonAsync(await admin.PostAsJsonAsync($"{Invoices}/{IdOf(held)}/reject", new { reason = "Goods not shipped yet" }, Ct), HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal(0m, (await member.GetOrderAsync(po)).GetProperty("lines")[0].GetProperty("invoiced").GetDecimal());
    }

    private static object Invoice(Guid po, string number, params (int Line, decimal Quantity, decimal Price)[] lines) => new
    {
        purchaseOrderId = po, number, invoiceDate = new DateOnly(2026, 4, 21), currency = "USD",
        lines = lines.Select(l => new { poLineNo = l.Line, quantity = l.Quantity, unitPrice = l.Price, amount = Currencies.Round(l.Quantity * l.Price, "USD") }).ToArray(),
    };

    private static RecordedEvent Recorded(Guid company, IDomainEvent e) =>
        new(0, $"logistics-warehouse-{Guid.NewGuid():N}", 0, Guid.NewGuid(), e.GetType().GetCustomAttributes(typeof(EventTypeAttribute), false).Cast<EventTypeAttribute>().Single().Name,
            JsonSerializer.SerializeToElement(e, e.GetType(), EventTypeRegistry.JsonOptions), EventMetadata.Empty with { TenantId = company }, DateTimeOffset.UtcNow, 0);

    /// <summary>The fulfilment saga fed the PO's links, the shipment's company and the receipts, as the event processor would.</summary>
    private async Task RunFulfilmentAsync(Guid shipment, Guid po, IReadOnlyList<RecordedEvent> receipts)
    {
        var company = (await StreamAsync(StreamName.For<PurchaseOrder>(po))).First().Metadata.TenantId!.Value;
        var created = new RecordedEvent(0, $"logistics-shipment-{shipment:N}", 0, Guid.NewGuid(), "logistics.shipment-created.v1",
            JsonSerializer.SerializeToElement(new ShipmentCreated(shipment, company, "WW-2026-000001", "sea", new ShipmentHeader(null, null, null, "FOB", "Shanghai", null), [], [], [], Guid.NewGuid(), DateTimeOffset.UtcNow), EventTypeRegistry.JsonOptions),
            EventMetadata.Empty with { TenantId = company }, DateTimeOffset.UtcNow, 0);
        var links = (await StreamAsync(StreamName.For<PurchaseOrder>(po))).Where(e => e.EventType == "finance.purchase-order-line-linked.v1");
        await RunSagaAsync(new PurchaseOrderFulfilmentSaga(), shipment, [.. links, created, .. receipts]);
    }

    private Task RunRematchAsync(Guid po, RecordedEvent fulfilment) => RunSagaAsync(new InvoiceRematchSaga(), po, [fulfilment]);

    private async Task RunSagaAsync(ISaga saga, Guid id, IReadOnlyList<RecordedEvent> events)
    {
        var registry = api.Services.GetRequiredService<EventTypeRegistry>();
        var state = saga.InitialState(id);
        foreach (var recorded in events)
        {
            var e = registry.Deserialize(recorded.EventType, recorded.Data)!;
            await using var scope = api.Services.CreateAsyncScope();
            state = (await saga.HandleAsync(state, e, new SagaContext(id, recorded, scope.ServiceProvider), Ct)).State;
        }
    }

    private async Task<List<RecordedEvent>> StreamAsync(string stream)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(stream, 0, ReadDirection.Forwards, 1000, Ct))
        {
            events.Add(e);
        }

        return events;
    }
}
