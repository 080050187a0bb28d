using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Features;
using WellWon.Logistics.Tests.Hosts;
using static WellWon.Logistics.Tests.Hosts.Answers;

namespace WellWon.Logistics.Tests.Http;

/// <summary>Shipments over HTTP end to end: the real Api, real PostgreSQL and Redis, companies and roles from the Companies API.</summary>
public sealed class ShipmentHttpTests(LogisticsApiFactory api) : IClassFixture<LogisticsApiFactory>
{
    private const string NotFound = "logistics.shipment-not-found";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<RecordedMilestone> SendAsync(RecordMilestone command)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, Ct);
    }

    [Fact]
    public async Task The_whole_shipment_in_one_body_is_201_with_id_and_reference_and_its_creator_reads_it_at_once()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);

        var response = await client.PostAsync("/api/shipments", JsonContent.Create(JsonDocument.Parse($$"""
            {"companyId":"{{company}}","mode":"sea","incoterm":"FOB","legs":[{"from":"CNSHA","to":"RULED","mode":"sea","etd":"2026-12-01T00:00:00Z","eta":"2027-01-10T00:00:00Z"}],"containers":[{"number":"MSCU1234566","type":"45G1"}],"cargo":[{"description":"Ball bearings","packages":10,"grossWeightKg":1200,"netWeightKg":1100}]}
            """).RootElement), Ct);

        var created = await JsonAsync(response, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"WW-{DateTime.UtcNow.Year}-000001", created.GetProperty("reference").GetString());
        Assert.Equal($"/api/shipments/{id}", response.Headers.Location?.ToString());

        // Read right after the write: the sync projections have run before the 201.
        var shipment = await client.GetJsonAsync($"/api/shipments/{id}");
        Assert.Equal(("draft", "sea", "FOB", company), (shipment.GetProperty("status").GetString(), shipment.GetProperty("mode").GetString(),
            shipment.GetProperty("incoterm").GetString(), shipment.GetProperty("companyId").GetGuid()));
        var leg = shipment.GetProperty("legs")[0];
        Assert.Equal(("CNSHA", "RULED", "sea"), (leg.GetProperty("from").GetString(), leg.GetProperty("to").GetString(), leg.GetProperty("mode").GetString()));
        Assert.Equal(JsonValueKind.Null, leg.GetProperty("atd").ValueKind);
        Assert.Equal("MSCU1234566", shipment.GetProperty("containers")[0].GetProperty("number").GetString());
        Assert.Equal(1100m, shipment.GetProperty("cargo")[0].GetProperty("netWeightKg").GetDecimal());
        Assert.Equal(1200m, shipment.GetProperty("totals").GetProperty("grossWeightKg").GetDecimal());
        Assert.Equal(owner, shipment.GetProperty("createdBy").GetGuid());

        var listed = await client.GetJsonAsync($"/api/shipments?companyId={company}");
        Assert.Equal(id, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var timeline = await client.GetJsonAsync($"/api/shipments/{id}/timeline");
        var entry = Assert.Single(timeline.GetProperty("entries").EnumerateArray());
        Assert.Equal(("shipment-created", owner), (entry.GetProperty("change").GetString(), entry.GetProperty("userId").GetGuid()));
    }

    [Fact]
    public async Task A_broken_shipment_is_400_naming_every_broken_field_by_its_path_with_the_rule()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);

        var codes = await InvalidAsync(await client.PostJsonAsync("/api/shipments", new
        {
            companyId = company,
            mode = "air",
            incoterm = "FOB",
            legs = new object[]
            {
                new { from = "CNSHA", to = "KRPUS", etd = "2026-12-01T00:00:00Z", eta = "2026-11-30T00:00:00Z" },
                new { from = "KRINC", to = "QQLED" },
            },
            containers = new[] { new { number = "MSCU1234567", type = "45G1" }, new { number = "CSQU3054383", type = "40HC" } },
            cargo = new[] { new { description = "Ball bearings", packages = 10, grossWeightKg = 1200, netWeightKg = 1300 } },
        }));

        Assert.Equal(["logistics.container-check-digit"], codes["containers[0].number"]);
        Assert.Equal(["logistics.container-type-invalid"], codes["containers[1].type"]);
        Assert.Equal(["logistics.net-exceeds-gross"], codes["cargo[0].netWeightKg"]);
        Assert.Equal(["logistics.incoterm-mode"], codes["incoterm"]);
        Assert.Equal(["logistics.eta-before-etd"], codes["legs[0].eta"]);
        Assert.Equal(["logistics.legs-not-chained"], codes["legs[1].from"]);
        Assert.Equal(["logistics.unlocode-country-unknown"], codes["legs[1].to"]);
        Assert.Equal(7, codes.Count);

        // Nothing was created, and no reference was used up: the next shipment is still number 1.
        var (_, reference) = await Shipments.CreateAsync(client, Shipments.Sea(company));
        Assert.EndsWith("-000001", reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoever_is_not_in_the_company_is_told_404_for_everything_exactly_as_for_no_shipment()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var asOwner = api.ClientFor(owner);
        var (id, _) = await Shipments.CreateAsync(asOwner, Shipments.Sea(company));
        using var stranger = api.ClientFor(Guid.NewGuid());

        foreach (var shipment in new[] { id, Guid.CreateVersion7() })
        {
            var answers = new[]
            {
                await stranger.GetAsync($"/api/shipments/{shipment}", Ct),
                await stranger.GetAsync($"/api/shipments/{shipment}?asOf={Shipments.Query(DateTimeOffset.UtcNow)}", Ct),
                await stranger.GetAsync($"/api/shipments/{shipment}/timeline", Ct),
                await stranger.PutAsJsonAsync($"/api/shipments/{shipment}/header", new { blNumber = "MEDU123456" }, Ct),
                await stranger.PostAsync($"/api/shipments/{shipment}/book", null, Ct),
                await stranger.PostJsonAsync($"/api/shipments/{shipment}/cargo", new { description = "More", packages = 1, grossWeightKg = 5 }),
                await stranger.PostJsonAsync($"/api/shipments/{shipment}/containers", new { number = "CSQU3054383", type = "22G1" }),
                await stranger.DeleteAsync($"/api/shipments/{shipment}/containers/MSCU1234566", Ct),
                await stranger.PostJsonAsync($"/api/shipments/{shipment}/legs", new { from = "RULED", to = "RUMOW", mode = "road" }),
                await stranger.PostJsonAsync($"/api/shipments/{shipment}/milestones", new { kind = "cargo_ready" }),
                await stranger.PostJsonAsync($"/api/shipments/{shipment}/cancel", new { reason = "Mine now" }),
                await stranger.PostJsonAsync($"/api/shipments/{shipment}/notes", new { text = "Hello" }),
                await stranger.PostJsonAsync($"/api/shipments/{shipment}/documents", new { documentId = Guid.NewGuid(), type = "packing_list" }),
            };
            foreach (var answer in answers)
            {
                await ProblemAsync(answer, HttpStatusCode.NotFound, NotFound);
            }
        }

        await ProblemAsync(await stranger.GetAsync($"/api/shipments?companyId={company}", Ct), HttpStatusCode.NotFound, "companies.company-not-found");
        await ProblemAsync(await stranger.PostJsonAsync("/api/shipments", Shipments.Sea(company)), HttpStatusCode.NotFound, "companies.company-not-found");
        Assert.Equal("draft", (await asOwner.GetJsonAsync($"/api/shipments/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_viewer_reads_everything_and_is_refused_every_change_with_403()
    {
        var (owner, viewer) = (Guid.NewGuid(), Guid.NewGuid());
        var company = await api.CreateCompanyAsync(owner);
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using var asOwner = api.ClientFor(owner);
        var (id, reference) = await Shipments.CreateAsync(asOwner, Shipments.Sea(company));
        using var asViewer = api.ClientFor(viewer);

        Assert.Equal(reference, (await asViewer.GetJsonAsync($"/api/shipments/{id}")).GetProperty("reference").GetString());
        Assert.Single((await asViewer.GetJsonAsync($"/api/shipments?companyId={company}")).GetProperty("items").EnumerateArray());
        Assert.Single((await asViewer.GetJsonAsync($"/api/shipments/{id}/timeline")).GetProperty("entries").EnumerateArray());

        var answers = new[]
        {
            await asViewer.PostJsonAsync("/api/shipments", Shipments.Sea(company)),
            await asViewer.PutAsJsonAsync($"/api/shipments/{id}/header", new { blNumber = "MEDU123456" }, Ct),
            await asViewer.PostAsync($"/api/shipments/{id}/book", null, Ct),
            await asViewer.PostJsonAsync($"/api/shipments/{id}/cargo", new { description = "More", packages = 1, grossWeightKg = 5 }),
            await asViewer.PostJsonAsync($"/api/shipments/{id}/containers", new { number = "CSQU3054383", type = "22G1" }),
            await asViewer.DeleteAsync($"/api/shipments/{id}/containers/MSCU1234566", Ct),
            await asViewer.PostJsonAsync($"/api/shipments/{id}/milestones", new { kind = "cargo_ready" }),
            await asViewer.PostJsonAsync($"/api/shipments/{id}/cancel", new { reason = "Not mine" }),
            await asViewer.PostJsonAsync($"/api/shipments/{id}/notes", new { text = "Hello" }),
        };
        foreach (var answer in answers)
        {
            await ProblemAsync(answer, HttpStatusCode.Forbidden, "auth.forbidden");
        }

        var unchanged = await asOwner.GetJsonAsync($"/api/shipments/{id}");
        Assert.Equal((0L, "draft"), (unchanged.GetProperty("version").GetInt64(), unchanged.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Lists_filter_by_status_mode_ETA_and_text_and_page_by_an_opaque_cursor_without_gaps_or_repeats()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        var other = await api.CreateCompanyAsync(owner, "Other Co");
        using var client = api.ClientFor(owner);
        var made = new List<(Guid Id, string Reference)>();
        var containers = new[] { "MSCU1234566", "CSQU3054383", "MSKU9070323", "MSCU0000060" };
        for (var i = 0; i < 4; i++)
        {
            made.Add(await Shipments.CreateAsync(client, Shipments.Sea(company, containers[i], eta: $"2027-01-{10 + i:00}T00:00:00Z", blNumber: $"MEDUSH{i}0042")));
        }

        for (var i = 0; i < 3; i++)
        {
            made.Add(await Shipments.CreateAsync(client, Shipments.Air(company, eta: $"2026-12-0{2 + i}T00:00:00Z")));
        }

        await Shipments.CreateAsync(client, Shipments.Sea(other));
        await Shipments.BookAsync(client, made[1].Id);
        await Shipments.BookAsync(client, made[5].Id);

        // Newest first, three at a time.
        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetJsonAsync($"/api/shipments?companyId={company}&limit=3{(cursor is null ? string.Empty : $"&cursor={cursor}")}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next").GetString();
            pages++;
        }
        while (cursor is not null);
        Assert.Equal(3, pages);
        Assert.Equal(made.Select(m => m.Id).Reverse(), seen);

        async Task<List<Guid>> Ids(string query) =>
            [.. (await client.GetJsonAsync($"/api/shipments?companyId={company}&{query}")).GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid())];

        Assert.Equal([made[5].Id, made[1].Id], await Ids("status=booked"));
        Assert.Equal([made[6].Id, made[5].Id, made[4].Id], await Ids("mode=air"));
        Assert.Equal([made[2].Id, made[1].Id], await Ids("etaFrom=2027-01-11T00:00:00Z&etaTo=2027-01-12T00:00:00Z"));
        Assert.Equal([made[2].Id], await Ids("q=msku%20907032-3"));
        Assert.Equal([made[3].Id], await Ids("q=medush30"));
        Assert.Equal([made[4].Id], await Ids($"q={made[4].Reference[^6..]}"));
        Assert.Equal([made[5].Id], await Ids("mode=air&status=booked&limit=1"));
        Assert.Empty(await Ids("q=ZZZZ"));

        Assert.Contains("cursor", (await InvalidAsync(await client.GetAsync($"/api/shipments?companyId={company}&cursor=not-a-cursor", Ct))).Keys);
        Assert.Contains("companyId", (await InvalidAsync(await client.GetAsync("/api/shipments", Ct))).Keys);
        Assert.Contains("status", (await InvalidAsync(await client.GetAsync($"/api/shipments?companyId={company}&status=lost", Ct))).Keys);
    }

    [Fact]
    public async Task As_of_a_moment_before_departure_the_shipment_and_its_timeline_show_no_departure()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);
        var (id, _) = await Shipments.CreateAsync(client, Shipments.Sea(company));
        await Shipments.BookAsync(client, id);
        var bookedAt = (await client.GetJsonAsync($"/api/shipments/{id}/timeline")).GetProperty("entries")[1].GetProperty("recordedAt").GetDateTimeOffset();
        var departed = await Shipments.MilestoneAsync(client, id, new { kind = "departed", location = "CNSHA", at = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.Equal("in_transit", departed.GetProperty("status").GetString());

        var now = await client.GetJsonAsync($"/api/shipments/{id}");
        Assert.Equal("in_transit", now.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, now.GetProperty("legs")[0].GetProperty("atd").ValueKind);

        var then = await client.GetJsonAsync($"/api/shipments/{id}?asOf={Shipments.Query(bookedAt)}");
        Assert.Equal("booked", then.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, then.GetProperty("legs")[0].GetProperty("atd").ValueKind);
        Assert.Equal(["booked"], then.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("kind").GetString()));
        Assert.Equal((1L, bookedAt), (then.GetProperty("version").GetInt64(), then.GetProperty("asOf").GetDateTimeOffset()));

        var timelineThen = await client.GetJsonAsync($"/api/shipments/{id}/timeline?asOf={Shipments.Query(bookedAt)}");
        Assert.Equal(["shipment-created", "shipment-booked"], timelineThen.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("change").GetString()));
        var timelineNow = await client.GetJsonAsync($"/api/shipments/{id}/timeline");
        var last = timelineNow.GetProperty("entries")[2];
        Assert.Equal(("milestone-recorded", "departed", owner), (last.GetProperty("change").GetString(), last.GetProperty("milestone").GetString(), last.GetProperty("userId").GetGuid()));
        Assert.Equal("Departed at CNSHA", last.GetProperty("summary").GetString());

        // Before the shipment existed there was nothing to see.
        var created = (await client.GetJsonAsync($"/api/shipments/{id}/timeline")).GetProperty("entries")[0].GetProperty("recordedAt").GetDateTimeOffset();
        await ProblemAsync(await client.GetAsync($"/api/shipments/{id}?asOf={Shipments.Query(created.AddTicks(-10))}", Ct), HttpStatusCode.NotFound, NotFound);
    }

    [Fact]
    public async Task Milestones_move_the_shipment_forward_only_in_order_and_a_carrier_event_counts_once()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);
        var (id, _) = await Shipments.CreateAsync(client, Shipments.Sea(company));
        var at = DateTimeOffset.UtcNow.AddHours(-2);

        await ProblemAsync(await client.PostJsonAsync($"/api/shipments/{id}/milestones", new { kind = "departed", at }), HttpStatusCode.UnprocessableEntity, "logistics.milestone-out-of-order");
        await Shipments.BookAsync(client, id);
        await ProblemAsync(await client.PostJsonAsync($"/api/shipments/{id}/milestones", new { kind = "delivered", at }), HttpStatusCode.UnprocessableEntity, "logistics.milestone-out-of-order");
        Assert.Equal(["logistics.reason-required"], (await InvalidAsync(await client.PostJsonAsync($"/api/shipments/{id}/milestones", new { kind = "exception" })))["reason"]);
        Assert.Equal(["logistics.milestone-in-future"], (await InvalidAsync(await client.PostJsonAsync($"/api/shipments/{id}/milestones", new { kind = "cargo_ready", at = DateTimeOffset.UtcNow.AddDays(1) })))["at"]);

        var first = await Shipments.MilestoneAsync(client, id, new { kind = "departed", at, carrierEventId = "MSC-77" });
        var again = await Shipments.MilestoneAsync(client, id, new { kind = "departed", at, carrierEventId = "MSC-77" }, HttpStatusCode.OK);
        Assert.Equal((first.GetProperty("id").GetGuid(), true), (again.GetProperty("id").GetGuid(), again.GetProperty("duplicate").GetBoolean()));

        // Departed: the route, containers and cargo are fixed; the header (the B/L, issued on board) still changes.
        await ProblemAsync(await client.PostJsonAsync($"/api/shipments/{id}/cargo", new { description = "More", packages = 1, grossWeightKg = 5 }),
            HttpStatusCode.UnprocessableEntity, "logistics.shipment-departed");
        await ProblemAsync(await client.PostJsonAsync($"/api/shipments/{id}/cancel", new { reason = "Too late" }), HttpStatusCode.UnprocessableEntity, "logistics.cancel-after-departure");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/shipments/{id}/header", new { incoterm = "FOB", blNumber = "medush1234" }, Ct)).StatusCode);

        await Shipments.MilestoneAsync(client, id, new { kind = "arrived", at = at.AddHours(1), location = "RULED" });
        await Shipments.MilestoneAsync(client, id, new { kind = "customs_cleared", at = at.AddHours(1.5) });
        var delivered = await Shipments.MilestoneAsync(client, id, new { kind = "delivered", at = at.AddHours(1.9) });
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());

        await ProblemAsync(await client.PostJsonAsync($"/api/shipments/{id}/milestones", new { kind = "exception", reason = "Damaged" }), HttpStatusCode.UnprocessableEntity, "logistics.shipment-closed");
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync($"/api/shipments/{id}/notes", new { text = "Two pallets damaged; claim filed." })).StatusCode);

        var shipment = await client.GetJsonAsync($"/api/shipments/{id}");
        Assert.Equal("MEDUSH1234", shipment.GetProperty("blNumber").GetString());
        var leg = shipment.GetProperty("legs")[0];
        Assert.Equal((at, at.AddHours(1)), (leg.GetProperty("atd").GetDateTimeOffset(), leg.GetProperty("ata").GetDateTimeOffset()));
        Assert.Equal(["booked", "departed", "arrived", "customs_cleared", "delivered"], shipment.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("kind").GetString()));
        Assert.Single(shipment.GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public async Task Cargo_containers_legs_documents_and_the_header_change_through_their_own_endpoints_with_fields_named_from_the_body()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);
        var (id, _) = await Shipments.CreateAsync(client, Shipments.Sea(company));

        Assert.Equal(["logistics.container-check-digit"], (await InvalidAsync(await client.PostJsonAsync($"/api/shipments/{id}/containers", new { number = "CSQU3054384", type = "22G1" })))["number"]);
        Assert.Equal(["logistics.container-duplicate"], (await InvalidAsync(await client.PostJsonAsync($"/api/shipments/{id}/containers", new { number = "mscu 123456 6", type = "22G1" })))["number"]);
        var box = await JsonAsync(await client.PostJsonAsync($"/api/shipments/{id}/containers", new { number = "csqu 305438-3", type = "22g1", seals = (string[])["ML-123456"] }), HttpStatusCode.Created);
        Assert.Equal("CSQU3054383", box.GetProperty("number").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/shipments/{id}/containers/CSQU3054383", new { type = "22R1", seals = (string[])["ML-123456", "ML-123457"] }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/shipments/{id}/containers/MSCU1234566", Ct)).StatusCode);
        await ProblemAsync(await client.DeleteAsync($"/api/shipments/{id}/containers/MSCU1234566", Ct), HttpStatusCode.NotFound, "logistics.container-not-found");

        Assert.Equal(["logistics.net-exceeds-gross"], (await InvalidAsync(await client.PostJsonAsync($"/api/shipments/{id}/cargo", new { description = "Seals", packages = 1, grossWeightKg = 5, netWeightKg = 6 })))["netWeightKg"]);
        var line = (await JsonAsync(await client.PostJsonAsync($"/api/shipments/{id}/cargo", new
        {
            description = "Seals",
            packages = 2,
            packageType = "cartons",
            grossWeightKg = 5,
            netWeightKg = 4.5,
            hsCode = "4016 93",
            declaredValue = new { amount = 120.50, currency = "eur" },
        }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(["logistics.currency-invalid"], (await InvalidAsync(await client.PutAsJsonAsync($"/api/shipments/{id}/cargo/{line}",
            new { description = "Seals", packages = 2, grossWeightKg = 5, declaredValue = new { amount = 1, currency = "EURO" } }, Ct)))["declaredValue.currency"]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/shipments/{id}/cargo/{line}", new { description = "Oil seals", packages = 3, grossWeightKg = 6 }, Ct)).StatusCode);

        Assert.Equal(["logistics.legs-not-chained"], (await InvalidAsync(await client.PostJsonAsync($"/api/shipments/{id}/legs", new { from = "RUVVO", to = "RUMOW", mode = "rail" })))["from"]);
        var truck = (await JsonAsync(await client.PostJsonAsync($"/api/shipments/{id}/legs", new { from = "RULED", to = "RUMOW", mode = "road", carrier = "Delko" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var sea = (await client.GetJsonAsync($"/api/shipments/{id}")).GetProperty("legs")[0].GetProperty("id").GetGuid();
        Assert.Equal(["logistics.legs-not-chained"], (await InvalidAsync(await client.PutAsJsonAsync($"/api/shipments/{id}/legs/{sea}", new { from = "CNSHA", to = "RUVVO" }, Ct)))["to"]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/shipments/{id}/legs/{sea}", new { from = "CNSHA", to = "RULED", vessel = "MSC Oscar", voyage = "fe347w" }, Ct)).StatusCode);

        Assert.Equal(["logistics.incoterm-invalid"], (await InvalidAsync(await client.PutAsJsonAsync($"/api/shipments/{id}/header", new { incoterm = "FOX" }, Ct)))["incoterm"]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/shipments/{id}/header", new
        {
            shipper = new { name = "Ningbo Bearings Co.", address = "88 Harbour Rd, Ningbo" },
            consignee = new { companyId = company },
            incoterm = "cif",
            incotermPlace = "Saint Petersburg",
        }, Ct)).StatusCode);

        var document = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync($"/api/shipments/{id}/documents", new { documentId = document, type = "commercial_invoice" })).StatusCode);
        Assert.Contains("type", (await InvalidAsync(await client.PostJsonAsync($"/api/shipments/{id}/documents", new { documentId = document, type = "selfie" }))).Keys);

        var shipment = await client.GetJsonAsync($"/api/shipments/{id}");
        Assert.Equal(["CSQU3054383"], shipment.GetProperty("containers").EnumerateArray().Select(c => c.GetProperty("number").GetString()));
        Assert.Equal("22R1", shipment.GetProperty("containers")[0].GetProperty("type").GetString());
        var seals = shipment.GetProperty("cargo")[1];
        Assert.Equal(("Oil seals", 3), (seals.GetProperty("description").GetString(), seals.GetProperty("packages").GetInt32()));
        Assert.Equal(("MSC Oscar", "FE347W", truck), (shipment.GetProperty("legs")[0].GetProperty("vessel").GetString(),
            shipment.GetProperty("legs")[0].GetProperty("voyage").GetString(), shipment.GetProperty("legs")[1].GetProperty("id").GetGuid()));
        Assert.Equal(("CIF", "Saint Petersburg"), (shipment.GetProperty("incoterm").GetString(), shipment.GetProperty("incotermPlace").GetString()));
        Assert.Equal(company, shipment.GetProperty("consignee").GetProperty("companyId").GetGuid());
        Assert.Equal("commercial_invoice", shipment.GetProperty("documents")[0].GetProperty("type").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/shipments/{id}/legs/{truck}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/shipments/{id}/cargo/{line}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/shipments/{id}/documents/{document}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync($"/api/shipments/{id}/cancel", new { reason = "Order withdrawn" })).StatusCode);
        var timeline = (await client.GetJsonAsync($"/api/shipments/{id}/timeline")).GetProperty("entries");
        Assert.Equal("Cancelled: Order withdrawn", timeline[timeline.GetArrayLength() - 1].GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_carrier_feed_reports_milestones_as_the_carrier_without_a_user_and_its_retries_count_once()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);
        var (id, _) = await Shipments.CreateAsync(client, Shipments.Sea(company));
        await Shipments.BookAsync(client, id);
        var at = DateTimeOffset.UtcNow.AddHours(-6);

        // What a tracking job sends: no signed-in user, the carrier as the source, the carrier's own event id.
        var feed = new RecordMilestone(id, MilestoneSource.FromCarrier("MSC"), "departed", at, "CNSHA", null, null, "MSC-EV-1001");
        var first = await SendAsync(feed);
        var retried = await SendAsync(feed);
        Assert.Equal((first.Id, false, true), (retried.Id, first.Duplicate, retried.Duplicate));
        Assert.Equal("in_transit", first.Status);

        var timeline = (await client.GetJsonAsync($"/api/shipments/{id}/timeline")).GetProperty("entries");
        Assert.Equal(3, timeline.GetArrayLength());
        var reported = timeline[2];
        Assert.Equal(("MSC", JsonValueKind.Null), (reported.GetProperty("carrier").GetString(), reported.GetProperty("userId").ValueKind));
        Assert.Equal("Departed at CNSHA (reported by MSC)", reported.GetProperty("summary").GetString());
        Assert.Equal(at, (await client.GetJsonAsync($"/api/shipments/{id}")).GetProperty("legs")[0].GetProperty("atd").GetDateTimeOffset());
    }

    [Fact]
    public async Task References_are_handed_out_one_per_shipment_without_gaps_when_many_are_created_at_once()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        using var client = api.ClientFor(owner);

        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Shipments.CreateAsync(client, Shipments.Sea(company))));

        var year = DateTime.UtcNow.Year;
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"WW-{year}-{n:000000}"), created.Select(c => c.Reference).Order(StringComparer.Ordinal));
        Assert.Equal(20, created.Select(c => c.Id).Distinct().Count());
    }
}
