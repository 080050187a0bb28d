using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Logistics.Carriers;
using WellWon.Logistics.Tests.Hosts;
using static WellWon.Logistics.Tests.Hosts.Answers;

namespace WellWon.Logistics.Tests.Http;

/// <summary>The carrier registry over HTTP: the real Api, PostgreSQL and Redis, roles from the Companies API.</summary>
public sealed class CarrierHttpTests(LogisticsApiFactory api) : IClassFixture<LogisticsApiFactory>
{
    private const string NotFound = "logistics.carrier-not-found";

    private static readonly string[] Sea = ["sea"];
    private static readonly string[] SeaRoad = ["sea", "road"];
    private static readonly string[] Air = ["air"];
    private static readonly string[] Road = ["road"];
    private static readonly string[] Rail = ["rail"];
    private static readonly string[] Space = ["space"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Maersk(Guid companyId, string code = "MAEU") => new
    {
        companyId,
        name = "Maersk",
        code,
        modes = SeaRoad,
        tracking = new { enabled = true, baseUrl = "https://track.example.com/", requestsPerMinute = 120 },
    };

    private static async Task<Guid> CreateAsync(HttpClient client, object body) =>
        (await JsonAsync(await client.PostJsonAsync("/api/carriers", body), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    [Fact]
    public async Task A_manager_adds_a_carrier_and_reads_it_back_at_once_beside_the_built_in_ones()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);

        var response = await client.PostJsonAsync("/api/carriers", Maersk(company, code: " maeu "));
        var id = (await JsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/carriers/{id}", response.Headers.Location?.ToString());

        var carrier = await client.GetJsonAsync($"/api/carriers/{id}");
        Assert.Equal(("MAEU", "Maersk", false, false, false), (carrier.GetProperty("code").GetString(), carrier.GetProperty("name").GetString(),
            carrier.GetProperty("hasCredentials").GetBoolean(), carrier.GetProperty("builtIn").GetBoolean(), carrier.GetProperty("retired").GetBoolean()));
        Assert.Equal(["road", "sea"], carrier.GetProperty("modes").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(120, carrier.GetProperty("tracking").GetProperty("requestsPerMinute").GetInt32());

        var listed = (await client.GetJsonAsync($"/api/carriers?companyId={company}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([("MAEU", false), ("SIMU", true)], listed.Select(c => (c.GetProperty("code").GetString(), c.GetProperty("builtIn").GetBoolean())));
        var simu = listed[1];
        Assert.Equal(CarrierDirectory.BuiltInId("SIMU"), simu.GetProperty("id").GetGuid());
        Assert.True(simu.GetProperty("hasCredentials").GetBoolean());
        Assert.DoesNotContain("simulator-key", simu.GetRawText(), StringComparison.Ordinal);

        // Changing it: the whole carrier as it is to be.
        var updated = await client.PutAsJsonAsync($"/api/carriers/{id}", new { name = "Maersk Line", modes = Sea, tracking = new { enabled = false } }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, updated.StatusCode);
        carrier = await client.GetJsonAsync($"/api/carriers/{id}");
        Assert.Equal(("Maersk Line", false), (carrier.GetProperty("name").GetString(), carrier.GetProperty("tracking").GetProperty("enabled").GetBoolean()));
    }

    [Fact]
    public async Task A_broken_carrier_is_400_naming_every_broken_field()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);

        var codes = await InvalidAsync(await client.PostJsonAsync("/api/carriers", new
        {
            companyId = company, name = "", code = "MAERSK", modes = Sea, tracking = new { enabled = true, baseUrl = "ftp://x", requestsPerMinute = 0 },
        }));
        Assert.Equal(["logistics.carrier-name-invalid"], codes["name"]);
        Assert.Equal(["logistics.carrier-code-invalid"], codes["code"]);
        Assert.Equal(["logistics.carrier-base-url-invalid"], codes["tracking.baseUrl"]);
        Assert.Equal(["logistics.carrier-rate-invalid"], codes["tracking.requestsPerMinute"]);

        codes = await InvalidAsync(await client.PostJsonAsync("/api/carriers", new { companyId = company, name = "Aeroflot", code = "SU1", modes = Air }));
        Assert.Equal(["logistics.carrier-code-invalid"], codes["code"]);
        codes = await InvalidAsync(await client.PostJsonAsync("/api/carriers", new { companyId = company, name = "Nobody", code = "NB", modes = Space, tracking = new { enabled = true } }));
        Assert.Equal(["logistics.carrier-modes-invalid"], codes["modes"]);
        Assert.Equal(["logistics.carrier-base-url-invalid"], codes["tracking.baseUrl"]);

        // An airline's IATA code and a trucker's own code are fine; a code held by an active carrier is not, until it retires.
        await CreateAsync(client, new { companyId = company, name = "Aeroflot", code = "SU", modes = Air });
        var id = await CreateAsync(client, new { companyId = company, name = "Trucks", code = "TRUCK42", modes = Road });
        codes = await InvalidAsync(await client.PostJsonAsync("/api/carriers", new { companyId = company, name = "Other", code = "TRUCK42", modes = Rail }));
        Assert.Equal(["logistics.carrier-code-taken"], codes["code"]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/carriers/{id}/retire", null, Ct)).StatusCode);
        await CreateAsync(client, new { companyId = company, name = "Other", code = "TRUCK42", modes = Rail });
        await ProblemAsync(await client.PutAsJsonAsync($"/api/carriers/{id}", new { name = "Back", modes = Road }, Ct),
            HttpStatusCode.UnprocessableEntity, "logistics.carrier-retired");
    }

    [Fact]
    public async Task Outsiders_get_404_viewers_read_only_and_members_cannot_add()
    {
        var owner = Guid.NewGuid();
        var viewer = Guid.NewGuid();
        var member = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        await api.JoinCompanyAsync(owner, company, member, "member");
        using var asOwner = api.ClientFor(owner);
        var id = await CreateAsync(asOwner, Maersk(company));
        using var stranger = api.ClientFor(Guid.NewGuid());

        foreach (var carrier in new[] { id, Guid.CreateVersion7() })
        {
            await ProblemAsync(await stranger.GetAsync($"/api/carriers/{carrier}", Ct), HttpStatusCode.NotFound, NotFound);
            await ProblemAsync(await stranger.PutAsJsonAsync($"/api/carriers/{carrier}", new { name = "Mine", modes = Sea }, Ct), HttpStatusCode.NotFound, NotFound);
            await ProblemAsync(await stranger.PutAsJsonAsync($"/api/carriers/{carrier}/credentials", new { apiKey = "k" }, Ct), HttpStatusCode.NotFound, NotFound);
            await ProblemAsync(await stranger.PostAsync($"/api/carriers/{carrier}/retire", null, Ct), HttpStatusCode.NotFound, NotFound);
        }

        await ProblemAsync(await stranger.GetAsync($"/api/carriers?companyId={company}", Ct), HttpStatusCode.NotFound, "companies.company-not-found");
        await ProblemAsync(await stranger.PostJsonAsync("/api/carriers", Maersk(company, "MSCU")), HttpStatusCode.NotFound, "companies.company-not-found");

        using var asViewer = api.ClientFor(viewer);
        Assert.Equal("MAEU", (await asViewer.GetJsonAsync($"/api/carriers/{id}")).GetProperty("code").GetString());
        Assert.Equal(2, (await asViewer.GetJsonAsync($"/api/carriers?companyId={company}")).GetProperty("items").GetArrayLength());
        await ProblemAsync(await asViewer.PutAsJsonAsync($"/api/carriers/{id}", new { name = "Mine", modes = Sea }, Ct), HttpStatusCode.Forbidden);
        using var asMember = api.ClientFor(member);
        await ProblemAsync(await asMember.PostJsonAsync("/api/carriers", Maersk(company, "MSCU")), HttpStatusCode.Forbidden);
        await ProblemAsync(await asMember.PutAsJsonAsync($"/api/carriers/{id}/credentials", new { apiKey = "k" }, Ct), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Credentials_go_in_sealed_and_never_come_out_of_answers_events_or_the_table()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);
        var id = await CreateAsync(client, Maersk(company));
        const string Key = "sk_live_7f3a9c1e2b4d6f8a0c";

        await InvalidAsync(await client.PutAsJsonAsync($"/api/carriers/{id}/credentials", new { apiKey = "" }, Ct));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/carriers/{id}/credentials", new { apiKey = Key }, Ct)).StatusCode);

        var carrier = await client.GetJsonAsync($"/api/carriers/{id}");
        Assert.True(carrier.GetProperty("hasCredentials").GetBoolean());
        Assert.DoesNotContain(Key, carrier.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, (await client.GetJsonAsync($"/api/carriers?companyId={company}")).GetRawText(), StringComparison.Ordinal);

        await using var db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(api.Database));
        await using (var events = db.CreateCommand("SELECT event_type, data::text, metadata::text FROM event_store.events WHERE data::text LIKE '%' || $1 || '%' ORDER BY global_position"))
        {
            events.Parameters.Add(new NpgsqlParameter { Value = id.ToString() });
            var types = new List<string>();
            await using var reader = await events.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                types.Add(reader.GetString(0));
                Assert.DoesNotContain(Key, reader.GetString(1) + reader.GetString(2), StringComparison.Ordinal);
            }

            Assert.Equal(["logistics.carrier-registered.v1", "logistics.carrier-credentials-set.v1"], types);
        }

        await using (var table = db.CreateCommand("SELECT sealed_key FROM logistics.carrier_credentials WHERE carrier_id = $1"))
        {
            table.Parameters.Add(new NpgsqlParameter { Value = id });
            var sealedKey = (byte[])(await table.ExecuteScalarAsync(Ct))!;
            Assert.DoesNotContain(Key, System.Text.Encoding.UTF8.GetString(sealedKey), StringComparison.Ordinal);
        }

        // Only the tracking side opens it, for the carrier it was sealed for.
        var directory = api.Services.GetRequiredService<CarrierDirectory>();
        Assert.Equal(Key, (await directory.ResolveAsync(company, "MAEU", Ct))?.ApiKey);
    }

    [Fact]
    public async Task Built_in_carriers_are_not_editable_and_a_companys_own_carrier_with_their_code_wins()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);
        var simu = CarrierDirectory.BuiltInId("SIMU");

        Assert.True((await client.GetJsonAsync($"/api/carriers/{simu}")).GetProperty("builtIn").GetBoolean());
        await ProblemAsync(await client.PutAsJsonAsync($"/api/carriers/{simu}", new { name = "Mine", modes = Sea }, Ct),
            HttpStatusCode.UnprocessableEntity, "logistics.carrier-built-in");
        var directory = api.Services.GetRequiredService<CarrierDirectory>();
        Assert.Equal((true, "simulator-key"), ((await directory.ResolveAsync(company, "SIMU", Ct))!.BuiltIn, (await directory.ResolveAsync(company, "simu", Ct))!.ApiKey));

        var own = await CreateAsync(client, new { companyId = company, name = "Our simulator", code = "SIMU", modes = Sea,
            tracking = new { enabled = true, baseUrl = "http://127.0.0.1:5999/" } });
        var listed = (await client.GetJsonAsync($"/api/carriers?companyId={company}")).GetProperty("items").EnumerateArray().ToList();
        var only = Assert.Single(listed);
        Assert.Equal((own, false), (only.GetProperty("id").GetGuid(), only.GetProperty("builtIn").GetBoolean()));
        var resolved = await directory.ResolveAsync(company, "SIMU", Ct);
        Assert.Equal((own, "http://127.0.0.1:5999/", (string?)null), (resolved!.Id, resolved.BaseUrl.ToString(), resolved.ApiKey));

        // Another company still gets the built-in one.
        var other = await api.CreateCompanyAsync(owner, "Other Importers");
        Assert.True((await directory.ResolveAsync(other, "SIMU", Ct))!.BuiltIn);
    }
}
