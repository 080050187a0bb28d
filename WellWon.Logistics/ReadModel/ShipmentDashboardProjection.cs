using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Logistics.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Logistics.ReadModel;

/// <summary>
/// <c>logistics.shipment_dashboard</c>: one row per shipment with what the company dashboard counts (status, lane, ETAs,
/// departure, arrival, delay), folded by <see cref="ShipmentDashboardRow.When"/>. A row is the fold up to its <c>version</c>: an
/// event at or below it changes nothing; a later one first folds in whatever the stream holds between the two (events this
/// projection does not follow, a sync run that failed, events delivered out of order), read from the event store. Any order and
/// any repetition therefore leave the same row, and a replay from the start rebuilds it.
/// </summary>
[SyncProjection] // the user who books a shipment sees it counted on the dashboard at once
public sealed class ShipmentDashboardProjection(NpgsqlDataSource db, EventTypeRegistry registry, IEventStore events) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("logistics", "shipment_dashboard");

    /// <summary>What the dashboard follows; other shipment events are folded in (as no-ops) when the next of these arrives.</summary>
    public static readonly FrozenSet<string> Followed = LogisticsEventTypes.Of(
        typeof(ShipmentCreated), typeof(ShipmentBooked), typeof(LegAdded), typeof(LegUpdated), typeof(LegRemoved),
        typeof(LegEtaRevised), typeof(MilestoneRecorded), typeof(ShipmentCancelled), typeof(ShipmentDelayed));

    public string Name => "logistics.shipment_dashboard";

    public IReadOnlySet<string> EventTypes => Followed;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id           uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id   uuid        NOT NULL,
            reference    text        NOT NULL,
            status       text        NOT NULL,
            mode         text        NOT NULL,
            origin       text,
            destination  text,
            planned_eta  timestamptz,
            expected_eta timestamptz,
            departed_at  timestamptz,
            arrived_at   timestamptz,
            delayed      boolean     NOT NULL,
            delay        interval,
            legs         jsonb       NOT NULL,
            version      bigint      NOT NULL
        );
        -- Counts by status: an index-only scan of the company's entries.
        CREATE INDEX {table.Index("by_status")} ON {table} (company_id, status);
        -- The worst delays first.
        CREATE INDEX {table.Index("delayed")} ON {table} (company_id, delay DESC, id) WHERE delayed;
        -- What is still on its way, by the ETA expected now.
        CREATE INDEX {table.Index("arriving")} ON {table} (company_id, expected_eta, id) WHERE status IN ('booked', 'in_transit');
        -- Lanes of arrived shipments with their transit times, without visiting the table.
        CREATE INDEX {table.Index("lanes")} ON {table} (company_id, origin, destination, mode) INCLUDE (departed_at, arrived_at) WHERE arrived_at IS NOT NULL;
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

        var row = await ReadRowAsync(table, LogisticsEventTypes.ShipmentIdOf(e.StreamId), ct);
        if (row is not null && row.Version >= e.StreamVersion)
        {
            return;
        }

        if ((row?.Version ?? -1) < e.StreamVersion - 1)
        {
            row = await CatchUpAsync(row, e.StreamId, e.StreamVersion - 1, ct);
        }

        if (ShipmentDashboardRow.When(row, change) is { } next)
        {
            await WriteAsync(table, next with { Version = e.StreamVersion }, ct);
        }
    }

    /// <summary>Folds the stream's events after the row's version up to <paramref name="upTo"/> (the gap before the event at hand).</summary>
    private async Task<ShipmentDashboardRow?> CatchUpAsync(ShipmentDashboardRow? row, string streamId, long upTo, CancellationToken ct)
    {
        var from = (row?.Version ?? -1) + 1;
        await foreach (var recorded in events.ReadStreamAsync(streamId, from, ReadDirection.Forwards, (int)(upTo - from + 1), ct))
        {
            if (recorded.StreamVersion > upTo)
            {
                break;
            }

            if (registry.Deserialize(recorded.EventType, recorded.Data) is { } e)
            {
                row = ShipmentDashboardRow.When(row, e);
            }
        }

        return row;
    }

    private async Task<ShipmentDashboardRow?> ReadRowAsync(ProjectionTable table, Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand(
            $"SELECT company_id, reference, status, mode, legs, planned_eta, departed_at, arrived_at, delay, version FROM {table} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new ShipmentDashboardRow
        {
            Id = id,
            CompanyId = reader.GetGuid(0),
            Reference = reader.GetString(1),
            Status = reader.GetString(2),
            Mode = reader.GetString(3),
            Legs = JsonSerializer.Deserialize<ImmutableList<DashboardLeg>>(reader.GetString(4), EventTypeRegistry.JsonOptions) ?? [],
            PlannedEta = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            DepartedAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            ArrivedAt = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
            Delay = reader.IsDBNull(8) ? null : reader.GetFieldValue<TimeSpan>(8),
            Version = reader.GetInt64(9),
        };
    }

    // Only over an older version: two runs racing (the Api's sync run and the worker) leave the newer row.
    private async Task WriteAsync(ProjectionTable table, ShipmentDashboardRow r, CancellationToken ct)
    {
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t
                (id, company_id, reference, status, mode, origin, destination, planned_eta, expected_eta, departed_at, arrived_at, delayed, delay, legs, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status, mode = excluded.mode, origin = excluded.origin, destination = excluded.destination,
                planned_eta = excluded.planned_eta, expected_eta = excluded.expected_eta, departed_at = excluded.departed_at,
                arrived_at = excluded.arrived_at, delayed = excluded.delayed, delay = excluded.delay, legs = excluded.legs, version = excluded.version
            WHERE t.version < excluded.version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = r.Id });
        p.Add(new NpgsqlParameter { Value = r.CompanyId });
        p.Add(new NpgsqlParameter { Value = r.Reference });
        p.Add(new NpgsqlParameter { Value = r.Status });
        p.Add(new NpgsqlParameter { Value = r.Mode });
        p.Add(Text(r.Origin));
        p.Add(Text(r.Destination));
        p.Add(Time(r.PlannedEta));
        p.Add(Time(r.ExpectedEta));
        p.Add(Time(r.DepartedAt));
        p.Add(Time(r.ArrivedAt));
        p.Add(new NpgsqlParameter { Value = r.Delayed });
        p.Add(new NpgsqlParameter { Value = (object?)r.Delay ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Interval });
        p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(r.Legs, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new NpgsqlParameter { Value = r.Version });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTimeOffset? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
