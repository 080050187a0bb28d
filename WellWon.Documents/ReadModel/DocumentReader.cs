using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Documents.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Documents.ReadModel;

/// <summary>One line of a company's list of documents.</summary>
public sealed record DocumentSummary(
    Guid Id,
    string Type,
    string Title,
    int LatestVersion,
    string? Status,
    IReadOnlyList<Guid> ShipmentIds,
    IReadOnlyList<Guid> DeclarationIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Reads <c>documents.documents</c>; erased documents are not there for anyone.</summary>
public sealed class DocumentReader(NpgsqlDataSource db)
{
    public async Task<(DocumentState State, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT state, version, created_at, updated_at FROM {DocumentsProjection.LiveTable} WHERE id = $1 AND NOT erased");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<DocumentState>(reader.GetString(0), EventTypeRegistry.JsonOptions)!;
        return (state, reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3));
    }

    /// <summary>A company's documents, newest first, optionally only those linked to a shipment or a declaration, or of one type.</summary>
    public async Task<IReadOnlyList<DocumentSummary>> ListAsync(Guid companyId, Guid? shipmentId, Guid? declarationId, string? type, int limit, int offset, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT id, type, title, latest_version, status, shipment_ids, declaration_ids, created_at, updated_at
            FROM {DocumentsProjection.LiveTable}
            WHERE company_id = $1 AND NOT erased
              AND ($2::uuid IS NULL OR shipment_ids @> ARRAY[$2::uuid])
              AND ($3::uuid IS NULL OR declaration_ids @> ARRAY[$3::uuid])
              AND ($4::text IS NULL OR type = $4)
            ORDER BY created_at DESC, id DESC
            LIMIT $5 OFFSET $6
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)shipmentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)declarationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)type ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        select.Parameters.Add(new NpgsqlParameter { Value = limit });
        select.Parameters.Add(new NpgsqlParameter { Value = offset });
        var list = new List<DocumentSummary>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new DocumentSummary(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<Guid[]>(5), reader.GetFieldValue<Guid[]>(6),
                reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return list;
    }
}
