using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Companies.Features;

/// <summary>A WellWon administrator lifts a suspension (<c>POST /api/companies/{id}/reactivate</c>).</summary>
[RequireRole(StaffRoles.Admin)]
public sealed record ReactivateCompany(Guid CompanyId, Guid StaffId) : ICommand;

public sealed class ReactivateCompanyHandler(CompanyWrites writes, TimeProvider clock) : ICommandHandler<ReactivateCompany>
{
    public async ValueTask<Unit> Handle(ReactivateCompany command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(
            command.CompanyId,
            company =>
            {
                company.Reactivate(command.StaffId, clock.GetUtcNow());
                return Unit.Value;
            },
            cancellationToken);
}
