using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Logistics.Domain;
using WellWon.Logistics.ReadModel;
using WellWon.Logistics.Tests.Hosts;
using WellWon.Logistics.Tests.Http;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;

namespace WellWon.Logistics.Tests.ReadModel;

/// <summary>
/// The Logistics read model against its log: shipments written through the Api (whose sync runs filled the live tables), then the
/// log replayed from the start into fresh tables, in order and shuffled with repeats, and delivered again to the live tables.
/// </summary>
public sealed class ProjectionReplayTests(LogisticsApiFactory api) : IClassFixture<LogisticsApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_replay_from_the_start_in_any_order_with_repeats_rebuilds_the_live_rows_and_a_redelivery_changes_nothing()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        var expectedEvents = await WriteBusyShipmentsAsync(owner, company);
        var log = await LogisticsLogAsync(company, expectedEvents);
        var projections = api.Services.GetServices<IProjection>().OfType<IRebuildableProjection>()
            .Where(p => p.Table.Schema == LogisticsSchema.Module && p.Name.StartsWith("logistics.shipment", StringComparison.Ordinal)).ToList();
        Assert.Equal(["logistics.shipment-timeline", "logistics.shipment_dashboard", "logistics.shipments"], projections.Select(p => p.Name).Order(StringComparer.Ordinal));

        foreach (var projection in projections)
        {
            var replayed = projection.Table.WithSuffix("__rpl");
            var shuffled = projection.Table.WithSuffix("__shf");
            await projection.CreateTableAsync(replayed, Ct);
            await projection.CreateTableAsync(shuffled, Ct);
            foreach (var e in log.Where(e => projection.EventTypes.Contains(e.EventType)))
            {
                await projection.ApplyAsync(e, replayed, Ct);
            }

            Assert.Equal(await CountAsync($"SELECT count(*) FROM {projection.Table} WHERE company_id = '{company}'"), await CountAsync($"SELECT count(*) FROM {replayed}"));
            Assert.Equal(0, await DifferenceAsync(projection.Table, replayed, company));

            for (var seed = 1; seed <= 10; seed++)
            {
                await ExecuteAsync($"TRUNCATE {shuffled}");
                var random = new Random(seed);
                // Every event at least once, a third of them twice, all in a random order (the gap path folds from the store).
                var deliveries = log.Concat(log.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToList();
                foreach (var e in deliveries.Where(e => projection.EventTypes.Contains(e.EventType)))
                {
                    await projection.ApplyAsync(e, shuffled, Ct);
                }

                Assert.Equal(0, await DifferenceAsync(projection.Table, shuffled, company));
            }

            // Redelivery of everything to the live table, as a worker that restarted from an old checkpoint would do.
            foreach (var e in log.Where(e => projection.EventTypes.Contains(e.EventType)))
            {
                await projection.ApplyAsync(e, Ct);
            }

            Assert.Equal(0, await DifferenceAsync(projection.Table, replayed, company));
        }
    }

    [Fact]
    public async Task Every_change_is_announced_to_the_company_as_a_shipment_with_its_version_and_the_part_that_changed()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);
        var (id, _) = await Shipments.CreateAsync(client, Shipments.Sea(company));
        await Shipments.BookAsync(client, id);
        await Shipments.MilestoneAsync(client, id, new { kind = "cargo_ready" });
        await client.PostAsJsonAsync($"/api/shipments/{id}/notes", new { text = "Loaded" }, Ct);

        var projection = api.Services.GetServices<IProjection>().OfType<INotifyingProjection>().Single(p => p.Name == "logistics.shipments");
        var changes = new List<ChangeNotification>();
        await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<Shipment>(id), 0, ReadDirection.Forwards, 100, Ct))
        {
            var (audience, change) = Assert.Single(projection.ChangesFor(e));
            Assert.Equal(ChangeAudience.Company(company), audience);
            changes.Add(change);
        }

        Assert.Equal(
            [("shipment", 0L, "created"), ("shipment", 1L, "status"), ("shipment", 2L, "milestones"), ("shipment", 3L, "notes")],
            changes.Select(c => (c.Entity, c.Version, c.Scope)));
        Assert.All(changes, c => Assert.Equal(id.ToString("D"), c.Id));
    }

    /// <summary>Three shipments with a history each (every kind of change); returns how many events their streams hold.</summary>
    private async Task<int> WriteBusyShipmentsAsync(Guid owner, Guid company)
    {
        using var client = api.ClientFor(owner);
        var events = 0;
        for (var i = 0; i < 3; i++)
        {
            var (id, _) = await Shipments.CreateAsync(client, Shipments.Sea(company));
            var line = (await Answers.JsonAsync(await client.PostJsonAsync($"/api/shipments/{id}/cargo", new { description = "Seals", packages = 2, grossWeightKg = 5 }), HttpStatusCode.Created))
                .GetProperty("id").GetGuid();
            await client.PutAsJsonAsync($"/api/shipments/{id}/cargo/{line}", new { description = "Oil seals", packages = 3, grossWeightKg = 6, netWeightKg = 5.5 }, Ct);
            await client.PostJsonAsync($"/api/shipments/{id}/containers", new { number = "CSQU3054383", type = "22G1" });
            await client.DeleteAsync($"/api/shipments/{id}/containers/MSCU1234566", Ct);
            await client.PostJsonAsync($"/api/shipments/{id}/legs", new { from = "RULED", to = "RUMOW", mode = "road" });
            await client.PutAsJsonAsync($"/api/shipments/{id}/header", new { incoterm = "FOB", blNumber = $"MEDU{i}5555" }, Ct);
            await client.PostJsonAsync($"/api/shipments/{id}/documents", new { documentId = Guid.NewGuid(), type = "packing_list" });
            await Shipments.BookAsync(client, id);
            await Shipments.MilestoneAsync(client, id, new { kind = "departed", at = DateTimeOffset.UtcNow.AddHours(-3) });
            await Shipments.MilestoneAsync(client, id, new { kind = "arrived", at = DateTimeOffset.UtcNow.AddHours(-2) });
            await client.PostJsonAsync($"/api/shipments/{id}/notes", new { text = $"Note {i}" });
            events += 12;
            if (i == 2)
            {
                await Shipments.MilestoneAsync(client, id, new { kind = "exception", reason = "Truck broke down" });
                events++;
            }
        }

        return events;
    }

    /// <summary>The company's shipment events as the whole log holds them, in its order (other tests of the class write other companies').</summary>
    private async Task<List<RecordedEvent>> LogisticsLogAsync(Guid company, int expected)
    {
        var store = api.Services.GetRequiredService<IEventStore>();
        List<RecordedEvent> log = [];
        // The log reader sees a transaction's events once no older transaction is open anywhere on the server.
        await LogisticsWorker.Until(
            async () => (log = [.. (await store.ReadAllAsync(LogPosition.Start, 100_000, Ct))
                .Where(e => e.StreamId.StartsWith("logistics-shipment-", StringComparison.Ordinal) && e.Metadata.TenantId == company)]).Count >= expected,
            $"the {expected} shipment events are readable from the log");
        Assert.Equal(expected, log.Count);
        return log;
    }

    private async Task<long> DifferenceAsync(ProjectionTable live, ProjectionTable copy, Guid company) =>
        await CountAsync($"""
            SELECT count(*) FROM (
                (SELECT * FROM {live} WHERE company_id = '{company}' EXCEPT TABLE {copy})
                UNION ALL
                (TABLE {copy} EXCEPT SELECT * FROM {live} WHERE company_id = '{company}')) AS d
            """);

    private async Task ExecuteAsync(string sql)
    {
        await using var db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(api.Database));
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(api.Database));
        await using var command = db.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
