using Mediator;
using WellWon.Companies.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies.Features;

/// <summary>One company, for its participants only (<c>GET /api/companies/{id}</c>); anyone else is told it does not exist.</summary>
public sealed record GetCompany(Guid CompanyId, Guid UserId) : IQuery<CompanyView>, IRequireAuthenticatedUser;

public sealed class GetCompanyHandler(ICompanyAccess access, CompanyReader reader) : IQueryHandler<GetCompany, CompanyView>
{
    public async ValueTask<CompanyView> Handle(GetCompany query, CancellationToken cancellationToken)
    {
        var role = await access.RequireAsync(query.UserId, query.CompanyId, CompanyRole.Viewer, cancellationToken);
        var company = await reader.GetAsync(query.CompanyId, cancellationToken) ?? throw CompanyAccessExtensions.CompanyNotFound(query.CompanyId);
        return company with { MyRole = CompanyRoles.NameOf(role) };
    }
}
