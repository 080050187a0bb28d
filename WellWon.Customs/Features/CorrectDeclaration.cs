using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>The JSON body of <c>POST /api/customs/declarations/{id}/corrections</c>: the whole content as corrected, and why.</summary>
public sealed record CorrectDeclarationRequest(HeaderInput? Header, IReadOnlyList<CorrectedItemInput>? Items, IReadOnlyList<CostInput>? Costs, string? Reason);

/// <summary>An item of a correction: its id when it was in the declaration already, none for a new one.</summary>
public sealed record CorrectedItemInput(Guid? Id, GoodsItemInput Item);

/// <summary>A member corrects a registered or released declaration (КДТ); the one way it changes after registration.</summary>
public sealed record CorrectDeclaration(Guid DeclarationId, Guid UserId, CorrectDeclarationRequest Correction) : ICommand, IRequireAuthenticatedUser;

public sealed class CorrectDeclarationHandler(DeclarationWrites writes, TimeProvider clock) : ICommandHandler<CorrectDeclaration>
{
    public async ValueTask<Unit> Handle(CorrectDeclaration command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, declaration =>
        {
            var c = command.Correction;
            declaration.Correct(
                DeclarationInputs.Header(c.Header ?? new HeaderInput(declaration.State.Header.Procedure)),
                [.. (c.Items ?? []).Select(i => DeclarationInputs.Item(i.Item, i.Id ?? Guid.CreateVersion7()))],
                DeclarationInputs.Costs(c.Costs),
                c.Reason ?? string.Empty,
                command.UserId,
                clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
