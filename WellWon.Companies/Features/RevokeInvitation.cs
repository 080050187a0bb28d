using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Companies.Features;

/// <summary>An owner or admin withdraws a pending invitation (<c>DELETE /api/companies/{id}/invitations/{invitationId}</c>).</summary>
public sealed record RevokeInvitation(Guid CompanyId, Guid InvitationId, Guid ActorId) : ICommand, IRequireAuthenticatedUser;

public sealed class RevokeInvitationHandler(CompanyWrites writes, TimeProvider clock) : ICommandHandler<RevokeInvitation>
{
    public async ValueTask<Unit> Handle(RevokeInvitation command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(
            command.CompanyId,
            company =>
            {
                company.RevokeInvitation(command.ActorId, command.InvitationId, clock.GetUtcNow());
                return Unit.Value;
            },
            cancellationToken);
}
