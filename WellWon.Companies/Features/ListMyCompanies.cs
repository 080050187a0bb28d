using Mediator;
using WellWon.Companies.ReadModel;
using WellWon.Platform.Mediator;

namespace WellWon.Companies.Features;

/// <summary>The companies the signed-in user participates in, with their role in each (<c>GET /api/companies</c>).</summary>
public sealed record ListMyCompanies(Guid UserId) : IQuery<IReadOnlyList<MyCompany>>, IRequireAuthenticatedUser;

public sealed class ListMyCompaniesHandler(CompanyReader reader) : IQueryHandler<ListMyCompanies, IReadOnlyList<MyCompany>>
{
    public async ValueTask<IReadOnlyList<MyCompany>> Handle(ListMyCompanies query, CancellationToken cancellationToken) =>
        await reader.CompaniesOfAsync(query.UserId, cancellationToken);
}
