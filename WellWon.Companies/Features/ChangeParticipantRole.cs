using FluentValidation;
using Mediator;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies.Features;

/// <summary>The JSON body of <c>PUT /api/companies/{id}/participants/{userId}/role</c>.</summary>
public sealed record ChangeParticipantRoleRequest(string Role);

/// <summary>An owner or admin gives a participant another role.</summary>
public sealed record ChangeParticipantRole(Guid CompanyId, Guid UserId, string Role, Guid ActorId) : ICommand, IRequireAuthenticatedUser;

public sealed class ChangeParticipantRoleValidator : AbstractValidator<ChangeParticipantRole>
{
    public ChangeParticipantRoleValidator() =>
        RuleFor(x => x.Role).Must(CompanyRoles.IsValid).WithMessage($"'Role' must be one of: {string.Join(", ", CompanyRoles.All)}.");
}

public sealed class ChangeParticipantRoleHandler(CompanyWrites writes, TimeProvider clock) : ICommandHandler<ChangeParticipantRole>
{
    public async ValueTask<Unit> Handle(ChangeParticipantRole command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(
            command.CompanyId,
            company =>
            {
                company.ChangeRole(command.ActorId, command.UserId, CompanyRoles.Parse(command.Role), clock.GetUtcNow());
                return Unit.Value;
            },
            cancellationToken);
}
