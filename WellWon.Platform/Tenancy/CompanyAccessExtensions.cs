using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Platform.Tenancy;

/// <summary>
/// The tenant check every company-scoped handler starts with:
/// <c>var role = await access.RequireAsync(userId, companyId, CompanyRole.Member, ct);</c>
/// A caller who is not a participant gets the same 404 as for a company that does not exist; a participant whose role is
/// too weak gets 403.
/// </summary>
public static class CompanyAccessExtensions
{
    /// <summary>The code of the 404 for "no such company, or not yours" (one answer for both, so nobody can probe for companies).</summary>
    public const string CompanyNotFoundCode = "companies.company-not-found";

    /// <summary>The one not-found answer about a company, identical whether it does not exist or the caller is not in it.</summary>
    public static NotFoundException CompanyNotFound(Guid companyId) =>
        new(CompanyNotFoundCode, $"Company {companyId} does not exist.");

    /// <summary>The 403 for a participant whose role is below <paramref name="atLeast"/>.</summary>
    public static ForbiddenException RoleTooWeak(CompanyRole atLeast) =>
        new($"This needs the company role '{CompanyRoles.NameOf(atLeast)}' or higher.");

    /// <summary>
    /// The caller's role in the company when it is at least <paramref name="atLeast"/>; otherwise <see cref="NotFoundException"/>
    /// (404) for a non-participant, <see cref="ForbiddenException"/> (403) for a participant with a weaker role.
    /// </summary>
    public static async ValueTask<CompanyRole> RequireAsync(this ICompanyAccess access, Guid userId, Guid companyId, CompanyRole atLeast, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(access);
        var role = await access.RoleOfAsync(userId, companyId, ct) ?? throw CompanyNotFound(companyId);
        return role >= atLeast ? role : throw RoleTooWeak(atLeast);
    }

    /// <summary>Whether the user participates in the company at all (any role).</summary>
    public static async ValueTask<bool> IsParticipantAsync(this ICompanyAccess access, Guid userId, Guid companyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(access);
        return await access.RoleOfAsync(userId, companyId, ct) is not null;
    }
}
