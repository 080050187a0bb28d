using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>A member withdraws a submitted or registered declaration before release (<c>POST /api/customs/declarations/{id}/recall</c>).</summary>
public sealed record RecallDeclaration(Guid DeclarationId, Guid UserId, string? Reason) : ICommand, IRequireAuthenticatedUser;

public sealed class RecallDeclarationHandler(DeclarationWrites writes, TimeProvider clock) : ICommandHandler<RecallDeclaration>
{
    public async ValueTask<Unit> Handle(RecallDeclaration command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, declaration =>
        {
            declaration.Recall(command.Reason ?? string.Empty, command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
