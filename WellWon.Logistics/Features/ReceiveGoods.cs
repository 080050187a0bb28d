using FluentValidation;
using Mediator;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>The JSON body of <c>POST /api/warehouses/{id}/receipts</c>: what arrived of one cargo line, and what was wrong with it.</summary>
public sealed record ReceiveGoodsRequest(Guid ShipmentId, Guid CargoLineId, int Packages, IReadOnlyList<ReceiptDiscrepancy>? Discrepancies = null);

public sealed record ReceivedGoods(Guid Id);

/// <summary>
/// A member records a goods receipt against a cargo line of a shipment of the warehouse's own company: the shipment is looked up
/// in the logistics read model, and another company's shipment is answered as no shipment (404).
/// </summary>
public sealed record ReceiveGoods(Guid WarehouseId, Guid UserId, ReceiveGoodsRequest Receipt) : ICommand<ReceivedGoods>, IRequireAuthenticatedUser;

public sealed class ReceiveGoodsValidator : AbstractValidator<ReceiveGoods>
{
    public ReceiveGoodsValidator()
    {
        RuleFor(x => x.Receipt.ShipmentId).NotEmpty().OverridePropertyName("shipmentId");
        RuleFor(x => x.Receipt.CargoLineId).NotEmpty().OverridePropertyName("cargoLineId");
        RuleFor(x => x).Custom((command, context) =>
        {
            var r = command.Receipt;
            ShipmentInputs.Report(context, [
                .. Warehouse.CheckQuantity(r.Packages, "packages", zeroAllowed: true) is { } broken ? [broken] : Array.Empty<RuleViolation>(),
                .. (r.Discrepancies ?? []).SelectMany(Warehouse.CheckDiscrepancy)]);
        });
    }
}

public sealed class ReceiveGoodsHandler(WarehouseWrites writes, ShipmentReader shipments, TimeProvider clock) : ICommandHandler<ReceiveGoods, ReceivedGoods>
{
    public async ValueTask<ReceivedGoods> Handle(ReceiveGoods command, CancellationToken cancellationToken)
    {
        var r = command.Receipt;
        var id = Guid.CreateVersion7();
        await writes.ChangeAsync(command.WarehouseId, command.UserId, async warehouse =>
        {
            var shipment = await shipments.GetAsync(r.ShipmentId, cancellationToken);
            if (shipment is not { } found || found.State.CompanyId != warehouse.State.CompanyId)
            {
                throw ShipmentErrors.ShipmentNotFound(r.ShipmentId);
            }

            var line = found.State.Cargo.FirstOrDefault(l => l.Id == r.CargoLineId)
                ?? throw new WellWon.Platform.Kernel.NotFoundException(ShipmentErrors.CargoLineNotFound, $"Cargo line {r.CargoLineId} is not in this shipment.");
            warehouse.Receive(id, r.ShipmentId, r.CargoLineId, line.Packages, r.Packages, r.Discrepancies ?? [], command.UserId, clock.GetUtcNow());
            return id;
        }, cancellationToken);
        return new ReceivedGoods(id);
    }
}
