using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Finance.PurchaseOrders.ReadModel;

/// <summary>
/// <c>finance.purchase_orders</c>: one row per purchase order with the columns lists filter on and the whole state (lines with their
/// ordered, shipped and received quantities, links, approval, payments) as the aggregate folds it. A row's <c>version</c> is its
/// stream's: the next version is folded in, an older or repeated event changes nothing, one after a gap folds the stream from the
/// event store; so any order and repetition leave the same row, and a replay rebuilds it.
/// </summary>
[SyncProjection] // the user who created, approved or linked sees it in the answer's next read
public sealed class PurchaseOrdersProjection(NpgsqlDataSource db, IEventStore events, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("finance", "purchase_orders");

    public static readonly string StreamCategory = StreamName.CategoryOf(typeof(PurchaseOrder));

    // Every event of a purchase order's stream, so versions follow one another without gaps.
    public static readonly FrozenSet<string> Types = new[]
    {
        typeof(PurchaseOrderCreated), typeof(PurchaseOrderDraftUpdated), typeof(PurchaseOrderApproved), typeof(PurchaseOrderSent),
        typeof(PurchaseOrderConfirmed), typeof(PurchaseOrderCancelled), typeof(PurchaseOrderClosed), typeof(PurchaseOrderLineLinked),
        typeof(PurchaseOrderFulfilmentRecorded), typeof(PurchaseOrderCreationAbandoned),
    }.Select(t => t.GetCustomAttribute<EventTypeAttribute>()!.Name).ToFrozenSet(StringComparer.Ordinal);

    public string Name => "finance.purchase-orders";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id                  uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id          uuid        NOT NULL,
            number              text        NOT NULL,
            status              text        NOT NULL,
            supplier_name       text,
            supplier_company_id uuid,
            currency            text        NOT NULL,
            total               numeric     NOT NULL,
            contract_number     text,
            expected_delivery   date,
            created_at          timestamptz NOT NULL,
            updated_at          timestamptz NOT NULL,
            version             bigint      NOT NULL,
            state               jsonb       NOT NULL
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id, created_at DESC);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (!Types.Contains(e.EventType) || !e.StreamId.StartsWith(StreamCategory + "-", StringComparison.Ordinal)
            || registry.Deserialize(e.EventType, e.Data) is not { } change)
        {
            return;
        }

        var id = Guid.ParseExact(e.StreamId.AsSpan(StreamCategory.Length + 1), "N");
        var row = await ReadRowAsync(table, id, ct);
        if (row is { } current && current.Version >= e.StreamVersion)
        {
            return;
        }

        var state = row is { } previous && previous.Version == e.StreamVersion - 1 ? previous.State.When(change)
            : row is null && e.StreamVersion == 0 ? new PurchaseOrderState().When(change)
            : await FoldAsync(e.StreamId, e.StreamVersion, ct);
        if (state is { Exists: true, Abandoned: false, Terms: not null })
        {
            await WriteAsync(table, id, state, e.StreamVersion, ct);
        }
    }

    private async Task<PurchaseOrderState> FoldAsync(string stream, long upTo, CancellationToken ct)
    {
        var state = new PurchaseOrderState();
        await foreach (var recorded in events.ReadStreamAsync(stream, 0, ReadDirection.Forwards, (int)Math.Min(upTo + 1, int.MaxValue), ct))
        {
            if (recorded.StreamVersion <= upTo && registry.Deserialize(recorded.EventType, recorded.Data) is { } e)
            {
                state = state.When(e);
            }
        }

        return state;
    }

    private async Task<(long Version, PurchaseOrderState State)?> ReadRowAsync(ProjectionTable table, Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT version, state FROM {table} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), ReadState(reader.GetString(1))) : null;
    }

    public static PurchaseOrderState ReadState(string json) => JsonSerializer.Deserialize<PurchaseOrderState>(json, EventTypeRegistry.JsonOptions)!;

    // Only over an older version: the Api's sync run and the worker may race; the newer row stays.
    private async Task WriteAsync(ProjectionTable table, Guid id, PurchaseOrderState s, long version, CancellationToken ct)
    {
        var terms = s.Terms!;
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t (id, company_id, number, status, supplier_name, supplier_company_id, currency, total, contract_number,
                                      expected_delivery, created_at, updated_at, version, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (id) DO UPDATE SET
                company_id = excluded.company_id, number = excluded.number, status = excluded.status, supplier_name = excluded.supplier_name,
                supplier_company_id = excluded.supplier_company_id, currency = excluded.currency, total = excluded.total,
                contract_number = excluded.contract_number, expected_delivery = excluded.expected_delivery, created_at = excluded.created_at,
                updated_at = excluded.updated_at, version = excluded.version, state = excluded.state
            WHERE t.version < excluded.version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = id });
        p.Add(new NpgsqlParameter { Value = s.CompanyId });
        p.Add(new NpgsqlParameter { Value = s.Number });
        p.Add(new NpgsqlParameter { Value = s.Status });
        p.Add(new NpgsqlParameter { Value = (object?)terms.Supplier.Name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)terms.Supplier.CompanyId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = terms.Currency });
        p.Add(new NpgsqlParameter { Value = terms.Total });
        p.Add(new NpgsqlParameter { Value = (object?)terms.Contract?.Number ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)terms.ExpectedDelivery ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        p.Add(new NpgsqlParameter { Value = s.CreatedAt });
        p.Add(new NpgsqlParameter { Value = s.UpdatedAt });
        p.Add(new NpgsqlParameter { Value = version });
        p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(s, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await upsert.ExecuteNonQueryAsync(ct);
    }
}

/// <summary><c>finance.po_settings</c>: each company's approval limit for managers, as its last setting says.</summary>
[SyncProjection] // the admin who set the limit reads it back at once
public sealed class PurchaseOrderSettingsProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("finance", "po_settings");

    private static readonly FrozenSet<string> Types = FrozenSet.Create(StringComparer.Ordinal, typeof(PurchaseOrderApprovalLimitSet).GetCustomAttribute<EventTypeAttribute>()!.Name);

    public string Name => "finance.po-settings";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            company_id        uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            manager_limit_rub numeric,
            set_by            uuid        NOT NULL,
            set_at            timestamptz NOT NULL,
            version           bigint      NOT NULL
        );
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    // Each event carries the whole setting: the highest version wins, whatever the order.
    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (registry.Deserialize(e.EventType, e.Data) is not PurchaseOrderApprovalLimitSet set)
        {
            return;
        }

        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t (company_id, manager_limit_rub, set_by, set_at, version) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (company_id) DO UPDATE SET manager_limit_rub = excluded.manager_limit_rub, set_by = excluded.set_by,
                set_at = excluded.set_at, version = excluded.version
            WHERE t.version < excluded.version
            """);
        upsert.Parameters.Add(new NpgsqlParameter { Value = set.CompanyId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)set.ManagerLimitRub ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        upsert.Parameters.Add(new NpgsqlParameter { Value = set.SetBy });
        upsert.Parameters.Add(new NpgsqlParameter { Value = set.SetAt });
        upsert.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
        await upsert.ExecuteNonQueryAsync(ct);
    }
}
