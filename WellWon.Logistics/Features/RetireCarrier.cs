using Mediator;
using WellWon.Logistics.Carriers;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>A manager retires a carrier: its shipments are no longer tracked through it and its code is free for another carrier.</summary>
public sealed record RetireCarrier(Guid CarrierId, Guid UserId) : ICommand, IRequireAuthenticatedUser;

public sealed class RetireCarrierHandler(CarrierWrites writes, CarrierCodes codes, TimeProvider clock) : ICommandHandler<RetireCarrier>
{
    public async ValueTask<Unit> Handle(RetireCarrier command, CancellationToken cancellationToken)
    {
        await writes.ChangeAsync(command.CarrierId, command.UserId, carrier => carrier.Retire(command.UserId, clock.GetUtcNow()), cancellationToken);
        await codes.ReleaseAsync(command.CarrierId, cancellationToken);
        return Unit.Value;
    }
}
