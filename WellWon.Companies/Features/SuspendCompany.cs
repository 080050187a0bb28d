using FluentValidation;
using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Companies.Features;

/// <summary>The JSON body of <c>POST /api/companies/{id}/suspend</c>.</summary>
public sealed record SuspendCompanyRequest(string? Reason = null);

/// <summary>A WellWon administrator freezes a company (<c>POST /api/companies/{id}/suspend</c>); its participants keep reading.</summary>
[RequireRole(StaffRoles.Admin)]
public sealed record SuspendCompany(Guid CompanyId, Guid StaffId, string? Reason) : ICommand;

public sealed class SuspendCompanyValidator : AbstractValidator<SuspendCompany>
{
    public SuspendCompanyValidator() => RuleFor(x => x.Reason).MaximumLength(1000);
}

public sealed class SuspendCompanyHandler(CompanyWrites writes, TimeProvider clock) : ICommandHandler<SuspendCompany>
{
    public async ValueTask<Unit> Handle(SuspendCompany command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(
            command.CompanyId,
            company =>
            {
                company.Suspend(command.StaffId, command.Reason, clock.GetUtcNow());
                return Unit.Value;
            },
            cancellationToken);
}

/// <summary>WellWon's user types that act on companies from outside them; Identity owns the names (its <c>user_type</c> claim).</summary>
public static class StaffRoles
{
    public const string Admin = "ww_admin";
}
