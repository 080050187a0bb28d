using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Logistics.ReadModel;
using WellWon.Logistics.Tests.Hosts;
using WellWon.Logistics.Tests.Http;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using static WellWon.Logistics.Tests.Hosts.Answers;

namespace WellWon.Logistics.Tests.ReadModel;

/// <summary>
/// The company dashboard end to end: shipments written through the Api (the sync run fills the dashboard), the tracking facts
/// (revised ETAs, delays) appended to their streams and applied as the event processor applies them, then the endpoint read
/// and the read model replayed, repeated and rebuilt from the log.
/// </summary>
public sealed class ShipmentDashboardTests(LogisticsApiFactory api) : IClassFixture<LogisticsApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ShipmentDashboardProjection Projection => api.Services.GetServices<IProjection>().OfType<ShipmentDashboardProjection>().Single();

    [Fact]
    public async Task The_dashboard_counts_by_status_lists_delays_and_the_next_seven_days_and_averages_lanes_for_participants_only()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        var now = DateTimeOffset.UtcNow;
        var s = await SeedAsync(owner, company, now);
        // Another company's shipment never shows.
        var stranger = Guid.NewGuid();
        var otherCompany = await api.CreateCompanyAsync(stranger, "Coffee Importers");
        using (var strangerClient = api.ClientFor(stranger))
        {
            var (other, _) = await Shipments.CreateAsync(strangerClient, Leg(otherCompany, "sea", "CNSHA", "RULED", now.AddDays(-1), now.AddDays(2)));
            await Shipments.BookAsync(strangerClient, other);
        }

        using var client = api.ClientFor(owner);
        var dashboard = await client.GetJsonAsync($"/api/shipments/dashboard?companyId={company}");

        Assert.Equal(company, dashboard.GetProperty("companyId").GetGuid());
        Assert.InRange(dashboard.GetProperty("asOf").GetDateTimeOffset(), now, now.AddMinutes(1));
        var byStatus = dashboard.GetProperty("byStatus").Deserialize<Dictionary<string, int>>()!;
        Assert.Equal(
            new Dictionary<string, int> { ["draft"] = 1, ["booked"] = 2, ["in_transit"] = 2, ["arrived"] = 2, ["cleared"] = 0, ["delivered"] = 1, ["cancelled"] = 1 },
            byStatus);

        var delayed = dashboard.GetProperty("delayed");
        Assert.Equal(2, delayed.GetProperty("count").GetInt32());
        var top = delayed.GetProperty("top").EnumerateArray().ToList();
        Assert.Equal([s.Overdue, s.Revised], top.Select(t => t.GetProperty("id").GetGuid()));
        Assert.Equal([72.0, 30.5], top.Select(t => t.GetProperty("delayHours").GetDouble()));
        Assert.Equal(s.RevisedReference, top[1].GetProperty("reference").GetString());
        Assert.Equal(now.AddDays(5), top[1].GetProperty("plannedEta").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(now.AddDays(6), top[1].GetProperty("expectedEta").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("RULED", top[1].GetProperty("destination").GetString());

        // ETA in three and six days: soon; in ten days, a day ago, or a draft's: not.
        var arriving = dashboard.GetProperty("arrivingSoon");
        Assert.Equal(2, arriving.GetProperty("count").GetInt32());
        var items = arriving.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([s.Soon, s.Revised], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(("RUMOW", "road"), (items[0].GetProperty("destination").GetString(), items[0].GetProperty("mode").GetString()));
        Assert.Equal(now.AddDays(3), items[0].GetProperty("expectedEta").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));

        var lanes = dashboard.GetProperty("lanes").EnumerateArray()
            .Select(l => (l.GetProperty("origin").GetString(), l.GetProperty("destination").GetString(), l.GetProperty("mode").GetString(),
                l.GetProperty("shipments").GetInt32(), l.GetProperty("averageTransitDays").GetDouble()))
            .ToList();
        Assert.Equal([("CNSHA", "RULED", "sea", 2, 9.0), ("CNPVG", "RUSVO", "air", 1, 0.5)], lanes);

        var viewer = Guid.NewGuid();
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using (var viewerClient = api.ClientFor(viewer))
        {
            var seen = await viewerClient.GetJsonAsync($"/api/shipments/dashboard?companyId={company}");
            Assert.Equal(9, seen.GetProperty("byStatus").EnumerateObject().Sum(p => p.Value.GetInt32()));
        }

        using (var outsider = api.ClientFor(stranger))
        {
            await ProblemAsync(await outsider.GetAsync($"/api/shipments/dashboard?companyId={company}", Ct), HttpStatusCode.NotFound, "companies.company-not-found");
            Assert.Equal(1, (await outsider.GetJsonAsync($"/api/shipments/dashboard?companyId={otherCompany}")).GetProperty("byStatus").GetProperty("booked").GetInt32());
        }

        Assert.Contains("companyId", (await InvalidAsync(await client.GetAsync("/api/shipments/dashboard", Ct))).Keys, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_event_twice_or_out_of_order_leaves_the_same_rows_and_a_rebuild_from_the_log_yields_them_again()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        var s = await SeedAsync(owner, company, DateTimeOffset.UtcNow);
        var live = await RowsAsync(Projection.Table, company);
        Assert.Equal(9, live.Count);

        var log = new List<RecordedEvent>();
        var store = api.Services.GetRequiredService<IEventStore>();
        foreach (var id in s.All)
        {
            await foreach (var e in store.ReadStreamAsync(StreamName.For<Shipment>(id), 0, ReadDirection.Forwards, 1000, Ct))
            {
                log.Add(e);
            }
        }

        var followed = log.Where(e => Projection.EventTypes.Contains(e.EventType)).OrderBy(e => e.GlobalPosition).ToList();
        Assert.Contains(followed, e => e.EventType == "logistics.leg-eta-revised.v1");
        Assert.Contains(followed, e => e.EventType == "logistics.shipment-delayed.v1");

        var twice = Projection.Table.WithSuffix("__twice");
        await Projection.CreateTableAsync(twice, Ct);
        foreach (var e in followed)
        {
            await Projection.ApplyAsync(e, twice, Ct);
            await Projection.ApplyAsync(e, twice, Ct);
        }

        Assert.Equal(live, await RowsAsync(twice, company));

        var shuffled = Projection.Table.WithSuffix("__shf");
        await Projection.CreateTableAsync(shuffled, Ct);
        for (var seed = 1; seed <= 5; seed++)
        {
            await ExecuteAsync($"TRUNCATE {shuffled}");
            var random = new Random(seed);
            // Each event at least once, a third twice, in a random order: a gap is filled from the stream, a late event is a no-op.
            foreach (var e in followed.Concat(followed.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToList())
            {
                await Projection.ApplyAsync(e, shuffled, Ct);
            }

            Assert.Equal(live, await RowsAsync(shuffled, company));
        }

        // The redelivery of everything to the live table (a worker restarted from an old checkpoint) changes nothing.
        foreach (var e in followed)
        {
            await ((IProjection)Projection).ApplyAsync(e, Ct);
        }

        Assert.Equal(live, await RowsAsync(Projection.Table, company));

        // The real rebuild: the whole log replayed into a fresh table that then takes the live one's place.
        var rebuilt = await api.Services.GetRequiredService<ProjectionRebuilder>().RebuildAsync(Projection, null, Ct);
        Assert.True(rebuilt.EventsApplied >= followed.Count);
        Assert.Equal(live, await RowsAsync(Projection.Table, company));
        var report = await api.Services.GetRequiredService<IProjectionIntegrityChecker>().CheckAsync(Projection.Name, Ct);
        Assert.True(report.IsHealthy, report.ToString());
    }

    /// <summary>The shipments of one company in every state the dashboard tells apart.</summary>
    private sealed record Seeded(Guid Draft, Guid Soon, Guid Later, Guid Revised, string RevisedReference, Guid Overdue, Guid Arrived, Guid Delivered, Guid Air, Guid Cancelled)
    {
        public IEnumerable<Guid> All => [Draft, Soon, Later, Revised, Overdue, Arrived, Delivered, Air, Cancelled];
    }

    private async Task<Seeded> SeedAsync(Guid owner, Guid company, DateTimeOffset now)
    {
        using var client = api.ClientFor(owner);
        async Task<Guid> Booked(object body)
        {
            var (id, _) = await Shipments.CreateAsync(client, body);
            await Shipments.BookAsync(client, id);
            return id;
        }

        async Task Milestone(Guid id, string kind, DateTimeOffset at) => await Shipments.MilestoneAsync(client, id, new { kind, at });

        var (draft, _) = await Shipments.CreateAsync(client, Leg(company, "sea", "CNSHA", "RULED", now.AddDays(-1), now.AddDays(2)));
        var soon = await Booked(Leg(company, "road", "RULED", "RUMOW", now.AddDays(-1), now.AddDays(3)));
        var later = await Booked(Leg(company, "sea", "CNSHA", "RULED", now.AddDays(-1), now.AddDays(10)));

        var (revised, revisedReference) = await Shipments.CreateAsync(client, Leg(company, "sea", "CNSHA", "RULED", now.AddDays(-2), now.AddDays(5)));
        await Shipments.BookAsync(client, revised);
        await Milestone(revised, "departed", now.AddDays(-1));
        var leg = (await client.GetJsonAsync($"/api/shipments/{revised}")).GetProperty("legs")[0].GetProperty("id").GetGuid();
        await TrackAsync(company, revised, new LegEtaRevised(revised, leg, now.AddDays(5), now.AddDays(6), MilestoneSource.FromCarrier("MSC"), "msc-1", now));
        await TrackAsync(company, revised, new ShipmentDelayed(revised, company, revisedReference, now.AddDays(5), now.AddDays(6), TimeSpan.FromHours(30.5), now));

        var (overdue, overdueReference) = await Shipments.CreateAsync(client, Leg(company, "sea", "CNSHA", "RULED", now.AddDays(-20), now.AddDays(-1)));
        await Shipments.BookAsync(client, overdue);
        await Milestone(overdue, "departed", now.AddDays(-19));
        await TrackAsync(company, overdue, new ShipmentDelayed(overdue, company, overdueReference, now.AddDays(-4), now.AddDays(-1), TimeSpan.FromHours(72), now));

        var arrived = await Booked(Leg(company, "sea", "CNSHA", "RULED", now.AddDays(-12), now.AddDays(-2)));
        await Milestone(arrived, "departed", now.AddDays(-12));
        await Milestone(arrived, "arrived", now.AddDays(-2));

        var delivered = await Booked(Leg(company, "sea", "CNSHA", "RULED", now.AddDays(-9), now.AddDays(-1)));
        await Milestone(delivered, "departed", now.AddDays(-9));
        await Milestone(delivered, "arrived", now.AddDays(-1));
        await Milestone(delivered, "customs_cleared", now.AddHours(-20));
        await Milestone(delivered, "delivered", now.AddHours(-10));

        var air = await Booked(Leg(company, "air", "CNPVG", "RUSVO", now.AddDays(-3), now.AddDays(-2)));
        await Milestone(air, "departed", now.AddDays(-3));
        await Milestone(air, "arrived", now.AddDays(-2.5));

        var cancelled = await Booked(Leg(company, "sea", "CNSHA", "RULED", now.AddDays(-1), now.AddDays(4)));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync($"/api/shipments/{cancelled}/cancel", new { reason = "Order withdrawn" })).StatusCode);
        return new Seeded(draft, soon, later, revised, revisedReference, overdue, arrived, delivered, air, cancelled);
    }

    private static object Leg(Guid company, string mode, string from, string to, DateTimeOffset etd, DateTimeOffset eta) => new
    {
        companyId = company,
        mode,
        incoterm = mode == "sea" ? "FOB" : null,
        legs = new[] { new { from, to, mode, etd, eta } },
        cargo = new[] { new { description = "Ball bearings", packages = 10, grossWeightKg = 1200 } },
    };

    /// <summary>A tracking fact appended to the shipment's stream, then applied as the event processor applies it.</summary>
    private async Task TrackAsync(Guid company, Guid shipment, IDomainEvent fact)
    {
        var store = api.Services.GetRequiredService<IEventStore>();
        var registry = api.Services.GetRequiredService<EventTypeRegistry>();
        var stream = StreamName.For<Shipment>(shipment);
        var version = await store.GetStreamVersionAsync(stream, Ct) ?? throw new InvalidOperationException($"No stream {stream}.");
        var metadata = new EventMetadata { CorrelationId = Guid.NewGuid(), TenantId = company };
        await store.AppendAsync(stream, ExpectedVersion.Exactly(version), [new EventData(Guid.NewGuid(), registry.NameOf(fact.GetType()), registry.Serialize(fact), metadata)], Ct);
        await foreach (var e in store.ReadStreamAsync(stream, version + 1, ReadDirection.Forwards, 1, Ct))
        {
            await ((IProjection)Projection).ApplyAsync(e, Ct);
        }
    }

    /// <summary>The company's rows, every column as JSON text, by id.</summary>
    private async Task<Dictionary<Guid, string>> RowsAsync(ProjectionTable table, Guid company)
    {
        await using var db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(api.Database));
        await using var command = db.CreateCommand($"SELECT id, row_to_json(t)::text FROM {table} t WHERE company_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = company });
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new Dictionary<Guid, string>();
        while (await reader.ReadAsync(Ct))
        {
            rows[reader.GetGuid(0)] = reader.GetString(1);
        }

        return rows;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(api.Database));
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
