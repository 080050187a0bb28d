using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.Features;
using WellWon.Finance.Payments;
using WellWon.Finance.Tests.Http;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;
using WellWon.Platform.Sagas;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Tests.Payments;

/// <summary>
/// The real WellWon.Api over a database of its own, pointed at a <see cref="FakeBank"/> on a loopback port (short timeouts, two
/// attempts), with the payment saga's runner in the same process: <see cref="RunSagaAsync"/> hands every event of an order's stream to
/// the <see cref="SagaRunner"/> as the saga host would, until the order stops changing.
/// </summary>
public sealed class PaymentsApiFactory : FinanceApiFactory
{
    public FakeBank Bank { get; } = new();

    /// <summary>When false, the Api starts without a bank (Finance:Bank:BaseUrl unset).</summary>
    public bool WithBank { get; init; } = true;

    public override async ValueTask InitializeAsync()
    {
        await Bank.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Bank.DisposeAsync();
    }

    public sealed record Company(Guid Id, Guid Owner, Guid Admin, Guid Viewer, Guid Outsider);

    /// <summary>A company with an owner, an admin and a viewer, 10,000,000 roubles on its bank account and today's official rates.</summary>
    public async Task<Company> CompanyAsync()
    {
        var (owner, admin, viewer) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var company = await CreateCompanyAsync(owner, "Amur Trading");
        await JoinCompanyAsync(owner, company, admin, "admin");
        await JoinCompanyAsync(owner, company, viewer, "viewer");
        await StoreRatesAsync(DateOnly.FromDateTime(DateTime.UtcNow));
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LedgerWrites>().ChangeAsync(company, null, CompanyRole.Viewer, (ledger, now) => ledger.Post(
            [new EntryDraft(Guid.NewGuid(), "Opening balance", null,
                [new LineDraft("1010.RUB", EntrySide.Debit, 10_000_000m, "RUB"), new LineDraft("3010.RUB", EntrySide.Credit, 10_000_000m, "RUB")])], now), Ct);
        return new Company(company, owner, admin, viewer, Guid.NewGuid());
    }

    /// <summary>The company's ledger account by code, as the aggregate holds it now.</summary>
    public async Task<LedgerAccount?> AccountAsync(Guid companyId, string code)
    {
        await using var scope = Services.CreateAsyncScope();
        var ledger = await scope.ServiceProvider.GetRequiredService<IAggregateStore>().LoadAsync<CompanyLedger>(companyId, Ct);
        return ledger.State.Find(code);
    }

    /// <summary>
    /// Hands the order's events to the saga runner, in order, until no new event appears; answers the events handed. Each event's
    /// live changes are pushed first, as the event processor pushes them once its projections applied the event.
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> RunSagaAsync(Guid orderId)
    {
        var runner = Services.GetRequiredService<SagaRunner>();
        var notifier = Services.GetRequiredService<IChangeNotifier>();
        var projections = Services.GetRequiredService<ProjectionRegistry>();
        var handed = new List<RecordedEvent>();
        while (true)
        {
            var fresh = (await StreamAsync(orderId)).Skip(handed.Count).ToList();
            if (fresh.Count == 0)
            {
                return handed;
            }

            foreach (var e in fresh)
            {
                foreach (var (audience, change) in projections.For(e.EventType).OfType<INotifyingProjection>().SelectMany(p => p.ChangesFor(e)))
                {
                    await notifier.NotifyAsync(audience, change, Ct);
                }

                await runner.HandleAsync(e, Ct);
                handed.Add(e);
            }
        }
    }

    public async Task<IReadOnlyList<RecordedEvent>> StreamAsync(Guid orderId)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<Finance.Payments.Domain.PaymentOrder>(orderId), 0, ReadDirection.Forwards, 1000, Ct))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>One run of the data-sync job that asks the bank about sent transfers and fails overdue orders.</summary>
    public async Task RunConfirmationsJobAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<PaymentConfirmationsJob>(scope.ServiceProvider);
        await job.RunAsync(new Platform.Scheduling.JobContext(Guid.NewGuid(), job.Name, DateTimeOffset.UtcNow, scope.ServiceProvider), Ct);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() => new Dictionary<string, string?>
    {
        ["Finance:Bank:BaseUrl"] = WithBank ? Bank.BaseUrl : null,
        ["Finance:Bank:ApiKey"] = FakeBank.ApiKey,
        ["Finance:Bank:RequestTimeout"] = "00:00:00.500",
        ["Finance:Bank:Attempts"] = "2",
        ["Finance:Bank:FirstRetryDelay"] = "00:00:00.050",
        ["Finance:Payments:ConfirmationTimeout"] = "00:00:02",
    };

    // The official rates are the central bank's as Customs keeps them (StoreRatesAsync), not the base host's fixed ones; and the
    // event processor's saga runner runs in the Api's process, fed by the tests instead of the transport.
    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddPaymentSaga();
        services.AddWellWonSagaStore();
        services.AddMetrics();
        services.TryAddSingleton<SagaRegistry>();
        services.TryAddSingleton<SagaRunner>();
    }

    // The central bank's rates of the day as Customs keeps them (the central bank itself is out of reach in tests).
    private async Task StoreRatesAsync(DateOnly day)
    {
        await using var db = NpgsqlDataSource.Create(ConnectionString);
        foreach (var (currency, rate) in new[] { ("USD", 90m), ("CNY", FakeBank.Official) })
        {
            await using var insert = db.CreateCommand(
                "INSERT INTO customs.exchange_rates (rate_date, currency, revision, nominal, value, unit_rate, source, fetched_at) VALUES ($1, $2, 1, 1, $3, $3, 'test', now()) ON CONFLICT DO NOTHING");
            insert.Parameters.Add(new NpgsqlParameter { Value = day });
            insert.Parameters.Add(new NpgsqlParameter { Value = currency });
            insert.Parameters.Add(new NpgsqlParameter { Value = rate });
            await insert.ExecuteNonQueryAsync(Ct);
        }

        await using var fetched = db.CreateCommand("INSERT INTO customs.exchange_rate_fetches (requested_date, rates_date, fetched_at) VALUES ($1, $1, now()) ON CONFLICT DO NOTHING");
        fetched.Parameters.Add(new NpgsqlParameter { Value = day });
        await fetched.ExecuteNonQueryAsync(Ct);
    }
}
