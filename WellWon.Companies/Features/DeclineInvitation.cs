using FluentValidation;
using Mediator;
using WellWon.Companies.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Companies.Features;

/// <summary>The invitee turns the invitation down with its token, signed in with the invited address (as for accepting).</summary>
public sealed record DeclineInvitation(Guid InvitationId, string Token, Guid UserId, string? Email) : ICommand, IRequireAuthenticatedUser;

public sealed class DeclineInvitationValidator : AbstractValidator<DeclineInvitation>
{
    public DeclineInvitationValidator() => RuleFor(x => x.Token).NotEmpty().MaximumLength(200);
}

public sealed class DeclineInvitationHandler(CompanyWrites writes, TimeProvider clock) : ICommandHandler<DeclineInvitation>
{
    public async ValueTask<Unit> Handle(DeclineInvitation command, CancellationToken cancellationToken)
    {
        if (!InvitationToken.TryReadCompany(command.Token, out var companyId))
        {
            throw CompanyErrors.InvitationNotFoundFor(command.InvitationId);
        }

        return await writes.ChangeAsync(
            companyId,
            company =>
            {
                company.DeclineInvitation(command.InvitationId, command.Token, command.UserId, command.Email, clock.GetUtcNow());
                return Unit.Value;
            },
            () => CompanyErrors.InvitationNotFoundFor(command.InvitationId),
            cancellationToken);
    }
}
