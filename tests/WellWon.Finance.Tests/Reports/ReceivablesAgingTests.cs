using System.Net;
using System.Text.Json;
using WellWon.Finance.Receivables;
using WellWon.Finance.Tests.Http;
using WellWon.Finance.Tests.Payables;
using WellWon.Platform.EventStore;
using static WellWon.Finance.Tests.Http.LedgerApi;

namespace WellWon.Finance.Tests.Reports;

/// <summary>
/// The receivables aging puts every invoice issued to a client by the day asked and not cancelled, less the receipts credited by then,
/// in its bucket of days past due with totals per currency; participants read it, outsiders get 404, a day that is not one a 400 naming asOf.
/// </summary>
public sealed class ReceivablesAgingTests(FinanceApiFactory api) : IClassFixture<FinanceApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly AsOf = new(2026, 11, 15);

    [Fact]
    public async Task Aging_buckets_what_clients_owe_by_days_past_due_as_of_the_day_asked()
    {
        var (owner, company, client) = await api.OpenedAsync();
        var log = new List<RecordedEvent>();
        // Partly paid before the day: 4 000 of 12 000 USD, due in five days.
        var partly = await InvoiceAsync(company, "INV-2026-000001", "Baltic Retail", "USD", 12_000m, new(2026, 10, 20), new(2026, 11, 20), log, (4_000m, new(2026, 11, 10)));
        // Paid in full the day after: still owed as of the day, 20 days late.
        var paidLater = await InvoiceAsync(company, "INV-2026-000002", "Ural Foods", "RUB", 300_000m, new(2026, 9, 26), new(2026, 10, 26), log, (300_000m, new(2026, 11, 16)));
        // 45 days late in USD, 75 days late in RUB, 120 days late in RUB partly paid.
        var late45 = await InvoiceAsync(company, "INV-2026-000003", "Baltic Retail", "USD", 2_500m, new(2026, 9, 1), new(2026, 10, 1), log);
        var late75 = await InvoiceAsync(company, "INV-2026-000004", "Volga Trade", "RUB", 80_000m, new(2026, 8, 1), new(2026, 9, 1), log);
        var late120 = await InvoiceAsync(company, "INV-2026-000005", "Volga Trade", "RUB", 50_000m, new(2026, 6, 18), new(2026, 7, 18), log, (20_000m, new(2026, 8, 1)));
        // Paid in full before the day, issued after the day, cancelled, still a draft: none is owed as of the day.
        var paid = await InvoiceAsync(company, "INV-2026-000006", "Ural Foods", "RUB", 10_000m, new(2026, 10, 1), new(2026, 10, 31), log, (10_000m, new(2026, 10, 30)));
        var future = await InvoiceAsync(company, "INV-2026-000007", "Ural Foods", "RUB", 70_000m, new(2026, 11, 16), new(2026, 12, 16), log);
        var cancelled = await InvoiceAsync(company, "INV-2026-000008", "Ural Foods", "RUB", 90_000m, new(2026, 10, 1), new(2026, 10, 31), log, cancel: true);
        var draft = await InvoiceAsync(company, null, "Ural Foods", "RUB", 60_000m, null, new(2026, 10, 31), log);
        await api.ProjectAsync(log);

        var aging = await AgingAsync(client, company, "2026-11-15", HttpStatusCode.OK);
        Assert.Equal("2026-11-15", aging.GetProperty("asOf").GetString());
        var rows = aging.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("id").GetGuid(), r.GetProperty("client").GetString(), r.GetProperty("number").GetString(), r.GetProperty("currency").GetString(),
                r.GetProperty("amount").GetDecimal(), r.GetProperty("open").GetDecimal(), r.GetProperty("dueDate").GetString(), r.GetProperty("daysOverdue").GetInt32(),
                r.GetProperty("bucket").GetString())).ToList();
        Assert.Equal(
        [
            (late120, "Volga Trade", "INV-2026-000005", "RUB", 50_000m, 30_000m, "2026-07-18", 120, "90+"),
            (late75, "Volga Trade", "INV-2026-000004", "RUB", 80_000m, 80_000m, "2026-09-01", 75, "61-90"),
            (late45, "Baltic Retail", "INV-2026-000003", "USD", 2_500m, 2_500m, "2026-10-01", 45, "31-60"),
            (paidLater, "Ural Foods", "INV-2026-000002", "RUB", 300_000m, 300_000m, "2026-10-26", 20, "1-30"),
            (partly, "Baltic Retail", "INV-2026-000001", "USD", 12_000m, 8_000m, "2026-11-20", 0, "current"),
        ], rows);
        Assert.Equal(
            [("RUB", 0m, 300_000m, 0m, 80_000m, 30_000m, 410_000m), ("USD", 8_000m, 0m, 2_500m, 0m, 0m, 10_500m)],
            aging.GetProperty("totals").EnumerateArray().Select(t => (t.GetProperty("currency").GetString(), t.GetProperty("current").GetDecimal(),
                t.GetProperty("d1to30").GetDecimal(), t.GetProperty("d31to60").GetDecimal(), t.GetProperty("d61to90").GetDecimal(),
                t.GetProperty("over90").GetDecimal(), t.GetProperty("total").GetDecimal())).ToList());
        Assert.DoesNotContain(aging.GetProperty("rows").EnumerateArray(), r => r.GetProperty("id").GetGuid() is var id && (id == paid || id == future || id == cancelled || id == draft));

        // A day later the rouble invoice is paid and the next one issued; a viewer reads the same report.
        var viewer = Guid.NewGuid();
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using var viewerClient = api.ClientFor(viewer);
        var next = await AgingAsync(viewerClient, company, "2026-11-16", HttpStatusCode.OK);
        Assert.Equal([late120, late75, late45, partly, future],
            next.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList());
        Assert.Equal(30_000m + 80_000m + 70_000m, next.GetProperty("totals")[0].GetProperty("total").GetDecimal());

        // Before anything was issued nothing is owed.
        Assert.Empty((await AgingAsync(client, company, "2026-01-01", HttpStatusCode.OK)).GetProperty("rows").EnumerateArray());
    }

    [Fact]
    public async Task Outsiders_get_404_and_a_day_that_is_not_one_is_a_400_naming_asOf()
    {
        var (_, company, client) = await api.OpenedAsync();
        using var outsider = api.ClientFor(Guid.NewGuid());
        await AgingAsync(outsider, company, "2026-11-15", HttpStatusCode.NotFound);

        var invalid = await AgingAsync(client, company, "15.11.2026", HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("asOf", out _));

        // With no day named the report is as of today.
        var today = await JsonAsync(await client.GetAsync($"/api/finance/receivables-aging?companyId={company}", Ct), HttpStatusCode.OK);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), today.GetProperty("asOf").GetString());
    }

    private static async Task<JsonElement> AgingAsync(HttpClient client, Guid company, string asOf, HttpStatusCode expected) =>
        await JsonAsync(await client.GetAsync($"/api/finance/receivables-aging?companyId={company}&asOf={asOf}", Ct), expected);

    /// <summary>An invoice of one line without VAT, drafted 30 days before it is due, issued unless no number is given, then paid or cancelled as told.</summary>
    private async Task<Guid> InvoiceAsync(
        Guid company, string? number, string clientName, string currency, decimal total, DateOnly? issued, DateOnly due, List<RecordedEvent> log,
        (decimal Amount, DateOnly On)? receipt = null, bool cancel = false)
    {
        var id = Guid.NewGuid();
        var by = Guid.NewGuid();
        DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        var drafted = due.AddDays(-30);
        var events = new List<WellWon.Platform.Kernel.IDomainEvent>
        {
            new ClientInvoiceDrafted(id, company, new InvoiceClient(null, clientName, null), currency, issued, due,
                [new ClientInvoiceLine("Freight forwarding", 1m, total, 0, null, total, 0m)], total, 0m, total, by, At(drafted)),
        };
        if (number is not null && issued is { } day)
        {
            events.Add(new ClientInvoiceIssued(id, company, number, day, by, At(day)));
        }

        if (receipt is { } r)
        {
            events.Add(new ClientInvoicePaymentReceived(id, company, Guid.NewGuid(), r.Amount, currency, r.On, null, by, At(r.On)));
        }

        if (cancel)
        {
            events.Add(new ClientInvoiceCancelled(id, company, "Billed twice", by, At(due)));
        }

        log.AddRange(await api.AppendAsync($"{ClientInvoicesProjection.StreamCategory}-{id:N}", company, [.. events]));
        return id;
    }
}
