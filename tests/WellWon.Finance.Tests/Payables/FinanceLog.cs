using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Customs.Contracts;
using WellWon.Finance.Payables;
using WellWon.Finance.Payments;
using WellWon.Finance.Tests.Http;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.Sagas;

namespace WellWon.Finance.Tests.Payables;

/// <summary>
/// Facts other parts of WellWon write, appended to the test's event store as they would be (a customs declaration's life, a payment
/// order's completion), and the Finance projections and saga that follow them run over what was appended.
/// </summary>
internal static class FinanceLog
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static CalculationSheet Sheet(decimal duty, decimal vat, decimal fee, decimal excise = 0m) =>
        new(new DateOnly(2026, 10, 1), "value", new Dictionary<string, decimal> { ["USD"] = 90m }, [], [], 500_000m, duty, excise, vat, fee);

    public static DeclarationHeader Header(Guid? shipmentId) =>
        new(null, null, ProcedureCodes.ImportForHomeUse, "10702070", new DateOnly(2026, 10, 1), "FOB", "Shanghai", shipmentId, "value");

    /// <summary>A declaration created, calculated and registered on <paramref name="registeredAt"/>; answers its events as recorded.</summary>
    public static async Task<List<RecordedEvent>> RegisteredDeclarationAsync(
        this FinanceApiFactory api, Guid company, Guid declaration, Guid? shipment, CalculationSheet sheet, DateTimeOffset registeredAt, string number)
    {
        var by = Guid.NewGuid();
        return await api.AppendAsync(CustomsDeclarationFacts.StreamOf(declaration), company,
            new DeclarationCreated(declaration, company, Header(shipment), by, registeredAt.AddDays(-2)),
            new DeclarationCalculated(declaration, 0, sheet, by, registeredAt.AddDays(-1)),
            new DeclarationSubmitted(declaration, company, by, registeredAt.AddHours(-2)),
            new DeclarationRegistered(declaration, company, number, registeredAt));
    }

    /// <summary>A correction (КДТ) and the calculation of the corrected content, as Customs stores them together.</summary>
    public static Task<List<RecordedEvent>> CorrectedAsync(this FinanceApiFactory api, Guid company, Guid declaration, Guid? shipment, CalculationSheet sheet, DateTimeOffset at)
    {
        var by = Guid.NewGuid();
        return api.AppendAsync(CustomsDeclarationFacts.StreamOf(declaration), company,
            new DeclarationCorrected(declaration, Header(shipment), [], [], "Customs value adjusted", by, at),
            new DeclarationCalculated(declaration, 1, sheet, by, at));
    }

    public static Task<List<RecordedEvent>> PaymentCompletedAsync(
        this FinanceApiFactory api, Guid company, string kind, Guid purpose, decimal amount, string currency, DateTimeOffset at, decimal? rubDebited = null)
    {
        var order = Guid.NewGuid();
        return api.AppendAsync($"finance-payment-order-{order:N}", company,
            new PaymentOrderCompleted(order, company, kind, purpose, amount, currency, rubDebited ?? amount, rubDebited is { } rub ? rub / amount : null, $"BANK-{order:N}"[..16], at));
    }

    public static async Task<List<RecordedEvent>> AppendAsync(this FinanceApiFactory api, string stream, Guid company, params IDomainEvent[] events)
    {
        var store = api.Services.GetRequiredService<IEventStore>();
        var version = await store.GetStreamVersionAsync(stream, Ct);
        var data = events.Select(e => new EventData(Guid.NewGuid(), e.GetType().GetCustomAttribute<EventTypeAttribute>()!.Name,
            JsonSerializer.SerializeToElement(e, e.GetType(), EventTypeRegistry.JsonOptions), EventMetadata.Empty with { TenantId = company })).ToList();
        await store.AppendAsync(stream, version is { } v ? ExpectedVersion.Exactly(v) : ExpectedVersion.NoStream, data, Ct);
        var recorded = new List<RecordedEvent>();
        await foreach (var e in store.ReadStreamAsync(stream, (version ?? -1) + 1, ReadDirection.Forwards, events.Length, Ct))
        {
            recorded.Add(e);
        }

        return recorded;
    }

    /// <summary>Every Finance projection that follows these events applies them to its live table, as the Api's sync run would.</summary>
    public static async Task ProjectAsync(this FinanceApiFactory api, IEnumerable<RecordedEvent> events)
    {
        var projections = api.Services.GetServices<IProjection>().Where(p => p.Name.StartsWith("finance.", StringComparison.Ordinal)).ToList();
        foreach (var e in events)
        {
            foreach (var projection in projections.Where(p => p.EventTypes.Contains(e.EventType)))
            {
                await projection.ApplyAsync(e, Ct);
            }
        }
    }

    /// <summary>Runs the customs payable saga's steps over <paramref name="events"/> from a fresh state, as a saga store that forgot them would.</summary>
    public static async Task RunCustomsSagaAsync(this FinanceApiFactory api, IEnumerable<RecordedEvent> events)
    {
        ISaga saga = new CustomsPayableSaga();
        var registry = api.Services.GetRequiredService<EventTypeRegistry>();
        foreach (var recorded in events.Where(e => saga.EventTypes.Contains(e.EventType)))
        {
            var e = registry.Deserialize(recorded.EventType, recorded.Data)!;
            var id = saga.SagaIdOf(e)!.Value;
            await using var scope = api.Services.CreateAsyncScope();
            await saga.HandleAsync(saga.InitialState(id), e, new SagaContext(id, recorded, scope.ServiceProvider), Ct);
        }
    }
}
