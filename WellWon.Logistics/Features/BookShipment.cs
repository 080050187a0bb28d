using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>A member books a draft (<c>POST /api/shipments/{id}/book</c>); it needs a route and cargo. The company's shipment chat follows.</summary>
public sealed record BookShipment(Guid ShipmentId, Guid UserId) : ICommand, IRequireAuthenticatedUser;

public sealed class BookShipmentHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<BookShipment>
{
    public async ValueTask<Unit> Handle(BookShipment command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromShipment, shipment =>
        {
            shipment.Book(Guid.CreateVersion7(), command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
