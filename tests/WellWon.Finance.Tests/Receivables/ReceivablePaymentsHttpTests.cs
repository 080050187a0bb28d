using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Finance.Receivables;
using WellWon.Finance.Tests.Http;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using static WellWon.Finance.Tests.Http.LedgerApi;

namespace WellWon.Finance.Tests.Receivables;

/// <summary>
/// A client's payments through the Api: each receipt is one balanced entry Dr bank Cr receivable in the invoice's currency, valued in
/// roubles so that a USD receipt at another official rate than the issue's books the realised FX difference; partial then full payment
/// moves the invoice to partly paid and paid; a receipt repeated is answered, its id reused 409, more than is open 422 naming the amount
/// and what is open; outsiders 404, viewers 403; an invoice with receipts is not cancelled; the read model replayed from the log in any
/// order equals the live rows.
/// </summary>
public sealed class ReceivablePaymentsHttpTests(FinanceApiFactory api) : IClassFixture<FinanceApiFactory>
{
    private const string Root = ReceivableEndpoints.Root;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_USD_invoice_paid_at_two_official_rates_posts_bank_against_the_receivable_with_the_realised_gain_in_roubles()
    {
        var (_, company, client) = await api.OpenedAsync();
        var id = Guid.NewGuid();
        await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, id, "USD", 1_000m), Ct), HttpStatusCode.Created);
        var issued = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/issue", new { companyId = company }, Ct), HttpStatusCode.OK);
        // Issued at the usual 90.00: USD 1,200 receivable carried at 108,000.00 RUB.
        var issueDay = DateOnly.FromDateTime(issued.GetProperty("issuedAt").GetDateTimeOffset().UtcDateTime);
        var nextDay = issueDay.AddDays(1);
        api.Rates.Set("USD", nextDay, 92.50m);
        Assert.Equal((1_200m, 108_000m), Balance(await client.AccountAsync(company, "1210.USD")));

        var first = Guid.NewGuid();
        var partly = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/payments",
            new { companyId = company, receiptId = first, amount = 500m, receivedOn = nextDay, reference = "MT103 0042" }, Ct), HttpStatusCode.Created);
        Assert.Equal(("partly-paid", 500m, 700m), (partly.GetProperty("status").GetString(), partly.GetProperty("paid").GetDecimal(), partly.GetProperty("open").GetDecimal()));
        var receipt = Assert.Single(partly.GetProperty("receipts").EnumerateArray().ToList());
        Assert.Equal((first, 500m, nextDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "MT103 0042"),
            (receipt.GetProperty("receiptId").GetGuid(), receipt.GetProperty("amount").GetDecimal(), receipt.GetProperty("receivedOn").GetString(), receipt.GetProperty("reference").GetString()));

        // USD 500 arrive at 92.50 = 46,250.00 RUB; the receivable gives up 500 / 1,200 of its 108,000.00 = 45,000.00 (its carrying rate, 90.00):
        // 1,250.00 RUB realised gain on 4410. One entry, balanced per currency and in roubles.
        var entryId = ReceivablePosting.ReceiptEntryIdOf(id, first);
        Assert.Equal(entryId, receipt.GetProperty("entryId").GetGuid());
        var entry = await JsonAsync(await client.GetAsync($"{LedgerApi.Root}/entries/{entryId}?companyId={company}", Ct), HttpStatusCode.OK);
        Assert.Equal(("posted", new DateTimeOffset(nextDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
            (entry.GetProperty("status").GetString(), entry.GetProperty("effectiveAt").GetDateTimeOffset()));
        Assert.Equal(
            [("1010.USD", "debit", 500m, "USD", 46_250m), ("1210.USD", "credit", 500m, "USD", 45_000m), ("4410", "credit", 1_250m, "RUB", 1_250m)],
            LinesOf(entry));

        // The rest on the issue day itself, at 90.00: 63,000.00 RUB in, the receivable's remaining 63,000.00 out, no FX difference.
        var paid = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/payments",
            new { companyId = company, receiptId = Guid.NewGuid(), amount = 700m, receivedOn = issueDay }, Ct), HttpStatusCode.Created);
        Assert.Equal(("paid", 1_200m, 0m), (paid.GetProperty("status").GetString(), paid.GetProperty("paid").GetDecimal(), paid.GetProperty("open").GetDecimal()));
        var second = await JsonAsync(await client.GetAsync(
            $"{LedgerApi.Root}/entries/{paid.GetProperty("receipts")[1].GetProperty("entryId").GetGuid()}?companyId={company}", Ct), HttpStatusCode.OK);
        Assert.Equal([("1010.USD", "debit", 700m, "USD", 63_000m), ("1210.USD", "credit", 700m, "USD", 63_000m)], LinesOf(second));

        Assert.Equal((0m, 0m), Balance(await client.AccountAsync(company, "1210.USD")));
        Assert.Equal((1_200m, 109_250m), Balance(await client.AccountAsync(company, "1010.USD")));
        Assert.Equal(1_250m, (await client.AccountAsync(company, "4410")).GetProperty("posted").GetDecimal());
        var row = Assert.Single((await JsonAsync(await client.GetAsync($"{Root}?companyId={company}", Ct), HttpStatusCode.OK)).EnumerateArray().ToList());
        Assert.Equal(("paid", 0m, 2), (row.GetProperty("status").GetString(), row.GetProperty("open").GetDecimal(), row.GetProperty("receipts").GetArrayLength()));
    }

    [Fact]
    public async Task Receipts_are_answered_once_refused_when_reused_or_too_large_or_unauthorised_and_a_paid_invoice_is_not_cancelled()
    {
        var (owner, company, client) = await api.OpenedAsync();
        var id = Guid.NewGuid();
        await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, id, "RUB", 10_000m), Ct), HttpStatusCode.Created);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // A draft takes no payment.
        var draftRefused = await ProblemAsync(await client.PostAsJsonAsync($"{Root}/{id}/payments",
            new { companyId = company, receiptId = Guid.NewGuid(), amount = 100m, receivedOn = today }, Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(ClientInvoiceErrors.NotIssued, draftRefused.Code);
        var issued = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/issue", new { companyId = company }, Ct), HttpStatusCode.OK);
        var issueDay = DateOnly.FromDateTime(issued.GetProperty("issuedAt").GetDateTimeOffset().UtcDateTime);

        var receiptId = Guid.NewGuid();
        var body = new { companyId = company, receiptId, amount = 4_000m, receivedOn = issueDay, reference = "p/p 118" };
        var first = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/payments", body, Ct), HttpStatusCode.Created);
        var again = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/payments", body, Ct), HttpStatusCode.OK);
        Assert.Equal(first.GetRawText(), again.GetRawText());
        Assert.Equal((4_000m, 8_000m), (again.GetProperty("paid").GetDecimal(), again.GetProperty("open").GetDecimal()));
        // Roubles: bank 1010.RUB against the chart's receivables 1210, one entry however often the receipt is sent.
        Assert.Equal(4_000m, (await client.AccountAsync(company, "1010.RUB")).GetProperty("posted").GetDecimal());
        Assert.Equal(8_000m, (await client.AccountAsync(company, "1210")).GetProperty("posted").GetDecimal());

        var reused = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/payments", body with { amount = 4_000.01m }, Ct), HttpStatusCode.Conflict);
        Assert.Equal((ClientInvoiceErrors.ReceiptIdReused, "receiptId"), (reused.GetProperty("code").GetString(), reused.GetProperty("field").GetString()));

        var over = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/payments",
            new { companyId = company, receiptId = Guid.NewGuid(), amount = 8_000.01m, receivedOn = issueDay }, Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Equal((ClientInvoiceErrors.ExceedsOpenAmount, "amount", 8_000m, "RUB"),
            (over.GetProperty("code").GetString(), over.GetProperty("field").GetString(), over.GetProperty("open").GetDecimal(), over.GetProperty("currency").GetString()));
        Assert.Contains("8000.00 RUB open", over.GetProperty("errors").GetProperty("amount")[0].GetString(), StringComparison.Ordinal);

        var invalid = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/payments",
            new { companyId = company, amount = -1m, receivedOn = today.AddDays(5) }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["amount", "receiptId", "receivedOn"], invalid.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToList());

        // Outsiders are told nothing exists, a viewer reads but records nothing, another company named is not this invoice's.
        var viewer = Guid.NewGuid();
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using var viewing = api.ClientFor(viewer);
        var fresh = new { companyId = company, receiptId = Guid.NewGuid(), amount = 1m, receivedOn = issueDay };
        await JsonAsync(await viewing.PostAsJsonAsync($"{Root}/{id}/payments", fresh, Ct), HttpStatusCode.Forbidden);
        Assert.Equal(4_000m, (await JsonAsync(await viewing.GetAsync($"{Root}/{id}?companyId={company}", Ct), HttpStatusCode.OK)).GetProperty("paid").GetDecimal());
        using var outsider = api.ClientFor(Guid.NewGuid());
        await JsonAsync(await outsider.PostAsJsonAsync($"{Root}/{id}/payments", fresh, Ct), HttpStatusCode.NotFound);
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/payments", fresh with { companyId = Guid.NewGuid() }, Ct), HttpStatusCode.NotFound);

        // Partly paid, the invoice is not cancelled: its receipts stay booked against it.
        var cancel = await ProblemAsync(await client.PostAsJsonAsync($"{Root}/{id}/cancel", new { companyId = company, reason = "Wrong client" }, Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(ClientInvoiceErrors.HasReceipts, cancel.Code);

        // The rest pays it; a paid invoice is answered as issued when issued again, and takes nothing more.
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/payments", new { companyId = company, receiptId = Guid.NewGuid(), amount = 8_000m, receivedOn = issueDay }, Ct), HttpStatusCode.Created);
        Assert.Equal("paid", (await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/issue", new { companyId = company }, Ct), HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal(0m, (await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/payments", fresh, Ct), HttpStatusCode.UnprocessableEntity)).GetProperty("open").GetDecimal());
        Assert.Equal(0m, (await client.AccountAsync(company, "1210")).GetProperty("posted").GetDecimal());

        // A cancelled invoice takes no payment.
        var other = Guid.NewGuid();
        await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, other, "RUB", 100m), Ct), HttpStatusCode.Created);
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/{other}/issue", new { companyId = company }, Ct), HttpStatusCode.OK);
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/{other}/cancel", new { companyId = company, reason = "Billed twice" }, Ct), HttpStatusCode.OK);
        Assert.Equal(ClientInvoiceErrors.AlreadyCancelled, (await ProblemAsync(await client.PostAsJsonAsync($"{Root}/{other}/payments", fresh, Ct), HttpStatusCode.UnprocessableEntity)).Code);
    }

    [Fact]
    public async Task Ten_receipts_at_once_against_one_invoice_never_take_more_than_is_open()
    {
        var (owner, company, client) = await api.OpenedAsync();
        var id = Guid.NewGuid();
        await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, id, "RUB", 1_000m), Ct), HttpStatusCode.Created);
        var issued = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/issue", new { companyId = company }, Ct), HttpStatusCode.OK);
        var day = issued.GetProperty("issueDate").GetString();

        // 1,200 open, ten receipts of 200 sent together: six are recorded, four find too little open, whichever order they land in.
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var own = api.ClientFor(owner);
            return (await own.PostAsJsonAsync($"{Root}/{id}/payments", new { companyId = company, receiptId = Guid.NewGuid(), amount = 200m, receivedOn = day }, Ct)).StatusCode;
        }));

        Assert.Equal((6, 4), (answers.Count(a => a == HttpStatusCode.Created), answers.Count(a => a == HttpStatusCode.UnprocessableEntity)));
        var invoice = await JsonAsync(await client.GetAsync($"{Root}/{id}?companyId={company}", Ct), HttpStatusCode.OK);
        Assert.Equal(("paid", 6), (invoice.GetProperty("status").GetString(), invoice.GetProperty("receipts").GetArrayLength()));
        Assert.Equal((1_200m, 0m), ((await client.AccountAsync(company, "1010.RUB")).GetProperty("posted").GetDecimal(), (await client.AccountAsync(company, "1210")).GetProperty("posted").GetDecimal()));
    }

    [Fact]
    public async Task The_read_model_with_receipts_replayed_in_order_or_shuffled_with_repeats_equals_the_live_rows()
    {
        var (_, company, client) = await api.OpenedAsync();
        var log = new List<RecordedEvent>();
        for (var i = 0; i < 3; i++)
        {
            var id = Guid.NewGuid();
            await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, id, "EUR", 500m), Ct), HttpStatusCode.Created);
            var issued = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/issue", new { companyId = company }, Ct), HttpStatusCode.OK);
            var day = issued.GetProperty("issueDate").GetString();
            for (var r = 0; r < i; r++)
            {
                await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/payments", new { companyId = company, receiptId = Guid.NewGuid(), amount = 300m, receivedOn = day }, Ct),
                    HttpStatusCode.Created);
            }

            await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<ClientInvoice>(id), 0, ReadDirection.Forwards, 100, Ct))
            {
                log.Add(e);
            }
        }

        Assert.Equal(["issued", "partly-paid", "paid"],
            (await JsonAsync(await client.GetAsync($"{Root}?companyId={company}", Ct), HttpStatusCode.OK)).EnumerateArray().Select(i => i.GetProperty("status").GetString()).Reverse());
        var projection = api.Services.GetServices<IProjection>().OfType<ClientInvoicesProjection>().Single();
        var db = api.Services.GetRequiredService<NpgsqlDataSource>();
        await ProjectionReplays.AssertSameRowsAsync(projection, db, log, "company_id = $1", company);
    }

    // One line at 20 % VAT: net + 20 %.
    private static object Body(Guid company, Guid id, string currency, decimal net) => new
    {
        companyId = company,
        invoiceId = id,
        client = new { name = "Sibirskaya Torgovaya LLC", taxId = "5401234567" },
        currency,
        dueDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30),
        lines = new object[] { new { description = "Freight forwarding Shanghai – Novosibirsk", quantity = 1, unitPrice = net, vatRate = 20 } },
    };

    private static (decimal Posted, decimal Rub) Balance(JsonElement account) => (account.GetProperty("posted").GetDecimal(), account.GetProperty("rubEquivalent").GetDecimal());

    private static List<(string?, string?, decimal, string?, decimal)> LinesOf(JsonElement entry) =>
        [.. entry.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("code").GetString(), l.GetProperty("side").GetString(), l.GetProperty("amount").GetDecimal(),
            l.GetProperty("currency").GetString(), l.GetProperty("rubEquivalent").GetDecimal()))];
}
