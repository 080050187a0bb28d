using Mediator;
using WellWon.Companies.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies.Features;

/// <summary>Who participates in the company and as what (<c>GET /api/companies/{id}/participants</c>), for any participant.</summary>
public sealed record ListParticipants(Guid CompanyId, Guid UserId) : IQuery<IReadOnlyList<ParticipantView>>, IRequireAuthenticatedUser;

public sealed class ListParticipantsHandler(ICompanyAccess access, CompanyReader reader) : IQueryHandler<ListParticipants, IReadOnlyList<ParticipantView>>
{
    public async ValueTask<IReadOnlyList<ParticipantView>> Handle(ListParticipants query, CancellationToken cancellationToken)
    {
        await access.RequireAsync(query.UserId, query.CompanyId, CompanyRole.Viewer, cancellationToken);
        return await reader.ParticipantsAsync(query.CompanyId, cancellationToken);
    }
}
