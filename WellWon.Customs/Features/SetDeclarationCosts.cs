using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>The JSON body of <c>PUT /api/customs/declarations/{id}/costs</c>: the consignment's costs, the whole list.</summary>
public sealed record SetDeclarationCostsRequest(IReadOnlyList<CostInput>? Costs);

/// <summary>A member replaces the costs (freight, insurance, loading to the border; post-border costs in the price).</summary>
public sealed record SetDeclarationCosts(Guid DeclarationId, Guid UserId, IReadOnlyList<CostInput>? Costs) : ICommand, IRequireAuthenticatedUser;

public sealed class SetDeclarationCostsHandler(DeclarationWrites writes, TimeProvider clock) : ICommandHandler<SetDeclarationCosts>
{
    public async ValueTask<Unit> Handle(SetDeclarationCosts command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, declaration =>
        {
            declaration.SetCosts(DeclarationInputs.Costs(command.Costs), command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
