using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Finance.Payments.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;

namespace WellWon.Finance.Payments.ReadModel;

/// <summary>
/// <c>finance.payment_orders</c>: one row per order with the columns lists filter on and the whole state. Each event folds the
/// order's stream up to its version (a few events), so any order and repetition leave the same row and a replay rebuilds it; only a
/// newer version overwrites. After each step the company's live channel gets <c>payment</c> (id, version, status as scope).
/// </summary>
[SyncProjection] // the user who entered or cancelled an order reads it back at once
public sealed class PaymentOrdersProjection(NpgsqlDataSource db, IEventStore events, EventTypeRegistry registry) : IRebuildableProjection, INotifyingProjection
{
    public const string Entity = "payment";

    public static readonly ProjectionTable LiveTable = new("finance", "payment_orders");

    public static readonly string StreamCategory = StreamName.CategoryOf(typeof(PaymentOrder));

    private static readonly FrozenDictionary<string, string> StatusAfter = new Dictionary<Type, string>
    {
        [typeof(PaymentOrderCreated)] = PaymentStatuses.Created,
        [typeof(PaymentOrderQuoted)] = PaymentStatuses.Quoted,
        [typeof(PaymentOrderRateLocked)] = PaymentStatuses.RateLocked,
        [typeof(PaymentOrderDebited)] = PaymentStatuses.Debited,
        [typeof(PaymentOrderCredited)] = PaymentStatuses.Debited,
        [typeof(PaymentOrderSent)] = PaymentStatuses.Sent,
        [typeof(PaymentOrderConfirmed)] = PaymentStatuses.Sent,
        [typeof(PaymentOrderCompleted)] = PaymentStatuses.Completed,
        [typeof(PaymentOrderFailed)] = PaymentStatuses.Failed,
        [typeof(PaymentOrderCancelled)] = PaymentStatuses.Cancelled,
    }.ToFrozenDictionary(kv => kv.Key.GetCustomAttribute<EventTypeAttribute>()!.Name, kv => kv.Value, StringComparer.Ordinal);

    public string Name => "finance.payment-orders";

    public IReadOnlySet<string> EventTypes => StatusAfter.Keys.ToFrozenSet(StringComparer.Ordinal);

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id           uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id   uuid        NOT NULL,
            number       text        NOT NULL,
            status       text        NOT NULL,
            purpose_kind text        NOT NULL,
            purpose_id   uuid        NOT NULL,
            currency     text        NOT NULL,
            amount       numeric     NOT NULL,
            created_at   timestamptz NOT NULL,
            updated_at   timestamptz NOT NULL,
            version      bigint      NOT NULL,
            state        jsonb       NOT NULL
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id, created_at DESC);
        CREATE INDEX {table.Index("by_purpose")} ON {table} (purpose_id);
        CREATE INDEX {table.Index("in_flight")} ON {table} (updated_at) WHERE status NOT IN ('completed', 'failed', 'cancelled');
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (!StatusAfter.ContainsKey(e.EventType) || !e.StreamId.StartsWith(StreamCategory + "-", StringComparison.Ordinal))
        {
            return;
        }

        var state = new PaymentOrderState();
        await foreach (var recorded in events.ReadStreamAsync(e.StreamId, 0, ReadDirection.Forwards, (int)Math.Min(e.StreamVersion + 1, int.MaxValue), ct))
        {
            if (recorded.StreamVersion <= e.StreamVersion && registry.Deserialize(recorded.EventType, recorded.Data) is { } change)
            {
                state = state.When(change);
            }
        }

        if (!state.Exists)
        {
            return;
        }

        var id = Guid.ParseExact(e.StreamId.AsSpan(StreamCategory.Length + 1), "N");
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t (id, company_id, number, status, purpose_kind, purpose_id, currency, amount, created_at, updated_at, version, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status, updated_at = excluded.updated_at, version = excluded.version, state = excluded.state
            WHERE t.version < excluded.version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = id });
        p.Add(new NpgsqlParameter { Value = state.CompanyId });
        p.Add(new NpgsqlParameter { Value = state.Number });
        p.Add(new NpgsqlParameter { Value = state.Status });
        p.Add(new NpgsqlParameter { Value = state.PurposeKind });
        p.Add(new NpgsqlParameter { Value = state.PurposeId });
        p.Add(new NpgsqlParameter { Value = state.Currency });
        p.Add(new NpgsqlParameter { Value = state.Amount });
        p.Add(new NpgsqlParameter { Value = state.CreatedAt });
        p.Add(new NpgsqlParameter { Value = state.UpdatedAt });
        p.Add(new NpgsqlParameter { Value = e.StreamVersion });
        p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(state, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    public IEnumerable<(ChangeAudience Audience, ChangeNotification Change)> ChangesFor(RecordedEvent e)
    {
        if (StatusAfter.TryGetValue(e.EventType, out var status) && e.Metadata.TenantId is { } company
            && e.StreamId.StartsWith(StreamCategory + "-", StringComparison.Ordinal))
        {
            var id = Guid.ParseExact(e.StreamId.AsSpan(StreamCategory.Length + 1), "N");
            yield return (ChangeAudience.Company(company), new ChangeNotification(Entity, id.ToString("D"), e.StreamVersion, status));
        }
    }

    public static PaymentOrderState ReadState(string json) => JsonSerializer.Deserialize<PaymentOrderState>(json, EventTypeRegistry.JsonOptions)!;
}
