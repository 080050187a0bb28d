using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Logistics;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Kernel;

namespace WellWon.Benchmarks;

/// <summary>What the dashboard figure measured: the seeding, the endpoint at 1 and 4 clients, and the SQL alone.</summary>
public sealed record DashboardResult(int Shipments, long Events, TimeSpan Seeding, LoadResult One, LoadResult Four, LoadResult Sql, int Counted);

/// <summary>
/// Figure 6: <c>GET /api/shipments/dashboard</c> over one company's shipments. The built WellWon.Api runs as its own process on a
/// fresh database (its migrations create the dashboard's table); a user signs up and opens the company through the API. The
/// company's <see cref="BenchScale.DashboardShipments"/> shipments are seeded in-process: each shipment's whole history (created,
/// booked, departed, a revised ETA, a delay, arrived, cleared, delivered or cancelled — mixed statuses over a dozen lanes, some
/// due within the week) is appended to its stream through WellWon's event store in one append, then
/// <see cref="ShipmentDashboardProjection"/> is handed the stream's last event, which folds the stream into the row as the event
/// processor would after a gap. Then the endpoint is timed through HTTP after a warm-up, by one client and by four, and the
/// dashboard's SQL batch alone (<see cref="ShipmentDashboardReader"/>, one round trip) by one in-process reader.
/// </summary>
public sealed class DashboardBenchmark(BenchOptions options)
{
    public const int SeedWriters = 8;

    private static readonly (string From, string To, string Mode)[] Lanes =
    [
        ("CNSHA", "RULED", "sea"), ("CNNGB", "RULED", "sea"), ("CNSHA", "RUVVO", "sea"), ("KRPUS", "RUVVO", "sea"),
        ("CNPVG", "RUSVO", "air"), ("CNCAN", "RUSVO", "air"), ("TRIST", "RUSVO", "air"), ("CNXIY", "RUMOW", "rail"),
        ("CNCKG", "RUMOW", "rail"), ("KZALA", "RUMOW", "rail"), ("BYMSQ", "RUMOW", "road"), ("TRIST", "RUKZN", "road"),
    ];

    public async Task<DashboardResult> RunAsync(CancellationToken ct)
    {
        var apiAssembly = options.RequireAssembly(options.ApiAssembly, "WellWon.Api.dll", "--api");
        await using var database = await BenchDatabase.CreateAsync(options.Postgres, "dashboard", ct);
        await using var api = await WellWonProcess.StartAsync(apiAssembly, [], database.ConnectionString, options.Redis, ServiceSecrets.Random(), ct);
        using var http = api.CreateClient(8);

        var user = (await IdentityClient.SignUpAsync(http, 1, ct))[0];
        var bearer = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        Guid company;
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/api/companies") { Content = JsonContent.Create(new { name = "Bench Importers", country = "RU", companyType = "importer" }) })
        {
            create.Headers.Authorization = bearer;
            using var created = await http.SendAsync(create, ct);
            await IdentityClient.EnsureAsync(created, "POST /api/companies", ct);
            company = (await created.Content.ReadFromJsonAsync<Created>(ct))!.Id;
        }

        var shipments = options.Scale.DashboardShipments;
        await using var services = BuildServices(database.DataSource);
        var seeding = Stopwatch.StartNew();
        var events = await SeedAsync(services, database.DataSource, company, user.Id, shipments, ct);
        await using (var analyze = database.DataSource.CreateCommand($"VACUUM ANALYZE {ShipmentDashboardProjection.LiveTable}"))
        {
            // What autovacuum does soon after a load: statistics for the planner, a visibility map for index-only scans.
            await analyze.ExecuteNonQueryAsync(ct);
        }

        seeding.Stop();
        await Console.Error.WriteLineAsync($"  dashboard: seeded {shipments:N0} shipments ({events:N0} events) in {seeding.Elapsed.TotalSeconds:N1} s");

        var counted = await CountedAsync(http, bearer, company, ct);
        Operation Request() => async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/shipments/dashboard?companyId={company}");
            request.Headers.Authorization = bearer;
            using var response = await http.SendAsync(request, token);
            await IdentityClient.EnsureAsync(response, "GET /api/shipments/dashboard", token);
            await response.Content.ReadAsByteArrayAsync(token);
        };

        var requests = options.Scale.DashboardRequests;
        await LoadDriver.RunAsync([Request()], 30, BenchScale.WarmUpCap * 3, ct);
        var one = await LoadDriver.RunAsync([Request()], requests, TimeSpan.FromMinutes(1), ct);
        Report("1 client", one);
        await LoadDriver.RunAsync([.. Enumerable.Range(0, 4).Select(_ => Request())], 10, BenchScale.WarmUpCap * 3, ct);
        var four = await LoadDriver.RunAsync([.. Enumerable.Range(0, 4).Select(_ => Request())], requests / 4 + 1, TimeSpan.FromMinutes(1), ct);
        Report("4 clients", four);

        var reader = new ShipmentDashboardReader(database.DataSource);
        Operation Sql() => async token => await reader.ReadAsync(company, DateTimeOffset.UtcNow, token);
        await LoadDriver.RunAsync([Sql()], 30, BenchScale.WarmUpCap * 3, ct);
        var sql = await LoadDriver.RunAsync([Sql()], requests, TimeSpan.FromMinutes(1), ct);
        Report("SQL alone", sql);
        return new DashboardResult(shipments, events, seeding.Elapsed, one, four, sql, counted);
    }

    /// <summary>The event store and Logistics' event types, as the Api composes them, without the sync projection runner.</summary>
    private static ServiceProvider BuildServices(NpgsqlDataSource dataSource) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging()
            .AddSingleton(dataSource)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new EventTypeRegistry([typeof(LogisticsModule).Assembly]))
            .AddPostgresEventStore()
            .BuildServiceProvider();

    private static async Task<long> SeedAsync(ServiceProvider services, NpgsqlDataSource dataSource, Guid company, Guid user, int shipments, CancellationToken ct)
    {
        var store = services.GetRequiredService<IEventStore>();
        var registry = services.GetRequiredService<EventTypeRegistry>();
        var projection = new ShipmentDashboardProjection(dataSource, registry, store);
        var metadata = new EventMetadata { CorrelationId = Guid.NewGuid(), TenantId = company, UserId = user };
        var now = DateTimeOffset.UtcNow;
        var next = -1;
        var counts = await Task.WhenAll(Enumerable.Range(0, SeedWriters).Select(_ => Task.Run(async () =>
        {
            long written = 0;
            for (var i = Interlocked.Increment(ref next); i < shipments; i = Interlocked.Increment(ref next))
            {
                var id = Guid.CreateVersion7();
                var history = History(id, company, user, i, now);
                var stream = StreamName.For<Shipment>(id);
                await store.AppendAsync(
                    stream,
                    ExpectedVersion.NoStream,
                    [.. history.Select(e => new EventData(Guid.CreateVersion7(), registry.NameOf(e.GetType()), registry.Serialize(e), metadata))],
                    ct);
                await foreach (var last in store.ReadStreamAsync(stream, long.MaxValue, ReadDirection.Backwards, 1, ct))
                {
                    await projection.ApplyAsync(last, projection.Table, ct);
                }

                written += history.Count;
            }

            return written;
        }, ct)));
        return counts.Sum();
    }

    /// <summary>
    /// Shipment <paramref name="i"/>'s history, by its place in a cycle of 20: 2 drafts, 3 booked, 5 in transit (two revised
    /// later, one of them delayed), 6 arrived, 1 cleared, 2 delivered, 1 cancelled; ETAs spread over the weeks around now.
    /// </summary>
    private static List<IDomainEvent> History(Guid id, Guid company, Guid user, int i, DateTimeOffset now)
    {
        var (from, to, mode) = Lanes[i % Lanes.Length];
        var transit = TimeSpan.FromDays(mode switch { "sea" => 30, "rail" => 18, "road" => 6, _ => 2 } + (i % 7) * 0.5);
        var place = i % 20;
        // Departed up to 40 days ago for those under way or done, booked ones leave within the next weeks.
        var departure = place < 5 ? now.AddDays(i % 21) : now.AddDays(-(i % 40)) - (place >= 10 ? transit : TimeSpan.Zero);
        var eta = departure + transit;
        var leg = new RouteLeg(Guid.CreateVersion7(), from, to, mode, "Bench Lines", null, null, null, departure, eta);
        var reference = $"WW-{now.Year}-{i + 1:D6}";
        List<IDomainEvent> events =
        [
            new ShipmentCreated(id, company, reference, mode, new ShipmentHeader(null, null, null, null, null, null), [], [], [leg], user, departure.AddDays(-10)),
        ];
        if (place < 2)
        {
            return events;
        }

        events.Add(new ShipmentBooked(id, company, reference, Guid.CreateVersion7(), user, departure.AddDays(-9)));
        if (place == 19)
        {
            events.Add(new ShipmentCancelled(id, company, "Order withdrawn", user, departure.AddDays(-5)));
            return events;
        }

        if (place < 5)
        {
            return events;
        }

        events.Add(Milestone(id, MilestoneKinds.Departed, departure, leg.Id, ShipmentStatuses.InTransit, user));
        if (place < 10)
        {
            if (place >= 8)
            {
                var revised = eta.AddHours(12 + i % 96);
                events.Add(new LegEtaRevised(id, leg.Id, eta, revised, MilestoneSource.FromCarrier("Bench Lines"), $"eta-{i}", departure.AddDays(1)));
                if (place == 9)
                {
                    events.Add(new ShipmentDelayed(id, company, reference, eta, revised, revised - eta, departure.AddDays(1)));
                }
            }

            return events;
        }

        events.Add(Milestone(id, MilestoneKinds.Arrived, eta, leg.Id, ShipmentStatuses.Arrived, user));
        if (place >= 16)
        {
            events.Add(Milestone(id, MilestoneKinds.CustomsCleared, eta.AddDays(1), null, ShipmentStatuses.Cleared, user));
        }

        if (place >= 17)
        {
            events.Add(Milestone(id, MilestoneKinds.Delivered, eta.AddDays(2), null, ShipmentStatuses.Delivered, user));
        }

        return events;
    }

    private static MilestoneRecorded Milestone(Guid id, string kind, DateTimeOffset at, Guid? leg, string status, Guid user) =>
        new(id, new Milestone(Guid.CreateVersion7(), kind, at, null, leg, null, MilestoneSource.User(user), null), status, at);

    /// <summary>One GET before timing: the shipments it counts (every one seeded, or the figure is invalid).</summary>
    private static async Task<int> CountedAsync(HttpClient http, AuthenticationHeaderValue bearer, Guid company, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/shipments/dashboard?companyId={company}");
        request.Headers.Authorization = bearer;
        using var response = await http.SendAsync(request, ct);
        await IdentityClient.EnsureAsync(response, "GET /api/shipments/dashboard", ct);
        var dashboard = await response.Content.ReadFromJsonAsync<Dashboard>(ct);
        await Console.Error.WriteLineAsync(
            $"  dashboard: {string.Join(", ", dashboard!.ByStatus.Select(s => $"{s.Key} {s.Value:N0}"))}; delayed {dashboard.Delayed.Count:N0}, " +
            $"arriving within 7 days {dashboard.ArrivingSoon.Count:N0}, {dashboard.Lanes.Count} lanes");
        return dashboard.ByStatus.Values.Sum();
    }

    private static void Report(string what, LoadResult result) =>
        Console.Error.WriteLine(
            $"  dashboard {what}: {result.OperationsPerSecond:N0} req/s  p50 {result.P50Ms:N1} ms  p95 {result.P95Ms:N1} ms  p99 {result.P99Ms:N1} ms  " +
            $"({result.Operations} ok, {result.Failures} failed in {result.Elapsed.TotalSeconds:N1} s)");

    private sealed record Created(Guid Id);

    private sealed record Counted(int Count);

    private sealed record Dashboard(Dictionary<string, int> ByStatus, Counted Delayed, Counted ArrivingSoon, IReadOnlyList<object> Lanes);
}
