using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Customs.Domain;
using WellWon.Customs.ExchangeRates;
using WellWon.Customs.Tests.ExchangeRates;
using WellWon.Customs.ReadModel;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;

namespace WellWon.Customs.Tests.Http;

/// <summary>Declarations over HTTP end to end: the real Api, real PostgreSQL and Redis, the seeded tariff, companies from the Companies API.</summary>
public sealed class DeclarationHttpTests(CustomsApiFactory api) : IClassFixture<CustomsApiFactory>
{
    private const string NotFound = "customs.declaration-not-found";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object Invoice = new { code = "04021", number = "INV-2025-118", date = "2025-10-02" };
    private static readonly object Certificate = new { code = "06011", number = "FORM-A 77812" };

    private static object Header(string incoterm = "FOB", string date = "2025-11-14") => new
    {
        procedure = "40",
        declarant = new { name = "OOO Vostok Import", taxId = "2540123456" },
        customsOffice = "10702070",
        declarationDate = date,
        incoterm,
        incotermPlace = "Shanghai",
        allocationMethod = "weight",
    };

    private static readonly object[] Items =
    [
        new { description = "Ball bearings 6204-2RS", hsCode = "8482 10 900 0", origin = "CN", quantity = 12000, unit = "pcs", grossKg = 1500, netKg = 1400, invoicePrice = new { amount = 12000, currency = "USD" }, documents = new[] { Invoice } },
        new { description = "Frozen Pacific cod", hsCode = "0303631000", origin = "CN", quantity = 2000, unit = "kg", grossKg = 2200, netKg = 2000, invoicePrice = new { amount = 60000, currency = "CNY" }, documents = new[] { Invoice } },
        new { description = "Men's cotton T-shirts", hsCode = "6109100000", origin = "IN", quantity = 5000, unit = "pcs", grossKg = 800, netKg = 700, invoicePrice = new { amount = 4000, currency = "EUR" }, preference = "developing", documents = new[] { Invoice, Certificate } },
    ];

    private static readonly object Costs = new
    {
        costs = new object[]
        {
            new { kind = "freight", amount = new { amount = 3000, currency = "USD" } },
            new { kind = "insurance", amount = new { amount = 250, currency = "EUR" } },
            new { kind = "post-border", amount = new { amount = 500, currency = "USD" } },
        },
    };

    private static readonly object Rates = new { rates = new Dictionary<string, decimal> { ["EUR"] = 93.5012m, ["USD"] = 80.75m, ["CNY"] = 11.327m } };

    private async Task<(Guid Owner, Guid Company, HttpClient Client, Guid Id)> DraftAsync()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        var client = api.ClientFor(owner);
        var response = await client.PostAsJsonAsync("/api/customs/declarations", new { companyId = company, procedure = "40" }, Ct);
        var created = await JsonAsync(response, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/customs/declarations/{id}", response.Headers.Location?.ToString());
        return (owner, company, client, id);
    }

    [Fact]
    public async Task A_declaration_goes_from_draft_to_release_and_its_calculation_is_the_worked_example()
    {
        var (_, company, client, id) = await DraftAsync();
        var url = $"/api/customs/declarations/{id}";

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{url}/header", Header(), Ct)).StatusCode);
        foreach (var item in Items)
        {
            await JsonAsync(await client.PostAsJsonAsync($"{url}/items", item, Ct), HttpStatusCode.Created);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{url}/costs", Costs, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{url}/check", null, Ct)).StatusCode);

        var sheet = await JsonAsync(await client.PostAsJsonAsync($"{url}/calculation", Rates, Ct), HttpStatusCode.OK);
        Assert.Equal((2_247_875.10m, 218_362.93m, 411_468.34m, 13_541.00m, 643_372.27m), (
            sheet.GetProperty("customsValue").GetDecimal(), sheet.GetProperty("duty").GetDecimal(), sheet.GetProperty("vat").GetDecimal(),
            sheet.GetProperty("fee").GetDecimal(), sheet.GetProperty("total").GetDecimal()));
        var stored = await GetJsonAsync(client, $"{url}/calculation");
        Assert.Equal(sheet.GetProperty("lines").GetArrayLength(), stored.GetProperty("lines").GetArrayLength());
        var duty3 = stored.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("item").ValueKind == JsonValueKind.Number && l.GetProperty("item").GetInt32() == 3 && l.GetProperty("kind").GetString() == "duty");
        Assert.Equal(85_904.23m, duty3.GetProperty("amount").GetDecimal());

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"{url}/submit", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"{url}/register", new { registrationNumber = "10702070/141125/3001234" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"{url}/release", null, Ct)).StatusCode);

        // Read right after the writes: the sync projection has run before each answer.
        var declaration = await GetJsonAsync(client, url);
        Assert.Equal(("released", "10702070/141125/3001234", "8482109000"), (declaration.GetProperty("status").GetString(),
            declaration.GetProperty("registrationNumber").GetString(), declaration.GetProperty("items")[0].GetProperty("hsCode").GetString()));
        Assert.True(declaration.GetProperty("calculation").GetProperty("current").GetBoolean());

        var listed = await GetJsonAsync(client, $"/api/customs/declarations?companyId={company}&status=released");
        var line = Assert.Single(listed.EnumerateArray());
        Assert.Equal((id, 643_372.27m, 3), (line.GetProperty("id").GetGuid(), line.GetProperty("payableRub").GetDecimal(), line.GetProperty("itemCount").GetInt32()));

        await ReplayEqualsLiveAsync(id);
    }

    [Fact]
    public async Task Every_change_is_announced_to_the_company_as_a_declaration_with_its_version_and_the_part_that_changed()
    {
        var (_, company, client, id) = await DraftAsync();
        var url = $"/api/customs/declarations/{id}";
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{url}/header", Header(), Ct)).StatusCode);
        await JsonAsync(await client.PostAsJsonAsync($"{url}/items", Items[0], Ct), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{url}/costs", Costs, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{url}/check", null, Ct)).StatusCode);
        await JsonAsync(await client.PostAsJsonAsync($"{url}/calculation", Rates, Ct), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"{url}/submit", null, Ct)).StatusCode);

        var projection = api.Services.GetServices<IProjection>().OfType<INotifyingProjection>().Single(p => p.Name == "customs.declarations");
        var changes = new List<ChangeNotification>();
        await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<CustomsDeclaration>(id), 0, ReadDirection.Forwards, 100, Ct))
        {
            var (audience, change) = Assert.Single(projection.ChangesFor(e));
            Assert.Equal(ChangeAudience.Company(company), audience);
            changes.Add(change);
        }

        Assert.Equal(
            [(0L, "created"), (1L, "header"), (2L, "items"), (3L, "costs"), (4L, "checked"), (5L, "calculated"), (6L, "status")],
            changes.Select(c => (c.Version, c.Scope)));
        Assert.All(changes, c => Assert.Equal(("declaration", id.ToString("D")), (c.Entity, c.Id)));
    }

    /// <summary>The stream's events applied to a fresh table backwards, then forwards twice, give the live row: order and repetition do not matter.</summary>
    private async Task ReplayEqualsLiveAsync(Guid id)
    {
        var projection = api.Services.GetServices<IProjection>().OfType<DeclarationsProjection>().Single();
        var store = api.Services.GetRequiredService<IEventStore>();
        var db = api.Services.GetRequiredService<NpgsqlDataSource>();
        var events = new List<RecordedEvent>();
        await foreach (var e in store.ReadStreamAsync(StreamName.For<CustomsDeclaration>(id), 0, ReadDirection.Forwards, 1000, Ct))
        {
            events.Add(e);
        }

        var replay = new ProjectionTable("customs", $"declarations_replay_{Guid.NewGuid():N}"[..40]);
        await projection.CreateTableAsync(replay, Ct);
        foreach (var e in Enumerable.Reverse(events).Concat(events).Concat(events))
        {
            await projection.ApplyAsync(e, replay, Ct);
        }

        async Task<string> RowAsync(ProjectionTable table)
        {
            await using var select = db.CreateCommand($"SELECT status || '|' || version || '|' || payable_rub || '|' || state::text FROM {table} WHERE id = $1");
            select.Parameters.Add(new NpgsqlParameter { Value = id });
            return (string)(await select.ExecuteScalarAsync(Ct))!;
        }

        Assert.Equal(await RowAsync(DeclarationsProjection.LiveTable), await RowAsync(replay));
    }

    /// <summary>The worked example's declaration, checked and not yet calculated, dated <paramref name="date"/>.</summary>
    private async Task<(Guid Owner, HttpClient Client, string Url)> WorkedDeclarationAsync(string date = "2025-11-14")
    {
        var (owner, _, client, id) = await DraftAsync();
        var url = $"/api/customs/declarations/{id}";
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{url}/header", Header(date: date), Ct)).StatusCode);
        foreach (var item in Items)
        {
            await JsonAsync(await client.PostAsJsonAsync($"{url}/items", item, Ct), HttpStatusCode.Created);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{url}/costs", Costs, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{url}/check", null, Ct)).StatusCode);
        return (owner, client, url);
    }

    private async Task StoreRatesAsync(DateOnly day, IEnumerable<CbrPayloads.Valute> valutes)
    {
        var store = api.Services.GetRequiredService<ExchangeRateStore>();
        var rates = CbrDailyRatesParser.Parse(CbrPayloads.Daily(day.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture), valutes));
        await store.StoreAsync(day, rates, Ct);
    }

    [Fact]
    public async Task Without_rates_in_the_body_the_central_banks_stored_for_the_declaration_date_are_used()
    {
        await StoreRatesAsync(new DateOnly(2025, 11, 14), CbrPayloads.WorkedExample());
        var (_, client, url) = await WorkedDeclarationAsync();

        var sheet = await JsonAsync(await client.PostAsJsonAsync($"{url}/calculation", new { }, Ct), HttpStatusCode.OK);

        Assert.Equal((2_247_875.10m, 643_372.27m), (sheet.GetProperty("customsValue").GetDecimal(), sheet.GetProperty("total").GetDecimal()));
        Assert.Equal(["CNY", "EUR", "USD"], sheet.GetProperty("rates").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task A_currency_without_a_stored_rate_is_422_naming_it_and_the_date()
    {
        await StoreRatesAsync(new DateOnly(2025, 11, 13), CbrPayloads.WorkedExample().Where(v => v.CharCode != "CNY"));
        var (_, client, url) = await WorkedDeclarationAsync("2025-11-13");

        var missing = await ProblemAsync(await client.PostAsJsonAsync($"{url}/calculation", new { rates = (object?)null }, Ct), HttpStatusCode.UnprocessableEntity, "customs.currency-rate-missing");
        Assert.Contains("CNY on 2025-11-13", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A day never fetched, and the central bank unreachable: nothing to calculate with, said the same way.
        var (_, other, otherUrl) = await WorkedDeclarationAsync("2025-11-12");
        var none = await ProblemAsync(await other.PostAsJsonAsync($"{otherUrl}/calculation", new { }, Ct), HttpStatusCode.UnprocessableEntity, "customs.currency-rate-missing");
        Assert.Contains("on 2025-11-12", none.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_worked_example_exports_as_the_checked_in_xml_and_validates()
    {
        var (_, client, url) = await WorkedDeclarationAsync();
        await JsonAsync(await client.PostAsJsonAsync($"{url}/calculation", Rates, Ct), HttpStatusCode.OK);

        var response = await client.GetAsync($"{url}/xml", Ct);
        var xml = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(xml));
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(WellWon.Customs.Xml.DeclarationXmlExporter.Validate(xml));
        Xml.GoldenXml.AssertMatches("ESADout_CU.worked-example.xml", xml);
    }

    [Fact]
    public async Task An_incomplete_or_uncalculated_declaration_is_refused_listing_every_failing_check()
    {
        var (owner, company, client, id) = await DraftAsync();
        var url = $"/api/customs/declarations/{id}";
        var refused = await ProblemAsync(await client.GetAsync($"{url}/xml", Ct), HttpStatusCode.UnprocessableEntity, "customs.export-refused");
        var fields = refused.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("field").GetString()).ToList();
        Assert.Equal(["declarant", "customsOffice", "declarationDate", "items", "calculation"], fields);

        var (_, worked, workedUrl) = await WorkedDeclarationAsync();
        await JsonAsync(await worked.PostAsJsonAsync($"{workedUrl}/calculation", Rates, Ct), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await worked.PutAsJsonAsync($"{workedUrl}/header", Header(incoterm: "CIF"), Ct)).StatusCode);
        var stale = await ProblemAsync(await worked.GetAsync($"{workedUrl}/xml", Ct), HttpStatusCode.UnprocessableEntity, "customs.export-refused");
        var check = Assert.Single(stale.GetProperty("checks").EnumerateArray());
        Assert.Equal(("calculation", "customs.declaration-not-calculated"), (check.GetProperty("field").GetString(), check.GetProperty("code").GetString()));

        using var outsider = api.ClientFor(Guid.NewGuid());
        await ProblemAsync(await outsider.GetAsync($"{url}/xml", Ct), HttpStatusCode.NotFound, NotFound);
        var viewer = Guid.NewGuid();
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using var viewing = api.ClientFor(viewer);
        await ProblemAsync(await viewing.GetAsync($"{url}/xml", Ct), HttpStatusCode.UnprocessableEntity, "customs.export-refused");
    }

    [Fact]
    public async Task Broken_data_is_400_naming_the_field_and_a_wrong_move_is_422()
    {
        var (_, _, client, id) = await DraftAsync();
        var url = $"/api/customs/declarations/{id}";

        var badItem = await InvalidAsync(await client.PostAsJsonAsync($"{url}/items", new { description = "Bearings", hsCode = "848210", origin = "CN", quantity = 1, unit = "pcs", grossKg = 1, netKg = 1, invoicePrice = new { amount = 1, currency = "USD" } }, Ct));
        Assert.Equal(["customs.hs-code-invalid"], badItem["items[0].hsCode"]);

        var badCost = await InvalidAsync(await client.PutAsJsonAsync($"{url}/costs", new { costs = new[] { new { kind = "handling", amount = new { amount = 1, currency = "USD" } } } }, Ct));
        Assert.Equal(["customs.cost-kind-invalid"], badCost["costs[0].kind"]);

        var unknownProcedure = await InvalidAsync(await client.PutAsJsonAsync($"{url}/header", new { procedure = "99" }, Ct));
        Assert.Equal(["customs.procedure-unknown"], unknownProcedure["procedure"]);

        var incomplete = await ProblemAsync(await client.PostAsync($"{url}/check", null, Ct), HttpStatusCode.UnprocessableEntity, "customs.compliance-failed");
        Assert.Contains(incomplete.GetProperty("checks").EnumerateArray(), c =>
            (c.GetProperty("code").GetString(), c.GetProperty("severity").GetString(), c.GetProperty("field").GetString()) == ("customs.declaration-incomplete", "error", "declarant"));

        await ProblemAsync(await client.PostAsync($"{url}/submit", null, Ct), HttpStatusCode.UnprocessableEntity, "customs.transition-invalid");
        await ProblemAsync(await client.GetAsync($"{url}/calculation", Ct), HttpStatusCode.NotFound, "customs.declaration-not-calculated");
    }

    [Fact]
    public async Task Outsiders_get_404_and_viewers_read_but_may_not_change()
    {
        var (owner, company, client, id) = await DraftAsync();
        var url = $"/api/customs/declarations/{id}";

        using var outsider = api.ClientFor(Guid.NewGuid());
        await ProblemAsync(await outsider.GetAsync(url, Ct), HttpStatusCode.NotFound, NotFound);
        await ProblemAsync(await outsider.GetAsync($"{url}/calculation", Ct), HttpStatusCode.NotFound, NotFound);
        await ProblemAsync(await outsider.PutAsJsonAsync($"{url}/header", Header(), Ct), HttpStatusCode.NotFound, NotFound);
        await ProblemAsync(await outsider.PostAsJsonAsync("/api/customs/declarations", new { companyId = company, procedure = "40" }, Ct), HttpStatusCode.NotFound);
        await ProblemAsync(await client.GetAsync($"/api/customs/declarations/{Guid.NewGuid()}", Ct), HttpStatusCode.NotFound, NotFound);

        var viewer = Guid.NewGuid();
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using var viewing = api.ClientFor(viewer);
        Assert.Equal(id, (await GetJsonAsync(viewing, url)).GetProperty("id").GetGuid());
        await ProblemAsync(await viewing.PutAsJsonAsync($"{url}/header", Header(), Ct), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_correction_is_previewed_without_storing_then_stored_with_its_recalculation_and_kept_in_the_history()
    {
        var (owner, client, url) = await WorkedDeclarationAsync();
        await JsonAsync(await client.PostAsJsonAsync($"{url}/calculation", Rates, Ct), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"{url}/submit", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"{url}/register", new { registrationNumber = "10702070/141125/3001234" }, Ct)).StatusCode);
        var registered = await GetJsonAsync(client, url);
        var ids = registered.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        var items = Items.Select((item, i) => new { id = (Guid?)ids[i], item }).ToList();
        // Item 1's price per the supplier's corrected invoice: 13,000 USD instead of 12,000.
        items[0] = new { id = (Guid?)ids[0], item = (object)new { description = "Ball bearings 6204-2RS", hsCode = "8482109000", origin = "CN", quantity = 12000, unit = "pcs", grossKg = 1500, netKg = 1400, invoicePrice = new { amount = 13000, currency = "USD" }, documents = new[] { Invoice } } };
        var correction = new { items, reason = "Price per the supplier's corrected invoice" };

        var preview = await JsonAsync(await client.PostAsJsonAsync($"{url}/corrections/preview", correction, Ct), HttpStatusCode.OK);
        Assert.Equal((643_372.27m, 669_212.27m, 25_840.00m), (preview.GetProperty("before").GetProperty("total").GetDecimal(),
            preview.GetProperty("after").GetProperty("total").GetDecimal(), preview.GetProperty("paymentDifference").GetDecimal()));
        var change = Assert.Single(preview.GetProperty("changes").EnumerateArray());
        Assert.Equal((1, "invoicePrice", "12000 USD", "13000 USD"), (change.GetProperty("item").GetInt32(), change.GetProperty("field").GetString(),
            change.GetProperty("before").GetString(), change.GetProperty("after").GetString()));
        Assert.Equal(0, (await GetJsonAsync(client, url)).GetProperty("corrections").GetInt32());

        var missingReason = await InvalidAsync(await client.PostAsJsonAsync($"{url}/corrections", new { items }, Ct));
        Assert.Equal(["customs.reason-required"], missingReason["reason"]);

        var stored = await JsonAsync(await client.PostAsJsonAsync($"{url}/corrections", correction, Ct), HttpStatusCode.OK);
        Assert.Equal(25_840.00m, stored.GetProperty("paymentDifference").GetDecimal());
        var declaration = await GetJsonAsync(client, url);
        Assert.Equal(("registered", 1, 669_212.27m), (declaration.GetProperty("status").GetString(), declaration.GetProperty("corrections").GetInt32(),
            declaration.GetProperty("calculation").GetProperty("total").GetDecimal()));
        Assert.True(declaration.GetProperty("calculation").GetProperty("current").GetBoolean());
        var entry = Assert.Single(declaration.GetProperty("correctionHistory").EnumerateArray());
        Assert.Equal((owner, "Price per the supplier's corrected invoice", 25_840.00m), (entry.GetProperty("by").GetGuid(),
            entry.GetProperty("reason").GetString(), entry.GetProperty("paymentDifference").GetDecimal()));

        await ReplayEqualsLiveAsync(Guid.Parse(url[(url.LastIndexOf('/') + 1)..]));
    }

    [Fact]
    public async Task A_rejection_and_a_recall_are_answered_apart_each_with_its_reason_who_and_when()
    {
        var (owner, rejectedClient, rejectedUrl) = await WorkedDeclarationAsync();
        await JsonAsync(await rejectedClient.PostAsJsonAsync($"{rejectedUrl}/calculation", Rates, Ct), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await rejectedClient.PostAsync($"{rejectedUrl}/submit", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await rejectedClient.PostAsJsonAsync($"{rejectedUrl}/reject", new { reason = "Box 44: contract missing" }, Ct)).StatusCode);

        var (other, recalledClient, recalledUrl) = await WorkedDeclarationAsync();
        await JsonAsync(await recalledClient.PostAsJsonAsync($"{recalledUrl}/calculation", Rates, Ct), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await recalledClient.PostAsync($"{recalledUrl}/submit", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await recalledClient.PostAsJsonAsync($"{recalledUrl}/recall", new { reason = "Goods will be re-exported" }, Ct)).StatusCode);

        var rejected = await GetJsonAsync(rejectedClient, rejectedUrl);
        var rejection = rejected.GetProperty("rejection");
        Assert.Equal(("rejected", "Box 44: contract missing", owner), (rejected.GetProperty("status").GetString(), rejection.GetProperty("reason").GetString(), rejection.GetProperty("by").GetGuid()));
        Assert.True(rejection.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(JsonValueKind.Null, rejected.GetProperty("recall").ValueKind);
        Assert.False(rejected.TryGetProperty("closingReason", out _));

        var recalled = await GetJsonAsync(recalledClient, recalledUrl);
        var recall = recalled.GetProperty("recall");
        Assert.Equal(("recalled", "Goods will be re-exported", other), (recalled.GetProperty("status").GetString(), recall.GetProperty("reason").GetString(), recall.GetProperty("by").GetGuid()));
        Assert.Equal(JsonValueKind.Null, recalled.GetProperty("rejection").ValueKind);

        await ReplayEqualsLiveAsync(Guid.Parse(rejectedUrl[(rejectedUrl.LastIndexOf('/') + 1)..]));
        await ReplayEqualsLiveAsync(Guid.Parse(recalledUrl[(recalledUrl.LastIndexOf('/') + 1)..]));
    }

    [Fact]
    public async Task Corrections_are_404_to_outsiders_403_to_viewers_and_422_before_registration()
    {
        var (owner, company, client, id) = await DraftAsync();
        var url = $"/api/customs/declarations/{id}";
        var correction = new { items = Array.Empty<object>(), reason = "x" };

        using var outsider = api.ClientFor(Guid.NewGuid());
        await ProblemAsync(await outsider.PostAsJsonAsync($"{url}/corrections", correction, Ct), HttpStatusCode.NotFound, NotFound);
        await ProblemAsync(await outsider.PostAsJsonAsync($"{url}/corrections/preview", correction, Ct), HttpStatusCode.NotFound, NotFound);
        var viewer = Guid.NewGuid();
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using var viewing = api.ClientFor(viewer);
        await ProblemAsync(await viewing.PostAsJsonAsync($"{url}/corrections", correction, Ct), HttpStatusCode.Forbidden);
        await ProblemAsync(await viewing.PostAsJsonAsync($"{url}/corrections/preview", correction, Ct), HttpStatusCode.Forbidden);
        await ProblemAsync(await client.PostAsJsonAsync($"{url}/corrections/preview", correction, Ct), HttpStatusCode.UnprocessableEntity, "customs.correction-not-allowed");
    }

    [Theory]
    [InlineData("8482", "8482101000")]
    [InlineData("8482 10", "8482101000")]
    [InlineData("подшипники", "8482101000")]
    [InlineData("bearings", "8482101000")]
    [InlineData("майки из хлопчатобумажной пряжи", "6109100000")]
    public async Task Hs_codes_are_found_by_code_prefix_and_by_russian_or_english_words(string q, string expected)
    {
        using var client = api.ClientFor(Guid.NewGuid());
        var found = await GetJsonAsync(client, $"/api/customs/hs?q={Uri.EscapeDataString(q)}&date=2025-11-14&limit=50");
        var entry = Assert.Single(found.EnumerateArray(), e => e.GetProperty("code").GetString() == expected);
        Assert.Equal([expected[..2], expected[..4], expected[..6]], entry.GetProperty("path").EnumerateArray().Select(p => p.GetProperty("code").GetString()));
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url) => await JsonAsync(await client.GetAsync(url, Ct), HttpStatusCode.OK);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var problem = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (code is not null)
        {
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }

        return problem;
    }

    private static async Task<Dictionary<string, string[]>> InvalidAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        return problem.GetProperty("codes").Deserialize<Dictionary<string, string[]>>()!;
    }
}
