using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

public sealed record ReleasedGoods(Guid Id);

/// <summary>
/// A member releases packages of a cargo line from a location (<c>POST /api/warehouses/{id}/releases</c>); more than the location
/// holds is refused (422 <c>logistics.release-exceeds-stock</c>).
/// </summary>
public sealed record ReleaseGoods(Guid WarehouseId, Guid UserId, StockMoveRequest Move) : ICommand<ReleasedGoods>, IRequireAuthenticatedUser;

public sealed class ReleaseGoodsValidator : AbstractValidator<ReleaseGoods>
{
    public ReleaseGoodsValidator()
    {
        RuleFor(x => x.Move.ShipmentId).NotEmpty().OverridePropertyName("shipmentId");
        RuleFor(x => x.Move.CargoLineId).NotEmpty().OverridePropertyName("cargoLineId");
        RuleFor(x => x).Custom((command, context) => ShipmentInputs.Report(context, StockMoves.Violations(command.Move)));
    }
}

public sealed class ReleaseGoodsHandler(WarehouseWrites writes, TimeProvider clock) : ICommandHandler<ReleaseGoods, ReleasedGoods>
{
    public async ValueTask<ReleasedGoods> Handle(ReleaseGoods command, CancellationToken cancellationToken)
    {
        var m = command.Move;
        var id = Guid.CreateVersion7();
        await writes.ChangeAsync(command.WarehouseId, command.UserId, warehouse =>
        {
            warehouse.Release(id, m.ShipmentId, m.CargoLineId, Warehouse.NormalizeLocation(m.Location), m.Packages, command.UserId, clock.GetUtcNow());
            return Task.FromResult(id);
        }, cancellationToken);
        return new ReleasedGoods(id);
    }
}
