using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Companies.Features;

/// <summary>An owner archives the company (<c>POST /api/companies/{id}/archive</c>); it stays readable and changes no more.</summary>
public sealed record ArchiveCompany(Guid CompanyId, Guid ActorId) : ICommand, IRequireAuthenticatedUser;

public sealed class ArchiveCompanyHandler(CompanyWrites writes, TimeProvider clock) : ICommandHandler<ArchiveCompany>
{
    public async ValueTask<Unit> Handle(ArchiveCompany command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(
            command.CompanyId,
            company =>
            {
                company.Archive(command.ActorId, clock.GetUtcNow());
                return Unit.Value;
            },
            cancellationToken);
}
