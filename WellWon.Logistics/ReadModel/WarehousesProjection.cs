using System.Collections.Frozen;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Logistics.ReadModel;

/// <summary>
/// <c>logistics.warehouses</c>: one row per warehouse with its state at <c>version</c>. The next version is folded into the row, an
/// older or repeated event changes nothing, a gap folds the stream from the event store: any order and repetition give the same row.
/// </summary>
[SyncProjection] // the creator reads the warehouse back at once
public sealed class WarehousesProjection(NpgsqlDataSource db, EventTypeRegistry registry, WarehouseHistory history) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("logistics", "warehouses");

    public static readonly FrozenSet<string> WarehouseEvents = LogisticsEventTypes.Of(
        typeof(WarehouseCreated), typeof(WarehouseLocationAdded), typeof(GoodsReceived), typeof(GoodsPutAway), typeof(GoodsReleased));

    public string Name => "logistics.warehouses";

    public IReadOnlySet<string> EventTypes => WarehouseEvents;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id          uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id  uuid        NOT NULL,
            name        text        NOT NULL,
            unlocode    text        NOT NULL,
            created_at  timestamptz NOT NULL,
            version     bigint      NOT NULL,
            state       jsonb       NOT NULL
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id, name, id);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (registry.Deserialize(e.EventType, e.Data) is not { } change)
        {
            return;
        }

        var id = LogisticsEventTypes.ShipmentIdOf(e.StreamId);
        var row = await ReadRowAsync(table, id, ct);
        if (row is { } current && current.Version >= e.StreamVersion)
        {
            return;
        }

        var state = row is { } previous && previous.Version == e.StreamVersion - 1 ? previous.State.When(change)
            : row is null && e.StreamVersion == 0 ? new WarehouseState().When(change)
            : await history.ReadAsync(id, e.StreamVersion, ct);
        if (!state.Exists)
        {
            return;
        }

        // Only over an older version: the Api's sync run and the worker racing leave the newer row.
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t (id, company_id, name, unlocode, created_at, version, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, version = excluded.version, state = excluded.state
            WHERE t.version < excluded.version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = id });
        p.Add(new NpgsqlParameter { Value = state.CompanyId });
        p.Add(new NpgsqlParameter { Value = state.Name });
        p.Add(new NpgsqlParameter { Value = state.UnLocode });
        p.Add(new NpgsqlParameter { Value = state.CreatedAt });
        p.Add(new NpgsqlParameter { Value = e.StreamVersion });
        p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(state, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private async Task<(long Version, WarehouseState State)?> ReadRowAsync(ProjectionTable table, Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT version, state FROM {table} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<WarehouseState>(reader.GetString(1), EventTypeRegistry.JsonOptions)
            ?? throw new InvalidOperationException($"Warehouse {id} has an empty state in {table}.");
        return (reader.GetInt64(0), state);
    }
}
