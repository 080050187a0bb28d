using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Companies.Features;

/// <summary>
/// An owner or admin removes a participant, or a participant leaves (<see cref="UserId"/> = <see cref="ActorId"/>)
/// (<c>DELETE /api/companies/{id}/participants/{userId}</c>). Access ends when the participants projection (sync) applies it, before the answer.
/// </summary>
public sealed record RemoveParticipant(Guid CompanyId, Guid UserId, Guid ActorId) : ICommand, IRequireAuthenticatedUser;

public sealed class RemoveParticipantHandler(CompanyWrites writes, TimeProvider clock) : ICommandHandler<RemoveParticipant>
{
    public async ValueTask<Unit> Handle(RemoveParticipant command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(
            command.CompanyId,
            company =>
            {
                company.RemoveParticipant(command.ActorId, command.UserId, clock.GetUtcNow());
                return Unit.Value;
            },
            cancellationToken);
}
