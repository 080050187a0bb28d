using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>A member removes the shipment's reference to a document (the document itself stays in Documents).</summary>
public sealed record DetachDocument(Guid ShipmentId, Guid DocumentId, Guid UserId) : ICommand, IRequireAuthenticatedUser;

public sealed class DetachDocumentHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<DetachDocument>
{
    public async ValueTask<Unit> Handle(DetachDocument command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.DetachDocument(command.DocumentId, command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
