using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>A member submits a checked, calculated declaration to customs (<c>POST /api/customs/declarations/{id}/submit</c>).</summary>
public sealed record SubmitDeclaration(Guid DeclarationId, Guid UserId) : ICommand, IRequireAuthenticatedUser;

public sealed class SubmitDeclarationHandler(DeclarationWrites writes, TimeProvider clock) : ICommandHandler<SubmitDeclaration>
{
    public async ValueTask<Unit> Handle(SubmitDeclaration command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, declaration =>
        {
            declaration.Submit(command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
