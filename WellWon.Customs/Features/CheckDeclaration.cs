using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>A member checks a draft for completeness (<c>POST /api/customs/declarations/{id}/check</c>); a gap is 400 naming its field.</summary>
public sealed record CheckDeclaration(Guid DeclarationId, Guid UserId) : ICommand, IRequireAuthenticatedUser;

public sealed class CheckDeclarationHandler(DeclarationWrites writes, TimeProvider clock) : ICommandHandler<CheckDeclaration>
{
    public async ValueTask<Unit> Handle(CheckDeclaration command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, declaration =>
        {
            declaration.Check(command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
