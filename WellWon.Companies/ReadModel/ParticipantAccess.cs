using Npgsql;
using WellWon.Platform.RealTime;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies.ReadModel;

/// <summary>
/// The tenant check of every context (<see cref="ICompanyAccess"/>) and of the real-time hub (<see cref="ICompanyMembership"/>),
/// answered from <c>companies.participants</c> by primary key, uncached: a removal applied there denies the next request.
/// An archived or suspended company still answers its participants' roles (they may read); refusing changes is the aggregate's job.
/// </summary>
public sealed class ParticipantAccess(NpgsqlDataSource db) : ICompanyAccess, ICompanyMembership
{
    public async ValueTask<CompanyRole?> RoleOfAsync(Guid userId, Guid companyId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT role FROM companies.participants WHERE company_id = $1 AND user_id = $2 AND NOT removed");
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        select.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await select.ExecuteScalarAsync(ct) is string name && CompanyRoles.TryParse(name, out var role) ? role : null;
    }

    public async ValueTask<bool> IsParticipantAsync(Guid userId, Guid companyId, CancellationToken ct) =>
        await RoleOfAsync(userId, companyId, ct) is not null;
}
