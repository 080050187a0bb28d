using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Logistics.Domain;
using WellWon.Logistics.ReadModel;
using WellWon.Logistics.Tests.Hosts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using static WellWon.Logistics.Tests.Hosts.Answers;

namespace WellWon.Logistics.Tests.Http;

/// <summary>Warehouses end to end: the real Api on real PostgreSQL and Redis, roles from the Companies API.</summary>
public sealed class WarehouseHttpTests(LogisticsApiFactory api) : IClassFixture<LogisticsApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A company with a warehouse (location A-01-03) and a shipment whose one cargo line has 10 packages.</summary>
    private async Task<(Guid Owner, Guid Company, Guid Warehouse, Guid Shipment, Guid Line)> SetUpAsync()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);
        var (shipment, _) = await Shipments.CreateAsync(client, Shipments.Sea(company));
        var line = (await client.GetJsonAsync($"/api/shipments/{shipment}")).GetProperty("cargo")[0].GetProperty("id").GetGuid();
        var created = await client.PostJsonAsync("/api/warehouses", new { companyId = company, name = "Shushary DC", address = "Saint Petersburg", unLocode = "ru led" });
        var warehouse = (await JsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/warehouses/{warehouse}", created.Headers.Location?.ToString());
        await JsonAsync(await client.PostJsonAsync($"/api/warehouses/{warehouse}/locations", new { code = "a-01-03" }), HttpStatusCode.Created);
        return (owner, company, warehouse, shipment, line);
    }

    private static async Task<List<(Guid Line, string? Location, int Quantity)>> StockAsync(HttpClient client, string url) =>
        [.. (await client.GetJsonAsync(url)).GetProperty("items").EnumerateArray().Select(i =>
            (i.GetProperty("cargoLineId").GetGuid(), i.GetProperty("location").GetString(), i.GetProperty("quantity").GetInt32()))];

    [Fact]
    public async Task Receive_put_away_and_release_show_in_the_stock_at_once_and_an_over_release_is_422()
    {
        var (owner, company, warehouse, shipment, line) = await SetUpAsync();
        using var client = api.ClientFor(owner);

        var receipt = await client.PostJsonAsync($"/api/warehouses/{warehouse}/receipts", new
        {
            shipmentId = shipment, cargoLineId = line, packages = 9,
            discrepancies = new[] { new { kind = "shortage", expected = 10, received = 9, reason = "One pallet missing" } },
        });
        await JsonAsync(receipt, HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync($"/api/warehouses/{warehouse}/put-away",
            new { shipmentId = shipment, cargoLineId = line, location = "A-01-03", packages = 7 })).StatusCode);
        await JsonAsync(await client.PostJsonAsync($"/api/warehouses/{warehouse}/releases",
            new { shipmentId = shipment, cargoLineId = line, location = "A-01-03", packages = 3 }), HttpStatusCode.Created);

        Assert.Equal([(line, null, 2), (line, "A-01-03", 4)], await StockAsync(client, $"/api/warehouses/{warehouse}/stock"));
        Assert.Equal([(line, null, 2), (line, "A-01-03", 4)], await StockAsync(client, $"/api/shipments/{shipment}/stock"));
        var view = await client.GetJsonAsync($"/api/warehouses/{warehouse}");
        Assert.Equal(("RULED", "A-01-03"), (view.GetProperty("unLocode").GetString(), view.GetProperty("locations")[0].GetString()));
        var recorded = view.GetProperty("receipts")[0];
        Assert.Equal((10, 9, "One pallet missing"), (recorded.GetProperty("expected").GetInt32(), recorded.GetProperty("received").GetInt32(),
            recorded.GetProperty("discrepancies")[0].GetProperty("reason").GetString()));
        Assert.Equal(warehouse, Assert.Single((await client.GetJsonAsync($"/api/warehouses?companyId={company}")).GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        await ProblemAsync(await client.PostJsonAsync($"/api/warehouses/{warehouse}/releases",
            new { shipmentId = shipment, cargoLineId = line, location = "A-01-03", packages = 5 }), HttpStatusCode.UnprocessableEntity, WarehouseErrors.ReleaseExceedsStock);
        await ProblemAsync(await client.PostJsonAsync($"/api/warehouses/{warehouse}/put-away",
            new { shipmentId = shipment, cargoLineId = line, location = "A-01-03", packages = 3 }), HttpStatusCode.UnprocessableEntity, WarehouseErrors.PutAwayExceedsUnallocated);
        Assert.Equal([(line, null, 2), (line, "A-01-03", 4)], await StockAsync(client, $"/api/warehouses/{warehouse}/stock"));
    }

    [Fact]
    public async Task Broken_bodies_are_400_naming_each_field_and_a_location_is_unique()
    {
        var (owner, company, warehouse, shipment, line) = await SetUpAsync();
        using var client = api.ClientFor(owner);

        var created = await InvalidAsync(await client.PostJsonAsync("/api/warehouses", new { companyId = company, name = "", unLocode = "QQLED" }));
        Assert.Equal(["logistics.warehouse-name-invalid"], created["name"]);
        Assert.Equal(["logistics.unlocode-country-unknown"], created["unLocode"]);
        var received = await InvalidAsync(await client.PostJsonAsync($"/api/warehouses/{warehouse}/receipts", new
        {
            shipmentId = shipment, cargoLineId = line, packages = -1,
            discrepancies = new[] { new { kind = "lost", expected = 10, received = 9, reason = "" } },
        }));
        Assert.Equal(["logistics.quantity-invalid"], received["packages"]);
        Assert.Equal(["logistics.discrepancy-kind-invalid"], received["discrepancies[0].kind"]);
        Assert.Equal(["logistics.reason-required"], received["discrepancies[0].reason"]);
        var released = await InvalidAsync(await client.PostJsonAsync($"/api/warehouses/{warehouse}/releases", new { shipmentId = shipment, cargoLineId = line, location = "A 1", packages = 0 }));
        Assert.Equal(["logistics.location-code-invalid"], released["location"]);
        Assert.Equal(["logistics.quantity-invalid"], released["packages"]);
        var duplicate = await InvalidAsync(await client.PostJsonAsync($"/api/warehouses/{warehouse}/locations", new { code = "A-01-03" }));
        Assert.Equal(["logistics.location-duplicate"], duplicate["code"]);
    }

    [Fact]
    public async Task An_outsider_is_told_404_a_viewer_reads_and_gets_403_and_another_companys_shipment_is_404()
    {
        var (owner, company, warehouse, shipment, line) = await SetUpAsync();
        var viewer = Guid.NewGuid();
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using var stranger = api.ClientFor(Guid.NewGuid());
        using var asViewer = api.ClientFor(viewer);
        var move = new { shipmentId = shipment, cargoLineId = line, location = "A-01-03", packages = 1 };

        foreach (var answer in new[]
        {
            await stranger.GetAsync($"/api/warehouses/{warehouse}", Ct),
            await stranger.GetAsync($"/api/warehouses/{warehouse}/stock", Ct),
            await stranger.PostJsonAsync($"/api/warehouses/{warehouse}/locations", new { code = "C-01" }),
            await stranger.PostJsonAsync($"/api/warehouses/{warehouse}/receipts", new { shipmentId = shipment, cargoLineId = line, packages = 1 }),
            await stranger.PostJsonAsync($"/api/warehouses/{warehouse}/put-away", move),
            await stranger.PostJsonAsync($"/api/warehouses/{warehouse}/releases", move),
        })
        {
            await ProblemAsync(answer, HttpStatusCode.NotFound, WarehouseErrors.NotFound);
        }

        await ProblemAsync(await stranger.GetAsync($"/api/shipments/{shipment}/stock", Ct), HttpStatusCode.NotFound, ShipmentErrors.NotFound);
        await ProblemAsync(await stranger.GetAsync($"/api/warehouses?companyId={company}", Ct), HttpStatusCode.NotFound, "companies.company-not-found");

        await asViewer.GetJsonAsync($"/api/warehouses/{warehouse}");
        await asViewer.GetJsonAsync($"/api/warehouses/{warehouse}/stock");
        foreach (var answer in new[]
        {
            await asViewer.PostJsonAsync("/api/warehouses", new { companyId = company, name = "Mine", unLocode = "RULED" }),
            await asViewer.PostJsonAsync($"/api/warehouses/{warehouse}/locations", new { code = "C-01" }),
            await asViewer.PostJsonAsync($"/api/warehouses/{warehouse}/receipts", new { shipmentId = shipment, cargoLineId = line, packages = 1 }),
            await asViewer.PostJsonAsync($"/api/warehouses/{warehouse}/releases", move),
        })
        {
            await ProblemAsync(answer, HttpStatusCode.Forbidden, "auth.forbidden");
        }

        // The owner's other company's shipment, received into this company's warehouse: no such shipment here.
        var other = await api.CreateCompanyAsync(owner, "Other Co");
        using var client = api.ClientFor(owner);
        var (foreign, _) = await Shipments.CreateAsync(client, Shipments.Sea(other));
        await ProblemAsync(await client.PostJsonAsync($"/api/warehouses/{warehouse}/receipts", new { shipmentId = foreign, cargoLineId = line, packages = 1 }),
            HttpStatusCode.NotFound, ShipmentErrors.NotFound);
        await ProblemAsync(await client.PostJsonAsync($"/api/warehouses/{warehouse}/receipts", new { shipmentId = shipment, cargoLineId = Guid.NewGuid(), packages = 1 }),
            HttpStatusCode.NotFound, ShipmentErrors.CargoLineNotFound);
    }

    [Fact]
    public async Task Two_releases_racing_for_the_last_packages_end_with_one_release_and_stock_at_zero()
    {
        var (owner, _, warehouse, shipment, line) = await SetUpAsync();
        using var client = api.ClientFor(owner);
        await JsonAsync(await client.PostJsonAsync($"/api/warehouses/{warehouse}/receipts", new { shipmentId = shipment, cargoLineId = line, packages = 10 }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync($"/api/warehouses/{warehouse}/put-away",
            new { shipmentId = shipment, cargoLineId = line, location = "A-01-03", packages = 10 })).StatusCode);

        // At the store: both decide on the same version; the second append is refused by its expected version.
        var store = api.Services.GetRequiredService<IAggregateStore>();
        var first = await store.LoadAsync<Warehouse>(warehouse, Ct);
        var second = await store.LoadAsync<Warehouse>(warehouse, Ct);
        first.Release(Guid.NewGuid(), shipment, line, "A-01-03", 10, owner, DateTimeOffset.UtcNow);
        second.Release(Guid.NewGuid(), shipment, line, "A-01-03", 10, owner, DateTimeOffset.UtcNow);
        await store.SaveAsync(first, Ct);
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => store.SaveAsync(second, Ct));

        // Over HTTP: 5 packages put back, then two clients release all 5 at once; one wins, the other is refused.
        await JsonAsync(await client.PostJsonAsync($"/api/warehouses/{warehouse}/receipts", new { shipmentId = shipment, cargoLineId = line, packages = 5 }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync($"/api/warehouses/{warehouse}/put-away",
            new { shipmentId = shipment, cargoLineId = line, location = "A-01-03", packages = 5 })).StatusCode);
        using var other = api.ClientFor(owner);
        var move = new { shipmentId = shipment, cargoLineId = line, location = "A-01-03", packages = 5 };
        var answers = await Task.WhenAll(client.PostJsonAsync($"/api/warehouses/{warehouse}/releases", move), other.PostJsonAsync($"/api/warehouses/{warehouse}/releases", move));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        var loser = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.Created);
        Assert.Contains(loser.StatusCode, new[] { HttpStatusCode.UnprocessableEntity, HttpStatusCode.Conflict });
        Assert.Empty(await StockAsync(client, $"/api/warehouses/{warehouse}/stock"));
    }

    [Fact]
    public async Task A_replay_in_any_order_with_repeats_equals_the_live_rows_and_a_redelivery_changes_nothing()
    {
        var (owner, _, warehouse, shipment, line) = await SetUpAsync();
        using var client = api.ClientFor(owner);
        await client.PostJsonAsync($"/api/warehouses/{warehouse}/locations", new { code = "B-02" });
        for (var i = 0; i < 3; i++)
        {
            await JsonAsync(await client.PostJsonAsync($"/api/warehouses/{warehouse}/receipts", new { shipmentId = shipment, cargoLineId = line, packages = 4 }), HttpStatusCode.Created);
            await client.PostJsonAsync($"/api/warehouses/{warehouse}/put-away", new { shipmentId = shipment, cargoLineId = line, location = i == 1 ? "B-02" : "A-01-03", packages = 3 });
            await client.PostJsonAsync($"/api/warehouses/{warehouse}/releases", new { shipmentId = shipment, cargoLineId = line, location = "A-01-03", packages = 2 });
        }

        var log = new List<RecordedEvent>();
        await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<Warehouse>(warehouse), 0, ReadDirection.Forwards, 1000, Ct))
        {
            log.Add(e);
        }

        Assert.Equal(11, log.Count); // the second round's release found 1 package at A-01-03 and was refused
        var projections = api.Services.GetServices<IProjection>().OfType<IRebuildableProjection>()
            .Where(p => p.Name is "logistics.warehouses" or "logistics.warehouse-stock").ToList();
        Assert.Equal(2, projections.Count);
        foreach (var projection in projections)
        {
            var key = projection.Table == WarehousesProjection.LiveTable ? "id" : "warehouse_id";
            for (var seed = 0; seed <= 5; seed++)
            {
                var copy = projection.Table.WithSuffix($"__r{seed}");
                await projection.CreateTableAsync(copy, Ct);
                var random = new Random(seed);
                // Seed 0 is the replay in order; the others shuffle every event with a third of them twice.
                var deliveries = seed == 0 ? log : [.. log.Concat(log.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next())];
                foreach (var e in deliveries)
                {
                    await projection.ApplyAsync(e, copy, Ct);
                }

                Assert.Equal(0, await DifferenceAsync(projection.Table, copy, key, warehouse));
            }

            var before = await CountAsync($"SELECT count(*) FROM {projection.Table} WHERE {key} = '{warehouse}'");
            foreach (var e in log)
            {
                await projection.ApplyAsync(e, Ct);
            }

            Assert.Equal(0, await DifferenceAsync(projection.Table, projection.Table.WithSuffix("__r0"), key, warehouse));
            Assert.Equal(before, await CountAsync($"SELECT count(*) FROM {projection.Table} WHERE {key} = '{warehouse}'"));
        }

        Assert.Equal([(line, null, 3), (line, "A-01-03", 2), (line, "B-02", 3)], await StockAsync(client, $"/api/warehouses/{warehouse}/stock"));
    }

    private async Task<long> DifferenceAsync(ProjectionTable live, ProjectionTable copy, string key, Guid warehouse) =>
        await CountAsync($"""
            SELECT count(*) FROM (
                (SELECT * FROM {live} WHERE {key} = '{warehouse}' EXCEPT TABLE {copy})
                UNION ALL
                (TABLE {copy} EXCEPT SELECT * FROM {live} WHERE {key} = '{warehouse}')) AS d
            """);

    private async Task<long> CountAsync(string sql)
    {
        await using var db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(api.Database));
        await using var command = db.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
