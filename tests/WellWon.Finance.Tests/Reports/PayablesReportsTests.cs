using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WellWon.Finance.Invoices;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Payments;
using WellWon.Finance.Tests.Http;
using WellWon.Finance.Tests.Payables;
using WellWon.Finance.Tests.PurchaseOrders;
using WellWon.Platform.EventStore;
using static WellWon.Finance.Tests.Http.LedgerApi;

namespace WellWon.Finance.Tests.Reports;

/// <summary>
/// The payables aging puts every approved supplier invoice and customs payable, less what completed payments paid by the day asked,
/// in its bucket of days past due with totals per currency; the cash position gives each bank currency's posted, held and available
/// money with its rouble equivalent at the central bank's rate.
/// </summary>
public sealed class PayablesReportsTests(FinanceApiFactory api) : IClassFixture<FinanceApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Aging_buckets_open_amounts_by_days_past_due_as_of_the_day_asked()
    {
        var (_, company, client) = await api.OpenedAsync();
        var log = new List<RecordedEvent>();
        var current = await InvoiceAsync(company, "NB-1", "USD", 10_000m, new DateOnly(2026, 11, 20), log);
        var late = await InvoiceAsync(company, "NB-2", "USD", 2_000m, new DateOnly(2026, 10, 1), log);
        var old = await InvoiceAsync(company, "FW-7", "RUB", 120_000m, new DateOnly(2026, 8, 1), log);
        await InvoiceAsync(company, "NB-3", "USD", 9_999m, new DateOnly(2026, 9, 1), log, approved: false);
        var declaration = Guid.NewGuid();
        log.AddRange(await api.RegisteredDeclarationAsync(company, declaration, null, FinanceLog.Sheet(50_000m, 110_000m, 8_530m),
            new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), "10702070/011126/3000009"));
        log.AddRange(await api.PaymentCompletedAsync(company, PaymentPurposes.SupplierInvoice, current, 4_000m, "USD", new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero)));
        log.AddRange(await api.PaymentCompletedAsync(company, PaymentPurposes.SupplierInvoice, old, 120_000m, "RUB", new DateTimeOffset(2026, 11, 16, 12, 0, 0, TimeSpan.Zero)));
        await api.ProjectAsync(log);

        var aging = await AgingAsync(client, company, "2026-11-15");
        Assert.Equal("2026-11-15", aging.GetProperty("asOf").GetString());
        var rows = aging.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("id").GetGuid(), r.GetProperty("currency").GetString(), r.GetProperty("amount").GetDecimal(),
                r.GetProperty("open").GetDecimal(), r.GetProperty("daysOverdue").GetInt32(), r.GetProperty("bucket").GetString())).ToList();
        Assert.Equal(
        [
            ("supplier-invoice", old, "RUB", 120_000m, 120_000m, 106, "90+"),
            ("supplier-invoice", late, "USD", 2_000m, 2_000m, 45, "31-60"),
            ("customs", declaration, "RUB", 168_530m, 168_530m, 14, "1-30"),
            ("supplier-invoice", current, "USD", 10_000m, 6_000m, 0, "current"),
        ], rows);
        Assert.Equal("Federal Customs Service", aging.GetProperty("rows")[2].GetProperty("party").GetString());
        Assert.Equal("10702070/011126/3000009", aging.GetProperty("rows")[2].GetProperty("reference").GetString());
        Assert.Equal(
            [("RUB", 0m, 168_530m, 0m, 0m, 120_000m, 288_530m), ("USD", 6_000m, 0m, 2_000m, 0m, 0m, 8_000m)],
            aging.GetProperty("totals").EnumerateArray().Select(t => (t.GetProperty("currency").GetString(), t.GetProperty("current").GetDecimal(),
                t.GetProperty("d1to30").GetDecimal(), t.GetProperty("d31to60").GetDecimal(), t.GetProperty("d61to90").GetDecimal(),
                t.GetProperty("over90").GetDecimal(), t.GetProperty("total").GetDecimal())).ToList());

        // Days later the rouble invoice is paid and everything is older.
        aging = await AgingAsync(client, company, "2026-12-20");
        Assert.DoesNotContain(aging.GetProperty("rows").EnumerateArray(), r => r.GetProperty("id").GetGuid() == old);
        Assert.Equal(["61-90", "31-60", "1-30"], aging.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("bucket").GetString()).ToList());

        // Before anything was invoiced there is nothing to owe.
        Assert.Empty((await AgingAsync(client, company, "2026-01-01")).GetProperty("rows").EnumerateArray());
        using var outsider = api.ClientFor(Guid.NewGuid());
        await JsonAsync(await outsider.GetAsync($"/api/finance/payables?companyId={company}", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cash_position_gives_posted_held_and_available_money_per_currency_with_its_rouble_equivalent()
    {
        var (_, company, client) = await api.OpenedAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await api.StoreUsdRateAsync(today);
        await client.FundAsync(company, 1_000_000m);
        await client.FundAsync(company, 50_000m, "USD");
        var hold = new { id = Guid.NewGuid(), description = "Payment under way", holdForSeconds = 600, lines = new[] { Line("1310.USD", "debit", 5_000m, "USD"), Line("1010.USD", "credit", 5_000m, "USD") } };
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/entries", new { companyId = company, entries = new[] { hold } }, Ct), HttpStatusCode.Created);

        var cash = await JsonAsync(await client.GetAsync($"/api/finance/cash-position?companyId={company}", Ct), HttpStatusCode.OK);
        Assert.Equal(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), cash.GetProperty("asOf").GetString());
        var currencies = cash.GetProperty("currencies").EnumerateArray().ToDictionary(c => c.GetProperty("currency").GetString()!);
        Assert.Equal((1_000_000m, 0m, 1_000_000m, 1m, 1_000_000m), Figures(currencies["RUB"]));
        Assert.Equal((50_000m, 5_000m, 45_000m, PurchaseOrderApi.UsdRate, 50_000m * PurchaseOrderApi.UsdRate), Figures(currencies["USD"]));
        Assert.Equal(0m, currencies["EUR"].GetProperty("rubEquivalent").GetDecimal());
        Assert.Equal(1_000_000m + 50_000m * PurchaseOrderApi.UsdRate, cash.GetProperty("totalRub").GetDecimal());

        // As of a day before the money came there is none.
        var before = await JsonAsync(await client.GetAsync($"/api/finance/cash-position?companyId={company}&asOf=2020-01-01", Ct), HttpStatusCode.OK);
        Assert.All(before.GetProperty("currencies").EnumerateArray(), c => Assert.Equal(0m, c.GetProperty("posted").GetDecimal()));
    }

    private static (decimal, decimal, decimal, decimal, decimal) Figures(JsonElement c) => (c.GetProperty("posted").GetDecimal(), c.GetProperty("pending").GetDecimal(),
        c.GetProperty("available").GetDecimal(), c.GetProperty("officialRate").GetDecimal(), c.GetProperty("rubEquivalent").GetDecimal());

    private static async Task<JsonElement> AgingAsync(HttpClient client, Guid company, string asOf) =>
        await JsonAsync(await client.GetAsync($"/api/finance/payables?companyId={company}&asOf={asOf}", Ct), HttpStatusCode.OK);

    /// <summary>A service invoice of a forwarder dated 30 days before it is due, received and (unless told otherwise) approved.</summary>
    private async Task<Guid> InvoiceAsync(Guid company, string number, string currency, decimal total, DateOnly due, List<RecordedEvent> log, bool approved = true, Guid? shipment = null)
    {
        var id = Guid.NewGuid();
        var at = new DateTimeOffset(due.AddDays(-30).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var received = new SupplierInvoiceReceived(id, company, InvoiceKinds.Service, null, null, Guid.NewGuid(), $"Forwarder of {number}", number, due.AddDays(-30), currency,
            [], [new ServiceLine(shipment ?? Guid.NewGuid(), "Sea freight", total)], total, 0m, total, due, null, Guid.NewGuid(), at);
        log.AddRange(approved
            ? await api.AppendAsync($"finance-supplier-invoice-{id:N}", company, received, new SupplierInvoiceApproved(id, company, true, null, null, null, null, at))
            : await api.AppendAsync($"finance-supplier-invoice-{id:N}", company, received));
        return id;
    }
}
