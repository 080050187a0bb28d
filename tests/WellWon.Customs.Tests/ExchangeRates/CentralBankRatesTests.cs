using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using WellWon.Customs.ExchangeRates;
using WellWon.Platform.Database;

namespace WellWon.Customs.Tests.ExchangeRates;

/// <summary>The job's synchronisation against a fake central bank (a local Kestrel app), storing into a fresh database.</summary>
public sealed class CentralBankRatesTests : IAsyncLifetime
{
    private static readonly DateOnly Monday = new(2025, 11, 17);

    private readonly string _name = $"ww_customs_rates_{Guid.NewGuid():N}";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 11, 17, 9, 0, 0, TimeSpan.Zero));
    private NpgsqlDataSource _db = null!;
    private FakeCentralBank _bank = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await TestInfrastructure.CreateDatabaseAsync(_name);
        _db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(_name));
        await new DatabaseMigrator(_db, [new CustomsMigrations()], NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        _bank = await FakeCentralBank.StartAsync();
        _http = new HttpClient();
        // Friday's rates answer Saturday to Monday, as the central bank's do (set on Friday, in force until Tuesday).
        _bank.Payloads[Monday.AddDays(-3)] = CbrPayloads.Daily("14.11.2025");
        _bank.Payloads[Monday.AddDays(-2)] = CbrPayloads.Daily("15.11.2025");
        _bank.Payloads[Monday.AddDays(-1)] = CbrPayloads.Daily("15.11.2025");
        _bank.Payloads[Monday] = CbrPayloads.Daily("15.11.2025");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _bank.DisposeAsync();
        await _db.DisposeAsync();
        await TestInfrastructure.DropDatabaseAsync(_name);
    }

    private (CentralBankRates Rates, CentralBankClient Client, ExchangeRateStore Store) Create(int attempts = 3, int recentDays = 3)
    {
        var options = Options.Create(new CustomsRatesOptions
        {
            BaseUrl = _bank.BaseUrl, Attempts = attempts, RecentDays = recentDays, FirstRetryDelay = TimeSpan.FromMilliseconds(20),
        });
        var client = new CentralBankClient(_http, options);
        var store = new ExchangeRateStore(_db, _clock);
        return (new CentralBankRates(client, store, _clock, options), client, store);
    }

    private async Task<long> CountAsync(string table)
    {
        await using var cmd = _db.CreateCommand($"SELECT count(*) FROM customs.{table}");
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task Today_and_the_missing_recent_days_are_stored_once_and_a_rerun_changes_nothing()
    {
        var (rates, _, store) = Create();

        var first = await rates.SyncAsync(Ct);
        Assert.Equal((4, 10, 10, 0), (first.Days, first.Inserted, first.Unchanged, first.Revised));
        Assert.Empty(first.Failures);
        Assert.Equal(10, await CountAsync("exchange_rates"));
        Assert.Equal(4, await CountAsync("exchange_rate_fetches"));

        var second = await rates.SyncAsync(Ct);
        Assert.Equal((1, 0, 5, 0), (second.Days, second.Inserted, second.Unchanged, second.Revised));
        Assert.Equal(10, await CountAsync("exchange_rates"));

        // Sunday is answered with Saturday's rates; AMD per one unit, as the central bank gives it.
        var sunday = await store.OnAsync(Monday.AddDays(-1), Ct);
        Assert.Equal(new DateOnly(2025, 11, 15), sunday!.Value.RatesDate);
        Assert.Equal(0.215637m, sunday.Value.RubPerUnit["AMD"]);
        Assert.Equal(80.75m, sunday.Value.RubPerUnit["USD"]);
    }

    [Fact]
    public async Task A_changed_value_is_recorded_as_a_revision_beside_the_old_one()
    {
        var (rates, _, store) = Create(recentDays: 0);
        await rates.SyncAsync(Ct);
        _bank.Payloads[Monday] = CbrPayloads.Daily("15.11.2025", CbrPayloads.WorkedExample(usd: "80,8100"));

        var corrected = await rates.SyncAsync(Ct);

        Assert.Equal((0, 4, 1), (corrected.Inserted, corrected.Unchanged, corrected.Revised));
        var history = await store.HistoryAsync(new DateOnly(2025, 11, 15), "USD", Ct);
        Assert.Equal([(1, 1, 80.75m, 80.75m, false), (2, 1, 80.81m, 80.81m, true)], history);
        Assert.Equal(80.81m, (await store.OnAsync(Monday, Ct))!.Value.RubPerUnit["USD"]);
    }

    [Fact]
    public async Task Failures_are_retried_with_back_off_and_then_the_day_is_stored()
    {
        var (rates, client, _) = Create(attempts: 3, recentDays: 0);
        _bank.FailNext.Enqueue(503);
        _bank.FailNext.Enqueue(500);

        var report = await rates.SyncAsync(Ct);

        Assert.Empty(report.Failures);
        Assert.Equal(3, client.Requests);
        Assert.Equal(5, report.Inserted);
    }

    [Fact]
    public async Task An_answer_that_never_comes_or_is_malformed_stores_nothing()
    {
        var (rates, client, _) = Create(attempts: 2, recentDays: 1);
        for (var i = 0; i < 10; i++)
        {
            _bank.FailNext.Enqueue(503);
        }

        var down = await rates.SyncAsync(Ct);
        Assert.Equal(2, down.Failures.Count);
        Assert.Equal(4, client.Requests);
        Assert.Contains("after 2 attempts", down.Failures[0], StringComparison.Ordinal);

        _bank.FailNext.Clear();
        _bank.Payloads[Monday] = CbrPayloads.Bytes("""<?xml version="1.0" encoding="windows-1251"?><ValCurs Date="17.11.2025"><Valute ID="R01235"><CharCode>USD</CharCode><Nominal>1</Nominal><Value>80.75</Value></Valute></ValCurs>""");
        _bank.Payloads[Monday.AddDays(-1)] = CbrPayloads.Bytes("<html>Service unavailable</html");
        var malformed = await rates.SyncAsync(Ct);

        Assert.Equal(2, malformed.Failures.Count);
        Assert.Equal(0, await CountAsync("exchange_rates"));
        Assert.Equal(0, await CountAsync("exchange_rate_fetches"));
    }

    [Fact]
    public async Task A_declaration_date_nobody_fetched_is_fetched_on_demand_and_a_later_day_is_not()
    {
        var (rates, _, _) = Create();

        var friday = await rates.OnAsync(Monday.AddDays(-3), Ct);
        Assert.Equal(93.5012m, friday!.Value.RubPerUnit["EUR"]);
        Assert.Single(_bank.Requests);

        Assert.Null(await rates.OnAsync(Monday.AddDays(5), Ct));
        Assert.Single(_bank.Requests);
    }
}
