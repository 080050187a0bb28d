using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>The body of a put-away or a release: packages of a cargo line and the location they go to or leave from.</summary>
public sealed record StockMoveRequest(Guid ShipmentId, Guid CargoLineId, string? Location, int Packages);

/// <summary>A member puts received packages away to a location (<c>POST /api/warehouses/{id}/put-away</c>).</summary>
public sealed record PutAwayGoods(Guid WarehouseId, Guid UserId, StockMoveRequest Move) : ICommand, IRequireAuthenticatedUser;

public sealed class PutAwayGoodsValidator : AbstractValidator<PutAwayGoods>
{
    public PutAwayGoodsValidator()
    {
        RuleFor(x => x.Move.ShipmentId).NotEmpty().OverridePropertyName("shipmentId");
        RuleFor(x => x.Move.CargoLineId).NotEmpty().OverridePropertyName("cargoLineId");
        RuleFor(x => x).Custom((command, context) => ShipmentInputs.Report(context, StockMoves.Violations(command.Move)));
    }
}

/// <summary>The shape rules of a put-away or a release, named as the body names them.</summary>
public static class StockMoves
{
    public static IEnumerable<RuleViolation> Violations(StockMoveRequest move) => new[]
    {
        Warehouse.CheckLocationCode(Warehouse.NormalizeLocation(move.Location), "location"),
        Warehouse.CheckQuantity(move.Packages, "packages", zeroAllowed: false),
    }.OfType<RuleViolation>();
}

public sealed class PutAwayGoodsHandler(WarehouseWrites writes, TimeProvider clock) : ICommandHandler<PutAwayGoods>
{
    public async ValueTask<Unit> Handle(PutAwayGoods command, CancellationToken cancellationToken)
    {
        var m = command.Move;
        return await writes.ChangeAsync(command.WarehouseId, command.UserId, warehouse =>
        {
            warehouse.PutAway(m.ShipmentId, m.CargoLineId, Warehouse.NormalizeLocation(m.Location), m.Packages, command.UserId, clock.GetUtcNow());
            return Task.FromResult(Unit.Value);
        }, cancellationToken);
    }
}
