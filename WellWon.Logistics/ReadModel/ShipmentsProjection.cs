using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;

namespace WellWon.Logistics.ReadModel;

/// <summary>
/// <c>logistics.shipments</c>: one row per shipment — the columns lists filter and sort on, and the shipment's whole state (the
/// aggregate's own state, folded by its own appliers) for the detail. A row is the state at its <c>version</c>: an event of the
/// next version is folded into it; an older or repeated one changes nothing; one that finds a gap (a sync run that failed
/// earlier, events of a stream delivered after a later one) folds the stream from the event store up to its version. Any order
/// and any repetition therefore leave the same row, and a replay from the start rebuilds it.
/// </summary>
[SyncProjection] // the creator reads the shipment back at once
public sealed class ShipmentsProjection(NpgsqlDataSource db, EventTypeRegistry registry, ShipmentHistory history) : IRebuildableProjection, INotifyingProjection
{
    public static readonly ProjectionTable LiveTable = new("logistics", "shipments");

    public string Name => "logistics.shipments";

    public IReadOnlySet<string> EventTypes => LogisticsEventTypes.ShipmentEvents;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id                uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id        uuid        NOT NULL,
            reference         text        NOT NULL,
            status            text        NOT NULL,
            mode              text        NOT NULL,
            incoterm          text,
            bl_number         text,
            container_numbers text[]      NOT NULL,
            origin            text,
            destination       text,
            etd               timestamptz,
            eta               timestamptz,
            created_at        timestamptz NOT NULL,
            updated_at        timestamptz NOT NULL,
            version           bigint      NOT NULL,
            state             jsonb       NOT NULL
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id, created_at DESC, id DESC);
        CREATE INDEX {table.Index("by_container")} ON {table} USING gin (container_numbers);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public IEnumerable<(ChangeAudience Audience, ChangeNotification Change)> ChangesFor(RecordedEvent e)
    {
        var change = registry.Deserialize(e.EventType, e.Data);
        var companyId = e.Metadata.TenantId ?? (change as ShipmentCreated)?.CompanyId;
        return change is null || companyId is not { } company
            ? []
            : [ShipmentChanges.Changed(company, LogisticsEventTypes.ShipmentIdOf(e.StreamId), e.StreamVersion, ShipmentChanges.ScopeOf(change))];
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
            : row is null && e.StreamVersion == 0 ? new ShipmentState().When(change)
            : (await history.ReadAsync(id, asOf: null, upToVersion: e.StreamVersion, ct)).State;
        if (!state.Exists)
        {
            return;
        }

        await WriteAsync(table, id, state, e.StreamVersion, ct);
    }

    private async Task<(long Version, ShipmentState State)?> ReadRowAsync(ProjectionTable table, Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT version, state FROM {table} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<ShipmentState>(reader.GetString(1), EventTypeRegistry.JsonOptions)
            ?? throw new InvalidOperationException($"Shipment {id} has an empty state in {table}.");
        return (reader.GetInt64(0), state);
    }

    // Only over an older version: two runs racing (the Api's sync run and the worker) leave the newer row.
    private async Task WriteAsync(ProjectionTable table, Guid id, ShipmentState s, long version, CancellationToken ct)
    {
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t
                (id, company_id, reference, status, mode, incoterm, bl_number, container_numbers, origin, destination, etd, eta, created_at, updated_at, version, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status, incoterm = excluded.incoterm, bl_number = excluded.bl_number,
                container_numbers = excluded.container_numbers, origin = excluded.origin, destination = excluded.destination,
                etd = excluded.etd, eta = excluded.eta, updated_at = excluded.updated_at, version = excluded.version, state = excluded.state
            WHERE t.version < excluded.version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = id });
        p.Add(new NpgsqlParameter { Value = s.CompanyId });
        p.Add(new NpgsqlParameter { Value = s.Reference });
        p.Add(new NpgsqlParameter { Value = s.Status });
        p.Add(new NpgsqlParameter { Value = s.Mode });
        p.Add(Text(s.Header.Incoterm));
        p.Add(Text(s.Header.BlNumber));
        p.Add(new NpgsqlParameter { Value = s.Containers.Select(c => c.Number).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(Text(s.Legs.FirstOrDefault()?.From));
        p.Add(Text(s.Legs.LastOrDefault()?.To));
        p.Add(Time(s.Legs.FirstOrDefault()?.Etd));
        p.Add(Time(s.Legs.LastOrDefault()?.Eta));
        p.Add(new NpgsqlParameter { Value = s.CreatedAt });
        p.Add(new NpgsqlParameter { Value = s.UpdatedAt });
        p.Add(new NpgsqlParameter { Value = version });
        p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(s, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTimeOffset? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
