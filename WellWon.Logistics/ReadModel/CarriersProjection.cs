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
/// <c>logistics.carriers</c>: one row per company carrier with its state at <c>version</c>; the next version is folded into the row,
/// an older or repeated event changes nothing, a gap folds the stream from the event store, so any order gives the same row.
/// </summary>
[SyncProjection] // the manager who adds a carrier reads it back at once
public sealed class CarriersProjection(NpgsqlDataSource db, EventTypeRegistry registry, IEventStore events) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("logistics", "carriers");

    public static readonly FrozenSet<string> CarrierEvents = LogisticsEventTypes.Of(
        typeof(CarrierRegistered), typeof(CarrierUpdated), typeof(CarrierCredentialsSet), typeof(CarrierRetired));

    public string Name => "logistics.carriers";

    public IReadOnlySet<string> EventTypes => CarrierEvents;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id         uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id uuid        NOT NULL,
            code       text        NOT NULL,
            retired    boolean     NOT NULL,
            version    bigint      NOT NULL,
            state      jsonb       NOT NULL
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id, code);
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
            : row is null && e.StreamVersion == 0 ? new CarrierState().When(change)
            : await FoldAsync(e.StreamId, e.StreamVersion, ct);
        if (!state.Exists)
        {
            return;
        }

        // Only over an older version: the Api's sync run and the worker racing leave the newer row.
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t (id, company_id, code, retired, version, state) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET retired = excluded.retired, version = excluded.version, state = excluded.state
            WHERE t.version < excluded.version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = id });
        p.Add(new NpgsqlParameter { Value = state.CompanyId });
        p.Add(new NpgsqlParameter { Value = state.Code });
        p.Add(new NpgsqlParameter { Value = state.Retired });
        p.Add(new NpgsqlParameter { Value = e.StreamVersion });
        p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(state, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private async Task<CarrierState> FoldAsync(string stream, long upToVersion, CancellationToken ct)
    {
        var state = new CarrierState();
        await foreach (var recorded in events.ReadStreamAsync(stream, 0, ReadDirection.Forwards, (int)Math.Min(upToVersion + 1, 10_000), ct))
        {
            if (recorded.StreamVersion <= upToVersion && registry.Deserialize(recorded.EventType, recorded.Data) is { } e)
            {
                state = state.When(e);
            }
        }

        return state;
    }

    private async Task<(long Version, CarrierState State)?> ReadRowAsync(ProjectionTable table, Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT version, state FROM {table} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<CarrierState>(reader.GetString(1), EventTypeRegistry.JsonOptions)
            ?? throw new InvalidOperationException($"Carrier {id} has an empty state in {table}.");
        return (reader.GetInt64(0), state);
    }
}
