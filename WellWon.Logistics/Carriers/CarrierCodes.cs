using Npgsql;

namespace WellWon.Logistics.Carriers;

/// <summary>
/// The codes a company's active carriers hold, in <c>logistics.carrier_codes</c> (write side): a code is reserved before its
/// carrier is registered and given back when it retires, so two carriers of a company never share a code.
/// </summary>
public sealed class CarrierCodes(NpgsqlDataSource db)
{
    public const string Table = """
        CREATE TABLE logistics.carrier_codes (
            company_id uuid NOT NULL,
            code       text NOT NULL,
            carrier_id uuid NOT NULL UNIQUE,
            PRIMARY KEY (company_id, code)
        );
        """;

    /// <summary>True when the code is now (or already was) the carrier's; false when another carrier of the company holds it.</summary>
    public async Task<bool> ReserveAsync(Guid companyId, string code, Guid carrierId, CancellationToken ct)
    {
        await using var insert = db.CreateCommand("""
            INSERT INTO logistics.carrier_codes (company_id, code, carrier_id) VALUES ($1, $2, $3)
            ON CONFLICT (company_id, code) DO NOTHING
            RETURNING carrier_id
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = companyId });
        insert.Parameters.Add(new NpgsqlParameter { Value = code });
        insert.Parameters.Add(new NpgsqlParameter { Value = carrierId });
        if (await insert.ExecuteScalarAsync(ct) is Guid)
        {
            return true;
        }

        await using var select = db.CreateCommand("SELECT carrier_id FROM logistics.carrier_codes WHERE company_id = $1 AND code = $2");
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        select.Parameters.Add(new NpgsqlParameter { Value = code });
        return await select.ExecuteScalarAsync(ct) is Guid holder && holder == carrierId;
    }

    public async Task ReleaseAsync(Guid carrierId, CancellationToken ct)
    {
        await using var delete = db.CreateCommand("DELETE FROM logistics.carrier_codes WHERE carrier_id = $1");
        delete.Parameters.Add(new NpgsqlParameter { Value = carrierId });
        await delete.ExecuteNonQueryAsync(ct);
    }
}
