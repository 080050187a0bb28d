using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.SignalR.Client;

namespace WellWon.AppHost.Tests;

/// <summary>
/// The customs walk-through a user does, over HTTP and the hub only, against everything the AppHost starts, pointed at a fake central
/// bank and a fake customs gateway running in the test: a booked shipment becomes a declaration, its check fails until the missing
/// fields and documents are given, it is calculated at the bank's rates (fetched by the Api for its date) and submitted; data-sync's
/// status job applies the gateway's registration and release; the landed cost is the declaration's; an outsider learns nothing.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class CustomsAcceptanceTests(ITestOutputHelper output)
{
    private const string Office = "10702070";
    private static readonly TimeSpan Eventually = TimeSpan.FromSeconds(45);

    // The tariff's rates of the two codes (WellWon.Customs/Tariff/Data): bearings 10 % ad valorem, cod 0.15 EUR per kg net.
    private const decimal BearingsDutyPct = 10m;
    private const decimal CodEurPerKg = 0.15m;

    [Fact]
    public async Task A_shipment_becomes_a_declaration_that_is_fixed_checked_calculated_at_the_bank_s_rates_submitted_registered_and_released()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataRoot = AppHostLauncher.CreateDataRoot();
        try
        {
            await using var bank = await FakeCentralBank.StartAsync(ct);
            await using var gateway = await FakeCustomsGateway.StartAsync(ct);
            var builder = await AppHostLauncher.CreateAsync(dataRoot, ct,
                $"--Customs:Rates:BaseUrl={bank.BaseUrl}",
                "--Customs:Rates:Interval=00:00:10",
                // The job fills today and the two days before; the declaration is dated earlier, so the Api fetches its day itself.
                "--Customs:Rates:RecentDays=2",
                "--Customs:Rates:FirstRetryDelay=00:00:00.200",
                $"--Customs:Gateway:BaseUrl={gateway.BaseUrl}",
                $"--Customs:Gateway:ApiKey={FakeCustomsGateway.Key}",
                "--Customs:Gateway:Interval=00:00:01",
                "--Customs:Gateway:FirstRetryDelay=00:00:00.200");
            await using var app = await builder.BuildAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(AppHostLauncher.StartTimeout + TimeSpan.FromMinutes(3));
            var token = timeout.Token;
            var sinceStart = Stopwatch.StartNew();
            await AppHostLauncher.StartHealthyAsync(app, token);
            var healthyAfter = sinceStart.Elapsed;
            var apiBase = app.GetEndpoint("api", "http");

            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var date = today.AddDays(-14);
            var dateText = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

            // data-sync's rates job asks the fake bank for today on its first run.
            await EventuallyAsync(() => Task.FromResult(bank.DaysAsked.Contains(today)), $"The rates job did not ask the central bank for {today:yyyy-MM-dd}.", token);
            Assert.DoesNotContain(date, bank.DaysAsked);

            var ann = await User.SignUpAsync(apiBase, "Ann", token);
            var bob = await User.SignUpAsync(apiBase, "Bob", token);
            var company = await ann.PostAsync("/api/companies", new { name = "Vostok Import LLC", country = "RU", companyType = "importer" }, HttpStatusCode.Created, token);
            var companyId = company.GetProperty("id").GetGuid();
            var bobsCompanyId = (await bob.PostAsync("/api/companies", new { name = "Bob's Own Trading", country = "RU", companyType = "importer" }, HttpStatusCode.Created, token))
                .GetProperty("id").GetGuid();
            await using var hub = await ann.ConnectAsync(token);
            await hub.Connection.InvokeAsync<long>("JoinCompany", companyId, token);

            // Shanghai → Vladivostok by sea, FOB: bearings priced in dollars, cod in yuan, both with their codes, weights and values.
            var shipment = await ann.PostAsync("/api/shipments", new
            {
                companyId,
                mode = "sea",
                incoterm = "FOB",
                incotermPlace = "Shanghai",
                legs = new[] { new { from = "CNSHA", to = "RUVVO", mode = "sea" } },
                cargo = new object[]
                {
                    new { description = "Ball bearings 6204-2RS", hsCode = "8482109000", packages = 40, packageType = "cartons", grossWeightKg = 1500, netWeightKg = 1400, declaredValue = new { amount = 12000, currency = "USD" } },
                    new { description = "Frozen Pacific cod", hsCode = "0303631000", packages = 100, packageType = "cartons", grossWeightKg = 2200, netWeightKg = 2000, declaredValue = new { amount = 60000, currency = "CNY" } },
                },
            }, HttpStatusCode.Created, token);
            var shipmentId = shipment.GetProperty("id").GetGuid();
            await ann.SendAsync(HttpMethod.Post, $"/api/shipments/{shipmentId}/book", null, HttpStatusCode.NoContent, token);

            // The declaration from the shipment: both cargo lines become goods items, FOB Shanghai and the origin from the route.
            var created = await ann.PostAsync("/api/customs/declarations", new { companyId, procedure = "40", fromShipmentId = shipmentId }, HttpStatusCode.Created, token);
            Assert.Empty(created.GetProperty("warnings").EnumerateArray());
            var id = created.GetProperty("id").GetGuid();
            var url = $"/api/customs/declarations/{id}";
            var draft = await ann.GetAsync(url, token);
            var header = draft.GetProperty("header");
            Assert.Equal(("draft", "FOB", "Shanghai", shipmentId), (draft.GetProperty("status").GetString(), header.GetProperty("incoterm").GetString(),
                header.GetProperty("incotermPlace").GetString(), header.GetProperty("shipmentId").GetGuid()));
            var items = draft.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(
                [("8482109000", "CN", 1500m, 1400m, 12000m, "USD"), ("0303631000", "CN", 2200m, 2000m, 60000m, "CNY")],
                items.Select(i => (i.GetProperty("hsCode").GetString(), i.GetProperty("origin").GetString(), i.GetProperty("grossKg").GetDecimal(),
                    i.GetProperty("netKg").GetDecimal(), i.GetProperty("invoicePrice").GetProperty("amount").GetDecimal(), i.GetProperty("invoicePrice").GetProperty("currency").GetString())));

            // The first check lists every gap as an error at its field, and the draft stays a draft.
            var failed = await ann.SendAsync(HttpMethod.Post, $"{url}/check", null, HttpStatusCode.UnprocessableEntity, token);
            var problem = JsonDocument.Parse(failed.Text).RootElement;
            Assert.Equal("customs.compliance-failed", problem.GetProperty("code").GetString());
            var errors = problem.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("severity").GetString() == "error")
                .Select(c => (c.GetProperty("code").GetString(), c.GetProperty("field").GetString())).ToHashSet();
            string[] gaps = ["declarant", "customsOffice", "declarationDate", "items[0].documents", "items[1].documents", "costs"];
            Assert.Equal(gaps.Select(f => ((string?)"customs.declaration-incomplete", (string?)f)).ToHashSet(), errors);
            Assert.Equal("draft", (await ann.GetAsync(url, token)).GetProperty("status").GetString());

            // Fixed through the Api: the header, a supporting invoice per item, the freight FOB leaves out.
            await ann.SendAsync(HttpMethod.Put, $"{url}/header", new
            {
                procedure = "40", declarant = new { name = "OOO Vostok Import", taxId = "2540123456", address = "Vladivostok, Russia" }, customsOffice = Office,
                declarationDate = dateText, incoterm = "FOB", incotermPlace = "Shanghai", shipmentId, allocationMethod = "weight",
            }, HttpStatusCode.NoContent, token);
            foreach (var item in items)
            {
                var price = item.GetProperty("invoicePrice");
                await ann.SendAsync(HttpMethod.Put, $"{url}/items/{item.GetProperty("id").GetGuid()}", new
                {
                    description = item.GetProperty("description").GetString(), hsCode = item.GetProperty("hsCode").GetString(), origin = "CN",
                    quantity = item.GetProperty("quantity").GetDecimal(), unit = "kg", grossKg = item.GetProperty("grossKg").GetDecimal(), netKg = item.GetProperty("netKg").GetDecimal(),
                    invoicePrice = new { amount = price.GetProperty("amount").GetDecimal(), currency = price.GetProperty("currency").GetString() },
                    documents = new[] { new { code = "04021", number = "INV-VI-0117", date = dateText } },
                }, HttpStatusCode.NoContent, token);
            }

            await ann.SendAsync(HttpMethod.Put, $"{url}/costs", new { costs = new[] { new { kind = "freight", amount = new { amount = 3000, currency = "USD" } } } }, HttpStatusCode.NoContent, token);
            var passed = await ann.PostAsync($"{url}/check", new { }, HttpStatusCode.OK, token);
            Assert.Equal("checked", passed.GetProperty("status").GetString());
            Assert.DoesNotContain(passed.GetProperty("checks").EnumerateArray(), c => c.GetProperty("severity").GetString() == "error");

            // Calculated at the fake bank's rates of the declaration date, which the Api fetched for it: every figure to the kopeck.
            await ann.PostAsync($"{url}/calculation", new { }, HttpStatusCode.OK, token);
            Assert.Contains(date, bank.DaysAsked);
            var sheet = await ann.GetAsync($"{url}/calculation", token);
            var (usd, eur, cny) = (FakeCentralBank.UnitRate("USD"), FakeCentralBank.UnitRate("EUR"), FakeCentralBank.UnitRate("CNY"));
            Assert.Equal(dateText, sheet.GetProperty("date").GetString());
            Assert.Equal((usd, eur, cny), (Rate(sheet, "USD"), Rate(sheet, "EUR"), Rate(sheet, "CNY")));
            var freight = Kopecks(3000 * usd);
            var bearingsValue = Kopecks(12000 * usd) + Kopecks(freight * 1500 / 3700);
            var codValue = Kopecks(60000 * cny) + (freight - Kopecks(freight * 1500 / 3700));
            Assert.Equal(Kopecks(12000 * usd), Line(sheet, 1, "price"));
            Assert.Equal(bearingsValue, Line(sheet, 1, "customs-value"));
            Assert.Equal(codValue, Line(sheet, 2, "customs-value"));
            Assert.Equal(Kopecks(bearingsValue * BearingsDutyPct / 100), Line(sheet, 1, "duty"));
            Assert.Equal(Kopecks(2000 * CodEurPerKg * eur), Line(sheet, 2, "duty"));
            Assert.Equal(bearingsValue + codValue, sheet.GetProperty("customsValue").GetDecimal());
            output.WriteLine($"{dateText} at USD {usd}, EUR {eur}, CNY {cny}: customs value {sheet.GetProperty("customsValue")}, duty {sheet.GetProperty("duty")}, VAT {sheet.GetProperty("vat")}, fee {sheet.GetProperty("fee")}");

            await ann.SendAsync(HttpMethod.Post, $"{url}/submit", null, HttpStatusCode.NoContent, token);
            var sinceSubmit = Stopwatch.StartNew();
            Assert.Equal("submitted", (await ann.GetAsync(url, token)).GetProperty("status").GetString());

            // The customs gateway registers it, then releases it; data-sync's status job applies each as the gateway reports it.
            var number = $"{Office}/{today:ddMMyy}/0000117";
            gateway.Report(id, "registered", DateTimeOffset.UtcNow, number);
            var registered = await StatusIsAsync(ann, url, "registered", token);
            Assert.Equal(number, registered.GetProperty("registrationNumber").GetString());
            var releasedAt = DateTimeOffset.UtcNow;
            gateway.Report(id, "released", releasedAt, number, releasedAt);
            var released = await StatusIsAsync(ann, url, "released", token);
            output.WriteLine($"AppHost healthy after {healthyAfter.TotalSeconds:F1} s; submitted → released through the gateway {sinceSubmit.Elapsed.TotalSeconds:F1} s");
            Assert.True(gateway.Asked >= 2);

            // The landed cost of the shipment is now the declaration's: its duty, VAT and fee, its freight and goods value.
            var landed = await ann.GetAsync($"/api/customs/landed-cost?shipmentId={shipmentId}", token);
            var totals = landed.GetProperty("totals");
            Assert.Equal(("declaration", id, dateText), (landed.GetProperty("basis").GetString(), landed.GetProperty("declarationId").GetGuid(), landed.GetProperty("ratesDate").GetString()));
            Assert.Equal(
                (sheet.GetProperty("duty").GetDecimal(), sheet.GetProperty("vat").GetDecimal(), sheet.GetProperty("fee").GetDecimal(), freight, Kopecks(12000 * usd) + Kopecks(60000 * cny)),
                (totals.GetProperty("duty").GetDecimal(), totals.GetProperty("vat").GetDecimal(), totals.GetProperty("fees").GetDecimal(), totals.GetProperty("freight").GetDecimal(),
                 totals.GetProperty("goodsValue").GetDecimal()));

            // The XML export, validated against the schema before it leaves, carries the registration and the bank's dollar rate.
            var xml = await ann.SendAsync(HttpMethod.Get, $"{url}/xml", null, HttpStatusCode.OK, token);
            Assert.Equal("application/xml", xml.MediaType);
            var document = XDocument.Parse(xml.Text);
            XNamespace ns = "urn:wellwon:customs:ESADout_CU:1";
            Assert.Equal(ns + "ESADout_CU", document.Root!.Name);
            Assert.Equal(number, document.Root.Element(ns + "RegistrationNumber")?.Value);
            Assert.Contains(document.Descendants(ns + "ExchangeRate"), r => r.Element(ns + "CurrencyCode")?.Value == "USD"
                && decimal.Parse(r.Element(ns + "Rate")!.Value, CultureInfo.InvariantCulture) == usd);

            // The hub told the company of the release, as the event processor applied it.
            var releaseVersion = released.GetProperty("version").GetInt64();
            await hub.WaitForAsync(changes => changes.Any(c => c.GetProperty("group").GetString() == $"company:{companyId:D}"
                && c.GetProperty("change") is var change && change.GetProperty("entity").GetString() == "declaration"
                && change.GetProperty("id").GetString() == id.ToString("D") && change.GetProperty("scope").GetString() == "status"
                && change.GetProperty("version").GetInt64() == releaseVersion), Eventually, token);

            // The list shows it released; Bob, signed in with a company of his own, learns nothing of it.
            var listed = await ann.GetAsync($"/api/customs/declarations?companyId={companyId}", token);
            Assert.Contains(listed.EnumerateArray(), d => d.GetProperty("id").GetGuid() == id && d.GetProperty("status").GetString() == "released");
            foreach (var path in new[]
            {
                url, $"{url}/calculation", $"{url}/xml", $"/api/customs/landed-cost?shipmentId={shipmentId}", $"/api/customs/declarations?companyId={companyId}",
            })
            {
                var answer = await bob.SendAsync(HttpMethod.Get, path, null, HttpStatusCode.NotFound, token);
                Assert.DoesNotContain(number, answer.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("Vostok", answer.Text, StringComparison.Ordinal);
            }

            Assert.Empty((await bob.GetAsync($"/api/customs/declarations?companyId={bobsCompanyId}", token)).EnumerateArray());
            output.WriteLine($"Walk-through done {(sinceStart.Elapsed - healthyAfter).TotalSeconds:F1} s after the AppHost was healthy");
            await app.StopAsync(token);
        }
        finally
        {
            dataRoot.Delete(recursive: true);
        }
    }

    private static decimal Kopecks(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static decimal Rate(JsonElement sheet, string currency) => sheet.GetProperty("rates").GetProperty(currency).GetDecimal();

    private static decimal Line(JsonElement sheet, int item, string kind) => sheet.GetProperty("lines").EnumerateArray()
        .Single(l => l.GetProperty("item") is { ValueKind: JsonValueKind.Number } n && n.GetInt32() == item && l.GetProperty("kind").GetString() == kind)
        .GetProperty("amount").GetDecimal();

    private static async Task<JsonElement> StatusIsAsync(User user, string url, string status, CancellationToken ct)
    {
        JsonElement declaration = default;
        await EventuallyAsync(async () => (declaration = await user.GetAsync(url, ct)).GetProperty("status").GetString() == status,
            $"{url} did not become {status}.", ct);
        return declaration;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + Eventually;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, failure);
            await Task.Delay(250, ct);
        }
    }
}
