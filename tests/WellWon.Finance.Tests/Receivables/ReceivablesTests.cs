using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Finance.Numbering;
using WellWon.Finance.Receivables;
using WellWon.Finance.Receivables.Features;
using WellWon.Finance.Tests.Http;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using static WellWon.Finance.Tests.Http.LedgerApi;

namespace WellWon.Finance.Tests.Receivables;

/// <summary>
/// Invoices to clients: drafted without a number, issued with the next number of the company and year (no gap and no repeat under
/// 20 parallel issues, and a number whose issue crashed handed out again), posted as a receivable with revenue and VAT payable,
/// cancelled keeping the number with the entry reversed; outsiders 404, viewers read but may not write, and the read model rebuilt
/// from the log in any order equals the live rows.
/// </summary>
public sealed class ReceivablesTests(FinanceApiFactory api, ITestOutputHelper output) : IClassFixture<FinanceApiFactory>
{
    private const string Root = ReceivableEndpoints.Root;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Issue_numbers_and_posts_the_invoice_and_cancel_keeps_the_number_and_reverses_the_entry()
    {
        var (owner, company, client) = await api.OpenedAsync();
        var id = Guid.NewGuid();
        var draft = await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, id), Ct), HttpStatusCode.Created);
        Assert.Equal(("draft", JsonValueKind.Null), (draft.GetProperty("status").GetString(), draft.GetProperty("number").ValueKind));
        // 10 × 1,000 at 20 % + 1 × 5,000 at 10 % + 2 × 750 at 0 %: net 16,500, VAT 2,500.
        Assert.Equal((16_500m, 2_500m, 19_000m), (draft.GetProperty("net").GetDecimal(), draft.GetProperty("vat").GetDecimal(), draft.GetProperty("total").GetDecimal()));
        await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, id), Ct), HttpStatusCode.Created); // the same id again: the same draft

        var issued = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/issue", new { companyId = company }, Ct), HttpStatusCode.OK);
        Assert.Equal(("issued", "INV-2026-000001"), (issued.GetProperty("status").GetString(), issued.GetProperty("number").GetString()));
        Assert.Equal("INV-2026-000001", (await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/issue", new { companyId = company }, Ct), HttpStatusCode.OK)).GetProperty("number").GetString());
        Assert.Equal(19_000m, (await client.AccountAsync(company, "1210")).GetProperty("posted").GetDecimal());
        Assert.Equal(16_500m, (await client.AccountAsync(company, ReceivablePosting.Revenue)).GetProperty("posted").GetDecimal());
        Assert.Equal(2_500m, (await client.AccountAsync(company, ReceivablePosting.VatPayable)).GetProperty("posted").GetDecimal());

        var cancelled = await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/cancel", new { companyId = company, reason = "Billed twice" }, Ct), HttpStatusCode.OK);
        Assert.Equal(("cancelled", "INV-2026-000001"), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("number").GetString()));
        Assert.Equal(0m, (await client.AccountAsync(company, "1210")).GetProperty("posted").GetDecimal());
        Assert.Equal(0m, (await client.AccountAsync(company, ReceivablePosting.Revenue)).GetProperty("posted").GetDecimal());
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/issue", new { companyId = company }, Ct), HttpStatusCode.UnprocessableEntity);

        // The next invoice takes the next number: a cancelled one keeps its own.
        var next = Guid.NewGuid();
        await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, next), Ct), HttpStatusCode.Created);
        Assert.Equal("INV-2026-000002", (await JsonAsync(await client.PostAsJsonAsync($"{Root}/{next}/issue", new { companyId = company }, Ct), HttpStatusCode.OK)).GetProperty("number").GetString());
        var list = await JsonAsync(await client.GetAsync($"{Root}?companyId={company}", Ct), HttpStatusCode.OK);
        Assert.Equal(["INV-2026-000002", "INV-2026-000001"], list.EnumerateArray().Select(i => i.GetProperty("number").GetString()).ToList());

        // Viewers read and may not write; outsiders are told nothing exists; broken data names its field.
        var viewer = Guid.NewGuid();
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using var viewing = api.ClientFor(viewer);
        await JsonAsync(await viewing.GetAsync($"{Root}/{id}?companyId={company}", Ct), HttpStatusCode.OK);
        await JsonAsync(await viewing.PostAsJsonAsync(Root, Body(company, Guid.NewGuid()), Ct), HttpStatusCode.Forbidden);
        await JsonAsync(await viewing.PostAsJsonAsync($"{Root}/{next}/cancel", new { companyId = company, reason = "No" }, Ct), HttpStatusCode.Forbidden);
        using var outsider = api.ClientFor(Guid.NewGuid());
        await JsonAsync(await outsider.GetAsync($"{Root}/{id}?companyId={company}", Ct), HttpStatusCode.NotFound);
        await JsonAsync(await outsider.GetAsync($"{Root}?companyId={company}", Ct), HttpStatusCode.NotFound);
        await JsonAsync(await outsider.PostAsJsonAsync($"{Root}/{next}/issue", new { companyId = company }, Ct), HttpStatusCode.NotFound);
        var problem = await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, Guid.NewGuid(), vatRate: 18), Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["lines[0].vatRate"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList());
    }

    [Fact]
    public async Task Twenty_parallel_issues_in_one_company_give_one_to_twenty_without_gap_or_repeat()
    {
        var (owner, company, client) = await api.OpenedAsync();
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, id), Ct), HttpStatusCode.Created);
        }

        // Every invoice is issued twice at once, all 40 requests together.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var answers = await Task.WhenAll(ids.Concat(ids).Select(async id =>
        {
            using var own = api.ClientFor(owner);
            return (id, (await JsonAsync(await own.PostAsJsonAsync($"{Root}/{id}/issue", new { companyId = company }, Ct), HttpStatusCode.OK)).GetProperty("number").GetString()!);
        }));
        output.WriteLine($"40 parallel issues of 20 invoices took {started.ElapsedMilliseconds} ms");

        var numbers = answers.GroupBy(a => a.id).Select(g => Assert.Single(g.Select(a => a.Item2).Distinct())).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"INV-2026-{n:D6}"), numbers.Order(StringComparer.Ordinal));
        Assert.Equal(20 * 19_000m, (await client.AccountAsync(company, "1210")).GetProperty("posted").GetDecimal());
    }

    [Fact]
    public async Task A_number_whose_issue_never_reached_the_stream_is_handed_out_again_and_the_late_issue_cannot_use_it()
    {
        var (_, company, client) = await api.OpenedAsync();
        var (crashed, next) = (Guid.NewGuid(), Guid.NewGuid());
        await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, crashed), Ct), HttpStatusCode.Created);
        await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, next), Ct), HttpStatusCode.Created);

        // An issue reserved number 1 and died before writing; its reservation is long past the timeout.
        var numbers = api.Services.GetRequiredService<GapFreeNumbers>();
        Assert.Equal(1, await numbers.ReserveAsync(ReceivableWrites.Series, company, 2026, crashed, (_, _, _, _, _, _) => Task.FromResult(true), Ct));
        await using (var age = api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("UPDATE finance.numbers SET reserved_at = now() - interval '1 hour' WHERE owner_id = $1"))
        {
            age.Parameters.Add(new NpgsqlParameter { Value = crashed });
            await age.ExecuteNonQueryAsync(Ct);
        }

        // The next issue settles it (the crashed invoice's stream is fenced), and takes the freed number: no gap.
        Assert.Equal("INV-2026-000001", (await JsonAsync(await client.PostAsJsonAsync($"{Root}/{next}/issue", new { companyId = company }, Ct), HttpStatusCode.OK)).GetProperty("number").GetString());
        var events = await StreamAsync(crashed);
        Assert.Contains(events, e => e is ClientInvoiceNumberReleased { Number: "INV-2026-000001" });

        // Retried later, the crashed invoice gets a number of its own.
        Assert.Equal("INV-2026-000002", (await JsonAsync(await client.PostAsJsonAsync($"{Root}/{crashed}/issue", new { companyId = company }, Ct), HttpStatusCode.OK)).GetProperty("number").GetString());
    }

    [Fact]
    public async Task The_read_model_replayed_in_order_or_shuffled_with_repeats_equals_the_live_rows()
    {
        var (_, company, client) = await api.OpenedAsync();
        var log = new List<RecordedEvent>();
        for (var i = 0; i < 3; i++)
        {
            var id = Guid.NewGuid();
            await JsonAsync(await client.PostAsJsonAsync(Root, Body(company, id), Ct), HttpStatusCode.Created);
            if (i > 0)
            {
                await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/issue", new { companyId = company }, Ct), HttpStatusCode.OK);
            }

            if (i > 1)
            {
                await JsonAsync(await client.PostAsJsonAsync($"{Root}/{id}/cancel", new { companyId = company, reason = "Wrong client" }, Ct), HttpStatusCode.OK);
            }

            await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<ClientInvoice>(id), 0, ReadDirection.Forwards, 100, Ct))
            {
                log.Add(e);
            }
        }

        var projection = api.Services.GetServices<IProjection>().OfType<ClientInvoicesProjection>().Single();
        var db = api.Services.GetRequiredService<NpgsqlDataSource>();
        await ProjectionReplays.AssertSameRowsAsync(projection, db, log, "company_id = $1", company);
    }

    private static object Body(Guid company, Guid id, int vatRate = 20) => new
    {
        companyId = company,
        invoiceId = id,
        client = new { name = "Sibirskaya Torgovaya LLC", taxId = "5401234567" },
        currency = "RUB",
        issueDate = new DateOnly(2026, 11, 25),
        dueDate = new DateOnly(2026, 12, 25),
        lines = new object[]
        {
            new { description = "Customs clearance and forwarding", quantity = 10, unitPrice = 1_000m, vatRate, shipmentId = Guid.NewGuid() },
            new { description = "Warehouse handling", quantity = 1, unitPrice = 5_000m, vatRate = 10 },
            new { description = "International freight", quantity = 2, unitPrice = 750m, vatRate = 0 },
        },
    };

    private async Task<List<IDomainEvent>> StreamAsync(Guid id)
    {
        var registry = api.Services.GetRequiredService<EventTypeRegistry>();
        var events = new List<IDomainEvent>();
        await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<ClientInvoice>(id), 0, ReadDirection.Forwards, 100, Ct))
        {
            events.Add(registry.Deserialize(e.EventType, e.Data)!);
        }

        return events;
    }
}
