using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Customs.ExchangeRates;
using WellWon.Customs.ReadModel;
using WellWon.Platform.EventStore;
using WellWon.Platform.Projections;

namespace WellWon.Customs.Tests.Http;

/// <summary>
/// From a shipment made through the Logistics API to a submitted declaration and its landed cost, in the real Api (both modules in
/// one host): Customs sees the shipment only through its own projection of the shipment events.
/// </summary>
public sealed class ShipmentFlowHttpTests(CustomsApiFactory api) : IClassFixture<CustomsApiFactory>
{
    private const string Date = "2025-11-14";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object Invoice = new { code = "04021", number = "INV-2025-118", date = "2025-10-02" };

    private static object Shipment(Guid companyId, bool withCargo = true) => new
    {
        companyId,
        mode = "sea",
        incoterm = "FOB",
        incotermPlace = "Shanghai",
        legs = new[] { new { from = "CNSHA", to = "RUVVO", mode = "sea", etd = "2025-10-20T00:00:00Z", eta = "2025-11-10T00:00:00Z" } },
        cargo = withCargo
            ? new object[]
            {
                new { description = "Ball bearings 6204-2RS", hsCode = "8482109000", packages = 40, packageType = "cartons", grossWeightKg = 1500, netWeightKg = 1400, declaredValue = new { amount = 12000, currency = "USD" } },
                new { description = "Frozen Pacific cod", hsCode = "0303631000", packages = 100, packageType = "cartons", grossWeightKg = 2200, netWeightKg = 2000, declaredValue = new { amount = 60000, currency = "CNY" } },
                new { description = "Spare seals", packages = 2, packageType = "boxes", grossWeightKg = 100, netWeightKg = 80, declaredValue = new { amount = 300, currency = "USD" } },
            }
            : [],
    };

    private async Task<(Guid Owner, Guid Company, HttpClient Client)> CompanyAsync()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        return (owner, company, api.ClientFor(owner));
    }

    private static async Task<Guid> CreateShipmentAsync(HttpClient client, object body) =>
        (await JsonAsync(await client.PostAsJsonAsync("/api/shipments", body, Ct), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task StoreRatesAsync()
    {
        var day = DateOnly.Parse(Date, System.Globalization.CultureInfo.InvariantCulture);
        using var scope = api.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ExchangeRateStore>().StoreAsync(day, new CbrDailyRates(day,
            [new CbrRate("USD", 1, 80.75m, 80.75m), new CbrRate("CNY", 1, 11.327m, 11.327m), new CbrRate("EUR", 1, 93.5012m, 93.5012m)]), Ct);
    }

    [Fact]
    public async Task A_shipment_becomes_a_declaration_that_is_fixed_checked_submitted_and_costed()
    {
        var (_, company, client) = await CompanyAsync();
        var shipment = await CreateShipmentAsync(client, Shipment(company));
        var landed = $"/api/customs/landed-cost?shipmentId={shipment}&date={Date}";

        // On a day whose rates were never stored (and the central bank does not answer), nothing can be computed: 422 naming the currency and the day.
        var noRates = await ProblemAsync(await client.GetAsync($"/api/customs/landed-cost?shipmentId={shipment}&date=2025-11-13", Ct), HttpStatusCode.UnprocessableEntity, "customs.currency-rate-missing");
        Assert.Contains("USD", noRates.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("2025-11-13", noRates.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await StoreRatesAsync();
        var estimate = await JsonAsync(await client.GetAsync(landed, Ct), HttpStatusCode.OK);
        Assert.Equal(("estimate", JsonValueKind.Null, "RUB", Date, 3), (estimate.GetProperty("basis").GetString(), estimate.GetProperty("declarationId").ValueKind,
            estimate.GetProperty("currency").GetString(), estimate.GetProperty("ratesDate").GetString(), estimate.GetProperty("items").GetArrayLength()));
        Assert.Contains("Cargo line 3 has no HS code: its duty is not included.", Strings(estimate.GetProperty("warnings")));
        Assert.Equal(0m, estimate.GetProperty("items")[2].GetProperty("duty").GetDecimal());
        Assert.True(estimate.GetProperty("items")[0].GetProperty("duty").GetDecimal() > 0);
        AssertConsistent(estimate);
        Assert.Equal(12000 * 80.75m + 60000 * 11.327m + 300 * 80.75m, estimate.GetProperty("totals").GetProperty("goodsValue").GetDecimal());

        // An outsider, even with a company of their own, finds no such shipment.
        var (_, otherCompany, outsider) = await CompanyAsync();
        await ProblemAsync(await outsider.PostAsJsonAsync("/api/customs/declarations", new { companyId = otherCompany, procedure = "40", fromShipmentId = shipment }, Ct),
            HttpStatusCode.NotFound, "customs.shipment-not-found");
        await ProblemAsync(await outsider.GetAsync(landed, Ct), HttpStatusCode.NotFound, "customs.shipment-not-found");

        // The declaration from the shipment: two items (the line without an HS code is named), FOB and the origin from the route.
        var created = await JsonAsync(await client.PostAsJsonAsync("/api/customs/declarations", new { companyId = company, procedure = "40", fromShipmentId = shipment }, Ct), HttpStatusCode.Created);
        Assert.Contains(Strings(created.GetProperty("warnings")), w => w.StartsWith("Cargo line 3", StringComparison.Ordinal));
        var id = created.GetProperty("id").GetGuid();
        var url = $"/api/customs/declarations/{id}";
        var declaration = await JsonAsync(await client.GetAsync(url, Ct), HttpStatusCode.OK);
        var header = declaration.GetProperty("header");
        Assert.Equal(("FOB", "Shanghai", shipment), (header.GetProperty("incoterm").GetString(), header.GetProperty("incotermPlace").GetString(), header.GetProperty("shipmentId").GetGuid()));
        var items = declaration.GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal(("8482109000", "CN", 1500m, 1400m, 12000m, "USD"), (items[0].GetProperty("hsCode").GetString(), items[0].GetProperty("origin").GetString(),
            items[0].GetProperty("grossKg").GetDecimal(), items[0].GetProperty("netKg").GetDecimal(),
            items[0].GetProperty("invoicePrice").GetProperty("amount").GetDecimal(), items[0].GetProperty("invoicePrice").GetProperty("currency").GetString()));

        // The header the draft lacked, then a check: every gap is an error naming its field; the weights only warn.
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{url}/header", new
        {
            procedure = "40", declarant = new { name = "OOO Vostok Import", taxId = "2540123456" }, customsOffice = "10702070", declarationDate = Date,
            incoterm = "FOB", incotermPlace = "Shanghai", shipmentId = shipment, allocationMethod = "weight",
        }, Ct)).StatusCode);
        var failed = await ProblemAsync(await client.PostAsync($"{url}/check", null, Ct), HttpStatusCode.UnprocessableEntity, "customs.compliance-failed");
        var checks = failed.GetProperty("checks").EnumerateArray().Select(c => (c.GetProperty("code").GetString(), c.GetProperty("severity").GetString(), c.GetProperty("field").GetString())).ToList();
        Assert.Contains(("customs.declaration-incomplete", "error", "items[0].documents"), checks);
        Assert.Contains(("customs.declaration-incomplete", "error", "items[1].documents"), checks);
        Assert.Contains(("customs.declaration-incomplete", "error", "costs"), checks);
        Assert.Contains(("customs.weight-mismatch", "warning", "items.grossKg"), checks);
        Assert.Equal("draft", (await JsonAsync(await client.GetAsync(url, Ct), HttpStatusCode.OK)).GetProperty("status").GetString());

        foreach (var item in items.EnumerateArray())
        {
            var fixedItem = new
            {
                description = item.GetProperty("description").GetString(), hsCode = item.GetProperty("hsCode").GetString(), origin = "CN",
                quantity = item.GetProperty("quantity").GetDecimal(), unit = "kg", grossKg = item.GetProperty("grossKg").GetDecimal(), netKg = item.GetProperty("netKg").GetDecimal(),
                invoicePrice = new { amount = item.GetProperty("invoicePrice").GetProperty("amount").GetDecimal(), currency = item.GetProperty("invoicePrice").GetProperty("currency").GetString() },
                documents = new[] { Invoice },
            };
            Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{url}/items/{item.GetProperty("id").GetGuid()}", fixedItem, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{url}/costs", new { costs = new[] { new { kind = "freight", amount = new { amount = 3000, currency = "USD" } } } }, Ct)).StatusCode);
        var passed = await JsonAsync(await client.PostAsync($"{url}/check", null, Ct), HttpStatusCode.OK);
        Assert.Equal("checked", passed.GetProperty("status").GetString());
        Assert.All(passed.GetProperty("checks").EnumerateArray(), c => Assert.Equal("warning", c.GetProperty("severity").GetString()));
        Assert.Contains(passed.GetProperty("checks").EnumerateArray(), c => c.GetProperty("code").GetString() == "customs.weight-mismatch");

        var sheet = await JsonAsync(await client.PostAsJsonAsync($"{url}/calculation", new { }, Ct), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"{url}/submit", null, Ct)).StatusCode);

        // The calculation fed the company's price history: per item, the price per unit in its invoice currency.
        await using (var history = api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            $"SELECT hs_code || ' ' || currency || '/' || unit || ' ' || round(unit_price, 4) FROM {PriceHistoryProjection.LiveTable} WHERE declaration_id = $1 ORDER BY item_no"))
        {
            history.Parameters.Add(new NpgsqlParameter { Value = id });
            var rows = new List<string>();
            await using var reader = await history.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                rows.Add(reader.GetString(0));
            }

            Assert.Equal(["8482109000 USD/kg 8.5714", "0303631000 CNY/kg 30.0000"], rows);
        }

        // Now the landed cost is the declaration's: its payments, its freight, the fee shared among the items.
        var cost = await JsonAsync(await client.GetAsync(landed, Ct), HttpStatusCode.OK);
        Assert.Equal(("declaration", id, Date, 2), (cost.GetProperty("basis").GetString(), cost.GetProperty("declarationId").GetGuid(),
            cost.GetProperty("ratesDate").GetString(), cost.GetProperty("items").GetArrayLength()));
        var totals = cost.GetProperty("totals");
        Assert.Equal((sheet.GetProperty("duty").GetDecimal(), sheet.GetProperty("vat").GetDecimal(), sheet.GetProperty("fee").GetDecimal(), 3000 * 80.75m, 12000 * 80.75m + 60000 * 11.327m, 0m),
            (totals.GetProperty("duty").GetDecimal(), totals.GetProperty("vat").GetDecimal(), totals.GetProperty("fees").GetDecimal(), totals.GetProperty("freight").GetDecimal(),
             totals.GetProperty("goodsValue").GetDecimal(), totals.GetProperty("brokerAndWarehouse").GetDecimal()));
        AssertConsistent(cost);
        Assert.Contains(Strings(cost.GetProperty("warnings")), w => w.StartsWith("Broker and warehouse charges are 0", StringComparison.Ordinal));
        await ProblemAsync(await outsider.GetAsync(landed, Ct), HttpStatusCode.NotFound, "customs.shipment-not-found");
    }

    [Fact]
    public async Task Embargoed_goods_from_the_shipment_fail_the_check_with_the_data_s_code()
    {
        var (_, company, client) = await CompanyAsync();
        var shipment = await CreateShipmentAsync(client, new
        {
            companyId = company, mode = "sea", incoterm = "CIF", incotermPlace = "Saint Petersburg",
            legs = new[] { new { from = "NOOSL", to = "RULED", mode = "sea" } },
            cargo = new[] { new { description = "Frozen Atlantic cod", hsCode = "0303631000", packages = 100, grossWeightKg = 2200, netWeightKg = 2000, declaredValue = new { amount = 50000, currency = "EUR" } } },
        });
        var created = await JsonAsync(await client.PostAsJsonAsync("/api/customs/declarations", new
        {
            companyId = company, procedure = "40", fromShipmentId = shipment, declarant = new { name = "OOO Vostok Import" }, customsOffice = "10216100", declarationDate = Date,
        }, Ct), HttpStatusCode.Created);
        var url = $"/api/customs/declarations/{created.GetProperty("id").GetGuid()}";
        var item = (await JsonAsync(await client.GetAsync(url, Ct), HttpStatusCode.OK)).GetProperty("items")[0];
        Assert.Equal(("NO", "CIF"), (item.GetProperty("origin").GetString(), (await JsonAsync(await client.GetAsync(url, Ct), HttpStatusCode.OK)).GetProperty("header").GetProperty("incoterm").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{url}/items/{item.GetProperty("id").GetGuid()}", new
        {
            description = "Frozen Atlantic cod", hsCode = "0303631000", origin = "NO", quantity = 2000, unit = "kg", grossKg = 2200, netKg = 2000,
            invoicePrice = new { amount = 50000, currency = "EUR" }, documents = new[] { Invoice },
        }, Ct)).StatusCode);

        var failed = await ProblemAsync(await client.PostAsync($"{url}/check", null, Ct), HttpStatusCode.UnprocessableEntity, "customs.compliance-failed");
        var finding = Assert.Single(failed.GetProperty("checks").EnumerateArray());
        Assert.Equal(("customs.goods-embargoed", "error", "items[0].hsCode"),
            (finding.GetProperty("code").GetString(), finding.GetProperty("severity").GetString(), finding.GetProperty("field").GetString()));
        Assert.Contains("Resolution No. 778", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shipment_without_cargo_is_422_and_an_unknown_one_404()
    {
        var (_, company, client) = await CompanyAsync();
        var empty = await CreateShipmentAsync(client, Shipment(company, withCargo: false));
        await ProblemAsync(await client.PostAsJsonAsync("/api/customs/declarations", new { companyId = company, procedure = "40", fromShipmentId = empty }, Ct),
            HttpStatusCode.UnprocessableEntity, "customs.shipment-without-cargo");
        await ProblemAsync(await client.PostAsJsonAsync("/api/customs/declarations", new { companyId = company, procedure = "40", fromShipmentId = Guid.NewGuid() }, Ct),
            HttpStatusCode.NotFound, "customs.shipment-not-found");
        await ProblemAsync(await client.GetAsync($"/api/customs/landed-cost?shipmentId={empty}&date={Date}", Ct), HttpStatusCode.UnprocessableEntity, "customs.landed-cost-unavailable");
    }

    [Fact]
    public async Task The_shipment_projection_follows_changes_ignores_repeats_and_rebuilds_to_the_same_rows()
    {
        var (_, company, client) = await CompanyAsync();
        var shipment = await CreateShipmentAsync(client, Shipment(company));
        var added = await JsonAsync(await client.PostAsJsonAsync($"/api/shipments/{shipment}/cargo",
            new { description = "Bearing housings", hsCode = "848330", packages = 5, grossWeightKg = 250, netWeightKg = 240 }, Ct), HttpStatusCode.Created);
        Assert.NotEqual(JsonValueKind.Undefined, added.ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/shipments/{shipment}/header", new { incoterm = "FCA", incotermPlace = "Shanghai" }, Ct)).StatusCode);

        // Read at once: the sync run has projected every change.
        var goods = await api.Services.GetRequiredService<ShipmentGoodsReader>().GetAsync(shipment, Ct);
        Assert.NotNull(goods);
        Assert.Equal((company, "FCA", 4, 4050m, 3720m, "CN"), (goods.CompanyId, goods.Incoterm, goods.Cargo.Count, goods.GrossKg, goods.NetKg, goods.OriginCountry));

        // The stream applied backwards, then forwards twice, into a fresh table gives the live row.
        var projection = api.Services.GetServices<IProjection>().OfType<ShipmentGoodsProjection>().Single();
        var events = new List<RecordedEvent>();
        await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync($"{ShipmentGoodsProjection.StreamCategory}-{shipment:N}", 0, ReadDirection.Forwards, 1000, Ct))
        {
            events.Add(e);
        }

        var replay = new ProjectionTable("customs", $"shipment_goods_replay_{Guid.NewGuid():N}"[..40]);
        await projection.CreateTableAsync(replay, Ct);
        foreach (var e in Enumerable.Reverse(events).Concat(events).Concat(events))
        {
            await projection.ApplyAsync(e, replay, Ct);
        }

        Assert.Equal(await RowAsync(ShipmentGoodsProjection.LiveTable, shipment), await RowAsync(replay, shipment));

        // The platform's integrity check and rebuild agree with the live tables.
        var checker = api.Services.GetRequiredService<IProjectionIntegrityChecker>();
        var rebuilder = api.Services.GetRequiredService<ProjectionRebuilder>();
        var registry = api.Services.GetRequiredService<ProjectionRegistry>();
        foreach (var name in new[] { "customs.shipment-goods", "customs.price-history" })
        {
            var rebuildable = Assert.IsAssignableFrom<IRebuildableProjection>(registry.Find(name));
            Assert.True(ProjectionRegistry.IsSync(rebuildable));
            Assert.True((await checker.CheckAsync(name, Ct)).IsHealthy, name);
            await rebuilder.RebuildAsync(rebuildable, null, Ct);
            Assert.True((await checker.CheckAsync(name, Ct)).IsHealthy, name);
        }

        Assert.Equal(await RowAsync(replay, shipment), await RowAsync(ShipmentGoodsProjection.LiveTable, shipment));
    }

    [Fact]
    public async Task The_new_read_models_ask_the_event_processor_to_replay_the_shipments_made_before_them()
    {
        var db = api.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var request = db.CreateCommand(CustomsSchema.RebuildFromHistory("customs.rebuild-probe")))
        {
            await request.ExecuteNonQueryAsync(Ct);
        }

        await using var status = db.CreateCommand("SELECT status FROM platform.projection_state WHERE name = 'customs.rebuild-probe'");
        Assert.Equal("rebuild-requested", await status.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task A_what_if_computes_without_saving_and_names_the_field_it_refuses()
    {
        await StoreRatesAsync();
        var (_, company, client) = await CompanyAsync();
        object Body(object item, object? freight = null) => new
        {
            companyId = company, date = Date, incoterm = "FOB", allocation = "weight",
            freight = freight ?? new { amount = 1200, currency = "USD" },
            items = new[] { item },
        };
        var bearings = new { description = "Ball bearings", hsCode = "8482109000", origin = "CN", grossWeightKg = 1200, netWeightKg = 1100, quantity = 10, unit = "pcs", invoicePrice = new { amount = 15000, currency = "CNY" }, preference = false };

        var whatIf = await JsonAsync(await client.PostAsJsonAsync("/api/customs/landed-cost/what-if", Body(bearings), Ct), HttpStatusCode.OK);
        Assert.Equal(("what-if", JsonValueKind.Null, JsonValueKind.Null), (whatIf.GetProperty("basis").GetString(), whatIf.GetProperty("declarationId").ValueKind, whatIf.GetProperty("shipmentId").ValueKind));
        Assert.Equal((15000 * 11.327m, 1200 * 80.75m), (whatIf.GetProperty("totals").GetProperty("goodsValue").GetDecimal(), whatIf.GetProperty("totals").GetProperty("freight").GetDecimal()));
        Assert.True(whatIf.GetProperty("totals").GetProperty("duty").GetDecimal() > 0);
        AssertConsistent(whatIf);
        var listed = await JsonAsync(await client.GetAsync($"/api/customs/declarations?companyId={company}", Ct), HttpStatusCode.OK);
        Assert.Equal(0, listed.GetArrayLength());

        Assert.Equal(["customs.hs-code-invalid"], (await InvalidAsync(await client.PostAsJsonAsync("/api/customs/landed-cost/what-if", Body(bearings with { hsCode = "848210" }), Ct)))["items[0].hsCode"]);
        Assert.Equal(["customs.weight-invalid"], (await InvalidAsync(await client.PostAsJsonAsync("/api/customs/landed-cost/what-if", Body(bearings with { grossWeightKg = -1 }), Ct)))["items[0].grossWeightKg"]);
        Assert.Equal(["customs.currency-invalid"], (await InvalidAsync(await client.PostAsJsonAsync("/api/customs/landed-cost/what-if", Body(bearings, new { amount = 1, currency = "XXX" }), Ct)))["freight.currency"]);
        Assert.Equal(["customs.tariff-missing"], (await InvalidAsync(await client.PostAsJsonAsync("/api/customs/landed-cost/what-if", Body(bearings with { hsCode = "0101010101" }), Ct)))["items[0].hsCode"]);

        var (_, _, outsider) = await CompanyAsync();
        await ProblemAsync(await outsider.PostAsJsonAsync("/api/customs/landed-cost/what-if", Body(bearings), Ct), HttpStatusCode.NotFound, "companies.company-not-found");
    }

    /// <summary>Each item's total is its parts; the totals are the items' sums, and without VAT is the total less VAT.</summary>
    private static void AssertConsistent(JsonElement cost)
    {
        string[] parts = ["goodsValue", "freight", "insurance", "duty", "excise", "vat", "fees"];
        foreach (var item in cost.GetProperty("items").EnumerateArray())
        {
            Assert.Equal(item.GetProperty("total").GetDecimal(), parts.Sum(p => item.GetProperty(p).GetDecimal()));
        }

        var totals = cost.GetProperty("totals");
        foreach (var part in parts.Append("total"))
        {
            Assert.Equal(totals.GetProperty(part).GetDecimal(), cost.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty(part).GetDecimal()));
        }

        Assert.Equal(totals.GetProperty("total").GetDecimal() - totals.GetProperty("vat").GetDecimal(), totals.GetProperty("totalWithoutVat").GetDecimal());
    }

    private async Task<string> RowAsync(ProjectionTable table, Guid id)
    {
        await using var select = api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            $"SELECT status || '|' || version || '|' || gross_kg || '|' || net_kg || '|' || state::text FROM {table} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        return (string)(await select.ExecuteScalarAsync(Ct))!;
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var problem = await JsonAsync(response, status);
        if (code is not null)
        {
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }

        return problem;
    }

    private static async Task<Dictionary<string, string[]>> InvalidAsync(HttpResponseMessage response) =>
        (await ProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed")).GetProperty("codes").Deserialize<Dictionary<string, string[]>>()!;
}
