using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>A member removes a leg before departure: the first or the last, or one whose neighbours meet without it.</summary>
public sealed record RemoveLeg(Guid ShipmentId, Guid LegId, Guid UserId) : ICommand, IRequireAuthenticatedUser;

public sealed class RemoveLegHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<RemoveLeg>
{
    public async ValueTask<Unit> Handle(RemoveLeg command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.RemoveLeg(command.LegId, command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
