using FluentValidation;
using Mediator;
using WellWon.Companies.Domain;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies.Features;

/// <summary>The JSON body of <c>POST /api/companies/invitations/{invitationId}/accept</c> and <c>…/decline</c>.</summary>
public sealed record AnswerInvitationRequest(string Token);

/// <summary>
/// The signed-in user accepts an invitation with its token. <see cref="Email"/> is the account's address from the access
/// token's <c>email</c> claim, which Identity signs; it must be the invited address.
/// </summary>
public sealed record AcceptInvitation(Guid InvitationId, string Token, Guid UserId, string? Email) : ICommand<AcceptedInvitation>, IRequireAuthenticatedUser;

public sealed record AcceptedInvitation(Guid CompanyId, string Role);

public sealed class AcceptInvitationValidator : AbstractValidator<AcceptInvitation>
{
    public AcceptInvitationValidator() => RuleFor(x => x.Token).NotEmpty().MaximumLength(200);
}

public sealed class AcceptInvitationHandler(CompanyWrites writes, TimeProvider clock) : ICommandHandler<AcceptInvitation, AcceptedInvitation>
{
    public async ValueTask<AcceptedInvitation> Handle(AcceptInvitation command, CancellationToken cancellationToken)
    {
        // The token names its company; a token that names none is an invitation that does not exist.
        if (!InvitationToken.TryReadCompany(command.Token, out var companyId))
        {
            throw CompanyErrors.InvitationNotFoundFor(command.InvitationId);
        }

        var role = await writes.ChangeAsync(
            companyId,
            company => company.AcceptInvitation(command.InvitationId, command.Token, command.UserId, command.Email, clock.GetUtcNow()),
            () => CompanyErrors.InvitationNotFoundFor(command.InvitationId),
            cancellationToken);
        return new AcceptedInvitation(companyId, CompanyRoles.NameOf(role));
    }
}
