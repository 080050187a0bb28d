using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>A member removes a container before departure (<c>DELETE /api/shipments/{id}/containers/{number}</c>).</summary>
public sealed record RemoveContainer(Guid ShipmentId, string Number, Guid UserId) : ICommand, IRequireAuthenticatedUser;

public sealed class RemoveContainerHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<RemoveContainer>
{
    public async ValueTask<Unit> Handle(RemoveContainer command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.RemoveContainer(ContainerNumber.Normalize(command.Number), command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
