using System.Text.Json;
using Npgsql;
using WellWon.Customs.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Customs.ReadModel;

/// <summary>One line of a company's list of declarations.</summary>
public sealed record DeclarationSummary(
    Guid Id,
    string Status,
    string Procedure,
    string? CustomsOffice,
    DateOnly? DeclarationDate,
    string? RegistrationNumber,
    Guid? ShipmentId,
    int ItemCount,
    decimal? CustomsValueRub,
    decimal? PayableRub,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Reads <c>customs.declarations</c>.</summary>
public sealed class DeclarationReader(NpgsqlDataSource db)
{
    public async Task<(DeclarationState State, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT state, version, created_at, updated_at FROM {DeclarationsProjection.LiveTable} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<DeclarationState>(reader.GetString(0), EventTypeRegistry.JsonOptions)!;
        return (state, reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3));
    }

    /// <summary>The company's latest declaration of <paramref name="shipmentId"/> that has a calculation and was neither rejected nor recalled.</summary>
    public async Task<(Guid Id, DeclarationState State)?> LatestCalculatedAsync(Guid companyId, Guid shipmentId, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT id, state FROM {DeclarationsProjection.LiveTable}
            WHERE company_id = $1 AND shipment_id = $2 AND payable_rub IS NOT NULL AND status NOT IN ('rejected', 'recalled')
            ORDER BY updated_at DESC, id DESC
            LIMIT 1
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        select.Parameters.Add(new NpgsqlParameter { Value = shipmentId });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (reader.GetGuid(0), JsonSerializer.Deserialize<DeclarationState>(reader.GetString(1), EventTypeRegistry.JsonOptions)!)
            : null;
    }

    /// <summary>A company's declarations, newest first, optionally of one status.</summary>
    public async Task<IReadOnlyList<DeclarationSummary>> ListAsync(Guid companyId, string? status, int limit, int offset, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT id, status, procedure, customs_office, declaration_date, registration_number, shipment_id, item_count,
                   customs_value_rub, payable_rub, created_at, updated_at
            FROM {DeclarationsProjection.LiveTable}
            WHERE company_id = $1 AND ($2::text IS NULL OR status = $2)
            ORDER BY created_at DESC, id DESC
            LIMIT $3 OFFSET $4
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        select.Parameters.Add(new NpgsqlParameter { Value = limit });
        select.Parameters.Add(new NpgsqlParameter { Value = offset });
        var list = new List<DeclarationSummary>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new DeclarationSummary(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateOnly>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetGuid(6),
                reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetDecimal(8),
                reader.IsDBNull(9) ? null : reader.GetDecimal(9),
                reader.GetFieldValue<DateTimeOffset>(10),
                reader.GetFieldValue<DateTimeOffset>(11)));
        }

        return list;
    }
}
