using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Documents.Reading.Corpus;
using WellWon.Documents.Reading.Templates;

namespace WellWon.Documents.Features;

/// <summary><c>documents.supplier_templates</c>: each company's supplier layouts learned from its reviews, keyed by the supplier's name in canonical form.</summary>
public sealed class SupplierTemplates(NpgsqlDataSource db)
{
    public static string KeyOf(string supplier) => WellWon.Documents.Reading.Extraction.Text.Canonical(supplier);

    public async Task<IReadOnlyList<SupplierTemplate>> ForCompanyAsync(Guid companyId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT template FROM documents.supplier_templates WHERE company_id = $1 ORDER BY supplier_key");
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        var templates = new List<SupplierTemplate>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            templates.Add(JsonSerializer.Deserialize(reader.GetString(0), TemplateJson.Default.SupplierTemplate)!);
        }

        return templates;
    }

    public async Task<SupplierTemplate?> FindAsync(Guid companyId, string supplier, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT template FROM documents.supplier_templates WHERE company_id = $1 AND supplier_key = $2");
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        select.Parameters.Add(new NpgsqlParameter { Value = KeyOf(supplier) });
        return await select.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize(json, TemplateJson.Default.SupplierTemplate) : null;
    }

    public async Task SaveAsync(Guid companyId, SupplierTemplate template, DateTimeOffset at, CancellationToken ct)
    {
        await using var upsert = db.CreateCommand("""
            INSERT INTO documents.supplier_templates (company_id, supplier_key, template, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (company_id, supplier_key) DO UPDATE SET template = excluded.template, updated_at = excluded.updated_at
            """);
        upsert.Parameters.Add(new NpgsqlParameter { Value = companyId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = KeyOf(template.Supplier) });
        upsert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(template, TemplateJson.Default.SupplierTemplate), NpgsqlDbType = NpgsqlDbType.Jsonb });
        upsert.Parameters.Add(new NpgsqlParameter { Value = at });
        await upsert.ExecuteNonQueryAsync(ct);
    }
}
