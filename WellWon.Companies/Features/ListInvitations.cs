using Mediator;
using WellWon.Companies.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies.Features;

/// <summary>The company's invitations, newest first, for owners and admins (<c>GET /api/companies/{id}/invitations</c>).</summary>
public sealed record ListInvitations(Guid CompanyId, Guid UserId) : IQuery<IReadOnlyList<InvitationView>>, IRequireAuthenticatedUser;

public sealed class ListInvitationsHandler(ICompanyAccess access, CompanyReader reader, TimeProvider clock)
    : IQueryHandler<ListInvitations, IReadOnlyList<InvitationView>>
{
    public async ValueTask<IReadOnlyList<InvitationView>> Handle(ListInvitations query, CancellationToken cancellationToken)
    {
        await access.RequireAsync(query.UserId, query.CompanyId, CompanyRole.Admin, cancellationToken);
        return await reader.InvitationsAsync(query.CompanyId, clock.GetUtcNow(), cancellationToken);
    }
}
