using Npgsql;
using WellWon.Logistics.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Projections;

namespace WellWon.Logistics.ReadModel;

/// <summary>
/// <c>logistics.warehouse_stock</c>: packages per warehouse, shipment, cargo line and location ("" = received, not put away). An
/// event of version v folds the warehouse's stream up to v and writes every stock line with v, over rows of an older version only.
/// A warehouse's stock lines are never dropped from its state (an emptied one stays at 0), so the set of rows only grows with the
/// version: an older event redelivered late finds every one of its rows newer and changes nothing; any order gives the same rows.
/// </summary>
[SyncProjection] // a release is followed by a look at the stock
public sealed class WarehouseStockProjection(NpgsqlDataSource db, WarehouseHistory history) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("logistics", "warehouse_stock");

    public string Name => "logistics.warehouse-stock";

    public IReadOnlySet<string> EventTypes => WarehousesProjection.WarehouseEvents;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            warehouse_id  uuid    NOT NULL,
            shipment_id   uuid    NOT NULL,
            cargo_line_id uuid    NOT NULL,
            location      text    NOT NULL,
            company_id    uuid    NOT NULL,
            quantity      integer NOT NULL CHECK (quantity >= 0),
            version       bigint  NOT NULL,
            CONSTRAINT {table.Index("pkey")} PRIMARY KEY (warehouse_id, shipment_id, cargo_line_id, location)
        );
        CREATE INDEX {table.Index("by_shipment")} ON {table} (shipment_id, cargo_line_id);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        var id = LogisticsEventTypes.ShipmentIdOf(e.StreamId);
        var state = await history.ReadAsync(id, e.StreamVersion, ct);
        if (!state.Exists || state.Stock.IsEmpty)
        {
            return;
        }

        await using var batch = db.CreateBatch();
        foreach (var line in state.Stock)
        {
            var upsert = new NpgsqlBatchCommand($"""
                INSERT INTO {table} AS t (warehouse_id, shipment_id, cargo_line_id, location, company_id, quantity, version)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (warehouse_id, shipment_id, cargo_line_id, location) DO UPDATE SET quantity = excluded.quantity, version = excluded.version
                WHERE t.version < excluded.version
                """);
            upsert.Parameters.Add(new NpgsqlParameter { Value = id });
            upsert.Parameters.Add(new NpgsqlParameter { Value = line.ShipmentId });
            upsert.Parameters.Add(new NpgsqlParameter { Value = line.CargoLineId });
            upsert.Parameters.Add(new NpgsqlParameter { Value = line.Location });
            upsert.Parameters.Add(new NpgsqlParameter { Value = state.CompanyId });
            upsert.Parameters.Add(new NpgsqlParameter { Value = line.Quantity });
            upsert.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
            batch.BatchCommands.Add(upsert);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }
}
