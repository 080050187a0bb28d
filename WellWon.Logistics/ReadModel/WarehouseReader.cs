using System.Text.Json;
using Npgsql;
using WellWon.Logistics.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.ReadModel;

public sealed record WarehouseSummary(Guid Id, Guid CompanyId, string Name, string UnLocode, DateTimeOffset CreatedAt, long Version);

/// <summary>Packages of a cargo line at a location of a warehouse; <see cref="Location"/> null is received and not yet put away.</summary>
public sealed record StockEntry(Guid WarehouseId, Guid ShipmentId, Guid CargoLineId, string? Location, int Quantity);

/// <summary>Reads <c>logistics.warehouses</c> and <c>logistics.warehouse_stock</c>.</summary>
public sealed class WarehouseReader(NpgsqlDataSource db)
{
    public async Task<(WarehouseState State, long Version)?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT state, version FROM logistics.warehouses WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return (JsonSerializer.Deserialize<WarehouseState>(reader.GetString(0), EventTypeRegistry.JsonOptions)!, reader.GetInt64(1));
    }

    public async Task<IReadOnlyList<WarehouseSummary>> ListAsync(Guid companyId, CancellationToken ct)
    {
        await using var select = db.CreateCommand(
            "SELECT id, company_id, name, unlocode, created_at, version FROM logistics.warehouses WHERE company_id = $1 ORDER BY name, id");
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        await using var reader = await select.ExecuteReaderAsync(ct);
        var list = new List<WarehouseSummary>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(new(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt64(5)));
        }

        return list;
    }

    /// <summary>The stock (packages above zero) of a warehouse, or of a shipment in its company's warehouses.</summary>
    public async Task<IReadOnlyList<StockEntry>> StockAsync(Guid? warehouseId, Guid? shipmentId, Guid companyId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("""
            SELECT warehouse_id, shipment_id, cargo_line_id, location, quantity FROM logistics.warehouse_stock
            WHERE company_id = $1 AND quantity > 0 AND ($2::uuid IS NULL OR warehouse_id = $2) AND ($3::uuid IS NULL OR shipment_id = $3)
            ORDER BY warehouse_id, shipment_id, cargo_line_id, location
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)warehouseId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)shipmentId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        await using var reader = await select.ExecuteReaderAsync(ct);
        var list = new List<StockEntry>();
        while (await reader.ReadAsync(ct))
        {
            var location = reader.GetString(3);
            list.Add(new(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), location.Length == 0 ? null : location, reader.GetInt32(4)));
        }

        return list;
    }
}
