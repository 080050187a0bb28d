using Npgsql;
using NpgsqlTypes;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Logistics.ReadModel;

/// <summary>
/// <c>logistics.shipment_timeline</c>: one row per event of a shipment's stream, keyed by (shipment, version), as
/// <see cref="ShipmentTimeline"/> describes it. A row is written once and never changed, so any order and any repetition of the
/// events give the same table.
/// </summary>
[SyncProjection] // the timeline shows one's own change at once
public sealed class ShipmentTimelineProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("logistics", "shipment_timeline");

    public string Name => "logistics.shipment-timeline";

    public IReadOnlySet<string> EventTypes => LogisticsEventTypes.ShipmentEvents;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            shipment_id uuid        NOT NULL,
            version     bigint      NOT NULL,
            company_id  uuid,
            change      text        NOT NULL,
            milestone   text,
            occurred_at timestamptz NOT NULL,
            recorded_at timestamptz NOT NULL,
            user_id     uuid,
            carrier     text,
            summary     text        NOT NULL,
            data        jsonb       NOT NULL,
            CONSTRAINT {table.Index("pkey")} PRIMARY KEY (shipment_id, version)
        );
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (ShipmentTimeline.Entry(e, registry.Deserialize(e.EventType, e.Data)) is not { } entry)
        {
            return;
        }

        await using var insert = db.CreateCommand($"""
            INSERT INTO {table} (shipment_id, version, company_id, change, milestone, occurred_at, recorded_at, user_id, carrier, summary, data)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (shipment_id, version) DO NOTHING
            """);
        var p = insert.Parameters;
        p.Add(new NpgsqlParameter { Value = LogisticsEventTypes.ShipmentIdOf(e.StreamId) });
        p.Add(new NpgsqlParameter { Value = entry.Version });
        p.Add(new NpgsqlParameter { Value = (object?)e.Metadata.TenantId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = entry.Change });
        p.Add(new NpgsqlParameter { Value = (object?)entry.Milestone ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = entry.OccurredAt });
        p.Add(new NpgsqlParameter { Value = entry.RecordedAt });
        p.Add(new NpgsqlParameter { Value = (object?)entry.UserId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = (object?)entry.Carrier ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = entry.Summary });
        p.Add(new NpgsqlParameter { Value = entry.Data.GetRawText(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await insert.ExecuteNonQueryAsync(ct);
    }
}
