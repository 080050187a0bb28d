using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>A member removes a cargo line before departure; a booking keeps at least one.</summary>
public sealed record RemoveCargoLine(Guid ShipmentId, Guid LineId, Guid UserId) : ICommand, IRequireAuthenticatedUser;

public sealed class RemoveCargoLineHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<RemoveCargoLine>
{
    public async ValueTask<Unit> Handle(RemoveCargoLine command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.RemoveCargoLine(command.LineId, command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
