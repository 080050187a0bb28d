using Mediator;
using WellWon.Customs.Domain;
using WellWon.Customs.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Customs.Features;

/// <summary>One declaration (<c>GET /api/customs/declarations/{id}</c>) for its company's participants (viewers included); anyone else gets 404.</summary>
public sealed record GetDeclaration(Guid DeclarationId, Guid UserId) : IQuery<DeclarationView>, IRequireAuthenticatedUser;

public sealed class GetDeclarationHandler(DeclarationReader reader, ICompanyAccess access) : IQueryHandler<GetDeclaration, DeclarationView>
{
    public async ValueTask<DeclarationView> Handle(GetDeclaration query, CancellationToken cancellationToken)
    {
        var (state, version, createdAt, updatedAt) = await reader.GetAsync(query.DeclarationId, cancellationToken)
            ?? throw CustomsErrors.DeclarationNotFound(query.DeclarationId);
        await DeclarationWrites.RequireAsync(access, query.UserId, state.CompanyId, query.DeclarationId, CompanyRole.Viewer, cancellationToken);
        return DeclarationView.From(query.DeclarationId, state, version, createdAt, updatedAt);
    }
}
