using System.Text.Json;
using Npgsql;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.ReadModel;

/// <summary>
/// A carrier as the API answers it (JSON camelCase). <see cref="HasCredentials"/> says whether an API key is stored, never what it is;
/// <see cref="BuiltIn"/> carriers come from configuration, are offered to every company and are not editable.
/// </summary>
public sealed record CarrierView(
    Guid Id,
    Guid? CompanyId,
    string Code,
    string Name,
    IReadOnlyList<string> Modes,
    CarrierTracking Tracking,
    bool HasCredentials,
    bool Retired,
    bool BuiltIn,
    long Version,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);

public sealed record CarrierList(IReadOnlyList<CarrierView> Items);

/// <summary>Company carriers from <c>logistics.carriers</c>, with whether their credentials are stored.</summary>
public sealed class CarrierReader(NpgsqlDataSource db)
{
    private const string Select = """
        SELECT c.id, c.version, c.state, k.carrier_id IS NOT NULL
        FROM logistics.carriers c LEFT JOIN logistics.carrier_credentials k ON k.carrier_id = c.id
        """;

    public async Task<CarrierView?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"{Select} WHERE c.id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAsync(select, ct)).FirstOrDefault();
    }

    /// <summary>The company's carriers by code, retired ones included.</summary>
    public async Task<IReadOnlyList<CarrierView>> ListAsync(Guid companyId, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"{Select} WHERE c.company_id = $1 ORDER BY c.code, c.id");
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        return await ReadAsync(select, ct);
    }

    private static async Task<List<CarrierView>> ReadAsync(NpgsqlCommand select, CancellationToken ct)
    {
        var items = new List<CarrierView>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var s = JsonSerializer.Deserialize<CarrierState>(reader.GetString(2), EventTypeRegistry.JsonOptions)!;
            items.Add(new CarrierView(reader.GetGuid(0), s.CompanyId, s.Code, s.Name, s.Modes, s.Tracking, reader.GetBoolean(3) || s.HasCredentials,
                s.Retired, BuiltIn: false, reader.GetInt64(1), s.CreatedAt, s.UpdatedAt));
        }

        return items;
    }
}
