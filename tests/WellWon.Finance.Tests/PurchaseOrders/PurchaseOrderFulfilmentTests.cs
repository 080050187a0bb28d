using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Finance.PurchaseOrders;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.Fulfilment;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Finance.Tests.Http;
using WellWon.Logistics.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.Sagas;
using static WellWon.Finance.Tests.PurchaseOrders.PurchaseOrderApi;

namespace WellWon.Finance.Tests.PurchaseOrders;

/// <summary>
/// Per-line quantities from Logistics' events: the fulfilment saga, fed a shipment's departure and a warehouse's receipts (in order,
/// shuffled, twice), records them on the linked purchase order, whose read model shows ordered, shipped and received per line; and
/// the read model rebuilt from the log in any order with repeats equals the live rows.
/// </summary>
public sealed class PurchaseOrderFulfilmentTests(FinanceApiFactory api) : IClassFixture<FinanceApiFactory>
{
    private static readonly DateTimeOffset Departed = new(2026, 3, 10, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Arrived = new(2026, 4, 20, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_departure_and_receipts_give_each_line_its_shipped_and_received_quantities_whatever_the_order_and_repeats()
    {
        var c = await api.CompanyAsync();
        using var member = api.ClientFor(c.Member);
        var (shipment, bearings, seals) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var id = await ConfirmedAndLinkedAsync(c, member, shipment, bearings, seals);

        var logistics = ShipmentEvents(c.Id, shipment, bearings, seals);
        var events = (await PurchaseOrderEventsAsync(id)).Where(e => e.EventType == "finance.purchase-order-line-linked.v1").Concat(logistics).ToList();
        await RunSagaAsync(shipment, events);

        var order = await member.GetOrderAsync(id);
        Assert.Equal("partly_shipped", order.GetProperty("status").GetString());
        Assert.Equal([(1, 1_000m, 1_000m, 1_000m, 1_000m), (2, 200m, 200m, 200m, 100m)], Lines(order));
        var version = order.GetProperty("version").GetInt64();

        // The same facts again, shuffled and repeated, from a saga that forgot everything: the PO records nothing new.
        for (var seed = 1; seed <= 5; seed++)
        {
            var random = new Random(seed);
            await RunSagaAsync(shipment, [.. events.Concat(events.Where(_ => random.Next(2) == 0)).OrderBy(_ => random.Next())]);
        }

        order = await member.GetOrderAsync(id);
        Assert.Equal((version, "partly_shipped"), (order.GetProperty("version").GetInt64(), order.GetProperty("status").GetString()));

        // The rest of the seals arrive: every line is received in full.
        var last = Recorded($"logistics-warehouse-{Guid.NewGuid():N}", 0, c.Id, new GoodsReceived(Guid.NewGuid(), Guid.NewGuid(), shipment, seals, 10, 5, [], Guid.NewGuid(), Arrived.AddDays(2)));
        await RunSagaAsync(shipment, [.. events, last]);
        order = await member.GetOrderAsync(id);
        Assert.Equal("received", order.GetProperty("status").GetString());
        Assert.Equal([(1, 1_000m, 1_000m, 1_000m, 1_000m), (2, 200m, 200m, 200m, 200m)], Lines(order));
        Assert.Equal("2026-05-22", order.GetProperty("payments")[1].GetProperty("dueDate").GetString()); // 30 days after the last receipt
        await JsonAsync(await member.ActAsync(id, "close"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_shipment_of_another_company_moves_nothing()
    {
        var c = await api.CompanyAsync();
        using var member = api.ClientFor(c.Member);
        var (shipment, bearings, seals) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var id = await ConfirmedAndLinkedAsync(c, member, shipment, bearings, seals);
        var foreign = ShipmentEvents(Guid.NewGuid(), shipment, bearings, seals);
        await RunSagaAsync(shipment, [.. (await PurchaseOrderEventsAsync(id)).Where(e => e.EventType == "finance.purchase-order-line-linked.v1"), .. foreign]);
        var order = await member.GetOrderAsync(id);
        Assert.Equal(("confirmed", 0m), (order.GetProperty("status").GetString(), Lines(order).Sum(l => l.Shipped)));
    }

    [Fact]
    public async Task The_read_model_replayed_from_the_log_in_order_or_shuffled_with_repeats_equals_the_live_rows()
    {
        var c = await api.CompanyAsync();
        using var member = api.ClientFor(c.Member);
        using var admin = api.ClientFor(c.Admin);
        var (shipment, bearings, seals) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var linked = await ConfirmedAndLinkedAsync(c, member, shipment, bearings, seals);
        var draft = IdOf(await member.CreateAsync(Body(c.Id, contract: "X-1")));
        await JsonAsync(await member.PutAsJsonAsync($"{Root}/{draft}", Body(c.Id, contract: "X-1", supplier: "Edited Co."), Ct), HttpStatusCode.OK);
        var cancelled = IdOf(await member.CreateAsync(Body(c.Id, contract: "X-2")));
        await JsonAsync(await admin.ActAsync(cancelled, "approve"), HttpStatusCode.OK);
        await JsonAsync(await member.ActAsync(cancelled, "cancel", new { reason = "Duplicate" }), HttpStatusCode.OK);
        await RunSagaAsync(shipment, [.. (await PurchaseOrderEventsAsync(linked)).Where(e => e.EventType == "finance.purchase-order-line-linked.v1"), .. ShipmentEvents(c.Id, shipment, bearings, seals)]);

        var expected = 0L;
        foreach (var id in new[] { linked, draft, cancelled })
        {
            expected += (await PurchaseOrderEventsAsync(id)).Count;
        }

        var log = await LogAsync(c.Id, expected);
        var projection = api.Services.GetServices<IProjection>().OfType<PurchaseOrdersProjection>().Single();
        var replayed = projection.Table.WithSuffix("__rpl");
        var shuffled = projection.Table.WithSuffix("__shf");
        await projection.CreateTableAsync(replayed, Ct);
        await projection.CreateTableAsync(shuffled, Ct);
        foreach (var e in log)
        {
            await projection.ApplyAsync(e, replayed, Ct);
        }

        Assert.Equal(3, await CountAsync($"SELECT count(*) FROM {replayed}"));
        Assert.Equal(0, await DifferenceAsync(projection.Table, replayed, c.Id));
        for (var seed = 1; seed <= 10; seed++)
        {
            await CountAsync($"DELETE FROM {shuffled}");
            var random = new Random(seed);
            foreach (var e in log.Concat(log.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()))
            {
                await projection.ApplyAsync(e, shuffled, Ct);
            }

            Assert.Equal(0, await DifferenceAsync(projection.Table, shuffled, c.Id));
        }

        foreach (var e in log)
        {
            await ((IProjection)projection).ApplyAsync(e, Ct);
        }

        Assert.Equal(0, await DifferenceAsync(projection.Table, replayed, c.Id));
    }

    private async Task<Guid> ConfirmedAndLinkedAsync(Company c, HttpClient member, Guid shipment, Guid bearings, Guid seals)
    {
        using var admin = api.ClientFor(c.Admin);
        var id = IdOf(await member.CreateAsync(Body(c.Id, contract: $"C-{shipment:N}")));
        await JsonAsync(await admin.ActAsync(id, "approve"), HttpStatusCode.OK);
        await JsonAsync(await member.ActAsync(id, "send"), HttpStatusCode.OK);
        await JsonAsync(await member.ActAsync(id, "confirm"), HttpStatusCode.OK);
        await JsonAsync(await member.ActAsync(id, "links", new { lineNo = 1, shipmentId = shipment, cargoLineId = bearings, quantity = 1000 }), HttpStatusCode.OK);
        await JsonAsync(await member.ActAsync(id, "links", new { lineNo = 2, shipmentId = shipment, cargoLineId = seals, quantity = 200 }), HttpStatusCode.OK);
        Assert.Equal(
            ("finance.po.link-exceeds-ordered", "quantity"),
            await ProblemAsync(await member.ActAsync(id, "links", new { lineNo = 2, shipmentId = Guid.NewGuid(), cargoLineId = Guid.NewGuid(), quantity = 1 }), HttpStatusCode.UnprocessableEntity));
        return id;
    }

    /// <summary>A shipment of <paramref name="company"/> created, booked and departed; all 50 cartons of bearings and 5 of 10 of seals received.</summary>
    private static List<RecordedEvent> ShipmentEvents(Guid company, Guid shipment, Guid bearings, Guid seals)
    {
        var stream = $"logistics-shipment-{shipment:N}";
        var warehouse = $"logistics-warehouse-{Guid.NewGuid():N}";
        var by = Guid.NewGuid();
        return
        [
            Recorded(stream, 0, company, new ShipmentCreated(shipment, company, "WW-2026-000001", "sea", new ShipmentHeader(null, null, null, "FOB", "Shanghai", null), [], [], [], by, Departed.AddDays(-5))),
            Recorded(stream, 1, company, new ShipmentBooked(shipment, company, "WW-2026-000001", Guid.NewGuid(), by, Departed.AddDays(-4))),
            Recorded(stream, 2, company, new MilestoneRecorded(shipment, new Milestone(Guid.NewGuid(), "departed", Departed, "CNSHA", null, null, MilestoneSource.User(by), null), ShipmentStatuses.InTransit, Departed)),
            Recorded(warehouse, 0, company, new GoodsReceived(Guid.NewGuid(), Guid.NewGuid(), shipment, bearings, 50, 50, [], by, Arrived)),
            Recorded(warehouse, 1, company, new GoodsReceived(Guid.NewGuid(), Guid.NewGuid(), shipment, seals, 10, 5, [new ReceiptDiscrepancy("shortage", 10, 5, "Short-shipped")], by, Arrived)),
        ];
    }

    private static RecordedEvent Recorded(string stream, long version, Guid company, IDomainEvent e) =>
        new(0, stream, version, Guid.NewGuid(), e.GetType().GetCustomAttributes(typeof(EventTypeAttribute), false).Cast<EventTypeAttribute>().Single().Name,
            JsonSerializer.SerializeToElement(e, e.GetType(), EventTypeRegistry.JsonOptions), EventMetadata.Empty with { TenantId = company },
            e is MilestoneRecorded m ? m.RecordedAt : Departed, 0);

    /// <summary>Runs the saga's steps over <paramref name="events"/> from a fresh state, as a saga store that forgot the shipment would.</summary>
    private async Task RunSagaAsync(Guid shipment, IReadOnlyList<RecordedEvent> events)
    {
        ISaga saga = new PurchaseOrderFulfilmentSaga();
        var registry = api.Services.GetRequiredService<EventTypeRegistry>();
        var state = saga.InitialState(shipment);
        foreach (var recorded in events)
        {
            var e = registry.Deserialize(recorded.EventType, recorded.Data)!;
            Assert.Equal(shipment, saga.SagaIdOf(e));
            await using var scope = api.Services.CreateAsyncScope();
            state = (await saga.HandleAsync(state, e, new SagaContext(shipment, recorded, scope.ServiceProvider), Ct)).State;
        }
    }

    private async Task<List<RecordedEvent>> PurchaseOrderEventsAsync(Guid id)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<PurchaseOrder>(id), 0, ReadDirection.Forwards, 1000, Ct))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>The company's PO events as the whole log holds them, once all are readable (a transaction still open elsewhere delays them).</summary>
    private async Task<List<RecordedEvent>> LogAsync(Guid company, long expected)
    {
        var store = api.Services.GetRequiredService<IEventStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var log = (await store.ReadAllAsync(LogPosition.Start, 100_000, Ct))
                .Where(e => e.StreamId.StartsWith(PurchaseOrdersProjection.StreamCategory + "-", StringComparison.Ordinal) && e.Metadata.TenantId == company).ToList();
            if (log.Count >= expected || DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected, log.Count);
                return log;
            }

            await Task.Delay(100, Ct);
        }
    }

    private static IReadOnlyList<(int LineNo, decimal Ordered, decimal Linked, decimal Shipped, decimal Received)> Lines(JsonElement order) =>
        [.. order.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("lineNo").GetInt32(), l.GetProperty("ordered").GetDecimal(),
            l.GetProperty("linked").GetDecimal(), l.GetProperty("shipped").GetDecimal(), l.GetProperty("received").GetDecimal()))];

    private async Task<long> DifferenceAsync(ProjectionTable live, ProjectionTable copy, Guid company) =>
        await CountAsync($"""
            SELECT count(*) FROM (
                (SELECT * FROM {live} WHERE company_id = '{company}' EXCEPT TABLE {copy})
                UNION ALL
                (TABLE {copy} EXCEPT SELECT * FROM {live} WHERE company_id = '{company}')) AS d
            """);

    private async Task<long> CountAsync(string sql)
    {
        await using var db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(api.Database));
        await using var command = db.CreateCommand(sql);
        return await command.ExecuteScalarAsync(Ct) is long n ? n : 0;
    }
}
