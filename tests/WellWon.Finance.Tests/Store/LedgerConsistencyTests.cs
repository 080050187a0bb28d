using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Tests.Http;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using static WellWon.Finance.Tests.Http.LedgerApi;

namespace WellWon.Finance.Tests.Store;

/// <summary>
/// The ledger on the real PostgreSQL event store: no-overdraft and idempotency stay exact under concurrent writers (HTTP requests
/// through the Api's per-company gate and writers that bypass it, as another process would), and the read models are the same
/// whatever the order and repetition of the events, and after a rebuild from the log.
/// </summary>
public sealed class LedgerConsistencyTests(FinanceApiFactory api, ITestOutputHelper output) : IClassFixture<FinanceApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_payments_never_overdraw_and_every_accepted_id_is_posted_once()
    {
        var (_, company, client) = await api.OpenedAsync();
        await client.FundAsync(company, 1_000m);
        const int Payments = 40;
        const decimal Amount = 37m;
        var ids = Enumerable.Range(0, Payments).Select(_ => Guid.NewGuid()).ToArray();
        var clock = Stopwatch.StartNew();

        // Every payment is sent twice over HTTP and once by a writer outside the Api's gate, all at the same time.
        var attempts = ids.SelectMany(id => new[] { ViaHttpAsync(client, company, id, Amount), ViaHttpAsync(client, company, id, Amount), OutsideTheGateAsync(company, id, Amount) });
        var outcomes = await Task.WhenAll(attempts);
        clock.Stop();

        var events = await StreamAsync(company);
        var payments = events.OfType<EntryPosted>().Where(e => ids.Contains(e.EntryId)).ToList();
        output.WriteLine($"{outcomes.Length} concurrent submissions of {Payments} payments decided in {clock.ElapsedMilliseconds} ms; {payments.Count} posted.");

        // Every id is in the log at most once, and an id any caller was told is posted is in it.
        Assert.Equal(payments.Count, payments.Select(p => p.EntryId).Distinct().Count());
        var accepted = ids.Where((id, i) => outcomes[3 * i] || outcomes[3 * i + 1] || outcomes[3 * i + 2]).ToHashSet();
        Assert.Equal(accepted.Order(), payments.Select(p => p.EntryId).Order());
        Assert.Equal((int)(1_000m / Amount), payments.Count);

        // The bank account never went below zero at any point of the log.
        var bank = ChartOfAccounts.AccountId(company, "1010.RUB");
        var balance = 0m;
        foreach (var e in events.OfType<EntryPosted>())
        {
            balance += e.Lines.Where(l => l.AccountId == bank).Sum(l => l.Side == EntrySide.Debit ? l.Amount : -l.Amount);
            Assert.True(balance >= 0, $"The bank account went to {balance}.");
        }

        Assert.Equal(1_000m - Amount * payments.Count, balance);
        Assert.Equal(balance, (await client.AccountAsync(company, "1010.RUB")).GetProperty("posted").GetDecimal());
    }

    [Fact]
    public async Task The_read_models_are_the_same_whatever_the_order_and_repetition_of_the_events_and_after_a_rebuild()
    {
        var (_, company, client) = await api.OpenedAsync();
        await client.FundAsync(company, 100_000m);
        await client.FundAsync(company, 5_000m, "USD");
        var supplier = Guid.NewGuid();
        var (held, voided, invoice) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        object Hold(Guid id) => new { id, description = "Hold", holdForSeconds = 600, lines = new[] { Line("1310.USD", "debit", 500m, "USD"), Line("1010.USD", "credit", 500m, "USD") } };
        await JsonAsync(await client.PostAsync(company, Hold(held), Hold(voided)), HttpStatusCode.Created);
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/entries/{held}/post", new { companyId = company, amount = 300m }, Ct), HttpStatusCode.OK);
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/entries/{voided}/void", new { companyId = company }, Ct), HttpStatusCode.OK);
        await JsonAsync(await client.PostAsync(company, Entry(invoice, "Invoice", Line("1310.USD", "debit", 700m, "USD"), Line("2110", "credit", 700m, "USD", supplier))), HttpStatusCode.Created);
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/entries/{invoice}/reverse", new { companyId = company, reversalId = Guid.NewGuid() }, Ct), HttpStatusCode.Created);
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/conversions",
            new { companyId = company, id = Guid.NewGuid(), sold = new { amount = 10_000m, currency = "RUB" }, bought = new { amount = 107.5m, currency = "USD" }, marketRate = 92m }, Ct), HttpStatusCode.Created);

        var recorded = await RecordedAsync(company);
        var shuffled = recorded.Concat(recorded).OrderBy(_ => Random.Shared.Next()).ToList();
        var db = api.Services.GetRequiredService<NpgsqlDataSource>();
        foreach (var projection in api.Services.GetServices<IProjection>().OfType<IRebuildableProjection>().Where(p => p.Name.StartsWith("finance.", StringComparison.Ordinal)))
        {
            var replay = projection.Table.WithSuffix($"__t{Guid.NewGuid():N}"[..10]);
            await projection.CreateTableAsync(replay, Ct);
            foreach (var e in shuffled.Where(e => projection.EventTypes.Contains(e.EventType)))
            {
                await projection.ApplyAsync(e, replay, Ct);
            }

            Assert.Equal(await RowsAsync(db, projection.Table, company), await RowsAsync(db, replay, company));
        }

        var before = (await JsonAsync(await client.GetAsync($"{Root}/balances?companyId={company}", Ct), HttpStatusCode.OK)).GetRawText();
        var trialBefore = (await JsonAsync(await client.GetAsync($"{Root}/trial-balance?companyId={company}&asOf=2100-01-01T00:00:00Z", Ct), HttpStatusCode.OK)).GetRawText();
        var rebuilder = api.Services.GetRequiredService<ProjectionRebuilder>();
        foreach (var projection in api.Services.GetServices<IProjection>().OfType<IRebuildableProjection>().Where(p => p.Name.StartsWith("finance.", StringComparison.Ordinal)))
        {
            await rebuilder.RebuildAsync(projection, null, Ct);
        }

        Assert.Equal(before, (await JsonAsync(await client.GetAsync($"{Root}/balances?companyId={company}", Ct), HttpStatusCode.OK)).GetRawText());
        Assert.Equal(trialBefore, (await JsonAsync(await client.GetAsync($"{Root}/trial-balance?companyId={company}&asOf=2100-01-01T00:00:00Z", Ct), HttpStatusCode.OK)).GetRawText());
        Assert.Contains("\"balanced\":true", trialBefore, StringComparison.Ordinal);
    }

    /// <summary>A client that retries a 409 concurrency conflict; true when the ledger took (or had taken) the payment.</summary>
    private static async Task<bool> ViaHttpAsync(HttpClient client, Guid company, Guid id, decimal amount)
    {
        while (true)
        {
            var response = await client.PostAsync(company, Entry(id, "Payment", Line("5510.RUB", "debit", amount), Line("1010.RUB", "credit", amount)));
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                return true;
            }

            var (code, _, _) = await ProblemAsync(response, response.StatusCode);
            switch (code)
            {
                case "finance.ledger.overdraft":
                    return false;
                case "concurrency.conflict":
                    continue;
                default:
                    throw new InvalidOperationException($"Unexpected answer {(int)response.StatusCode} {code}.");
            }
        }
    }

    /// <summary>A writer in "another process": no gate, only the stream's expected version; it retries every lost race.</summary>
    private async Task<bool> OutsideTheGateAsync(Guid company, Guid id, decimal amount)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IAggregateStore>();
        var draft = new EntryDraft(id, "Payment", null, [new("5510.RUB", EntrySide.Debit, amount, "RUB"), new("1010.RUB", EntrySide.Credit, amount, "RUB")]);
        while (true)
        {
            var ledger = await store.LoadAsync<CompanyLedger>(company, Ct);
            try
            {
                ledger.Post([draft], DateTimeOffset.UtcNow);
            }
            catch (LedgerRuleException e) when (e.Code == LedgerErrors.Overdraft)
            {
                return false;
            }

            try
            {
                await store.SaveAsync(ledger, Ct);
                return true;
            }
            catch (WrongExpectedVersionException)
            {
            }
        }
    }

    private async Task<List<RecordedEvent>> RecordedAsync(Guid company)
    {
        var store = api.Services.GetRequiredService<IEventStore>();
        var events = new List<RecordedEvent>();
        await foreach (var e in store.ReadStreamAsync(StreamName.For<CompanyLedger>(company), 0, ReadDirection.Forwards, 100_000, Ct))
        {
            events.Add(e);
        }

        return events;
    }

    private async Task<List<IDomainEvent>> StreamAsync(Guid company)
    {
        var registry = api.Services.GetRequiredService<EventTypeRegistry>();
        return [.. (await RecordedAsync(company)).Select(e => registry.Deserialize(e.EventType, e.Data)!)];
    }

    /// <summary>The company's rows of a table as text, in primary-key order.</summary>
    private static async Task<List<string>> RowsAsync(NpgsqlDataSource db, ProjectionTable table, Guid company)
    {
        await using var select = db.CreateCommand($"SELECT t::text FROM {table} t WHERE company_id = $1 ORDER BY 1");
        select.Parameters.Add(new NpgsqlParameter { Value = company });
        var rows = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
