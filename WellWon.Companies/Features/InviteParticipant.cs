using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Companies.Domain;
using WellWon.Companies.Invitations;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies.Features;

/// <summary>The JSON body of <c>POST /api/companies/{id}/invitations</c>.</summary>
public sealed record InviteParticipantRequest(string Email, string Role);

/// <summary>An owner or admin invites an e-mail address to join as <see cref="Role"/>.</summary>
public sealed record InviteParticipant(Guid CompanyId, Guid ActorId, string Email, string Role) : ICommand<IssuedInvitation>, IRequireAuthenticatedUser;

/// <summary>The new invitation and its token, which is also sent to the invitee; it is shown this once and stored only as a hash.</summary>
public sealed record IssuedInvitation(Guid Id, string Token, DateTimeOffset ExpiresAt);

public sealed class InviteParticipantValidator : AbstractValidator<InviteParticipant>
{
    public InviteParticipantValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(EmailAddress.MaxLength)
            .Must(e => EmailAddress.Normalize(e) is not null).WithMessage("'Email' is not a valid e-mail address.");
        RuleFor(x => x.Role).Must(CompanyRoles.IsValid).WithMessage($"'Role' must be one of: {string.Join(", ", CompanyRoles.All)}.");
    }
}

public sealed partial class InviteParticipantHandler(
    CompanyWrites writes,
    IInvitationSender sender,
    IOptions<CompaniesOptions> options,
    TimeProvider clock,
    ILogger<InviteParticipantHandler> logger) : ICommandHandler<InviteParticipant, IssuedInvitation>
{
    public async ValueTask<IssuedInvitation> Handle(InviteParticipant command, CancellationToken cancellationToken)
    {
        var invitationId = Guid.CreateVersion7();
        var token = InvitationToken.Issue(command.CompanyId);
        var now = clock.GetUtcNow();
        var expiresAt = now + options.Value.InvitationLifetime;
        var companyName = await writes.ChangeAsync(
            command.CompanyId,
            company =>
            {
                company.Invite(command.ActorId, invitationId, command.Email, CompanyRoles.Parse(command.Role), InvitationToken.Hash(token), expiresAt, now);
                return company.State.Name;
            },
            cancellationToken);

        try
        {
            await sender.SendAsync(
                new InvitationMessage(EmailAddress.Normalize(command.Email)!, command.CompanyId, companyName, command.Role, invitationId, token, expiresAt),
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The invitation stands and the inviter holds the token; a lost mail must not undo it.
            LogSendFailed(logger, e, invitationId);
        }

        return new IssuedInvitation(invitationId, token, expiresAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invitation {InvitationId} is issued but could not be sent")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, Guid invitationId);
}
