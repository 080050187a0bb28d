using FluentValidation;
using Mediator;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Features;

/// <summary>The JSON body of <c>POST …/{id}/links</c>: <see cref="Quantity"/> of line <see cref="LineNo"/> travels as a shipment's cargo line.</summary>
public sealed record LinkShipmentLineRequest(int LineNo, Guid ShipmentId, Guid CargoLineId, decimal Quantity);

/// <summary>
/// A member links a PO line to a cargo line of one of the company's shipments (Logistics' cargo lines carry no PO reference), so the
/// shipment's departure and the warehouse's receipts count as the line's shipped and received quantities.
/// </summary>
public sealed record LinkShipmentLine(Guid UserId, Guid PurchaseOrderId, LinkShipmentLineRequest Link) : ICommand<PurchaseOrderView>, IRequireAuthenticatedUser;

public sealed class LinkShipmentLineValidator : AbstractValidator<LinkShipmentLine>
{
    public LinkShipmentLineValidator()
    {
        RuleFor(x => x.Link.LineNo).GreaterThan(0).OverridePropertyName("lineNo");
        RuleFor(x => x.Link.ShipmentId).NotEmpty().OverridePropertyName("shipmentId");
        RuleFor(x => x.Link.CargoLineId).NotEmpty().OverridePropertyName("cargoLineId");
        RuleFor(x => x.Link.Quantity).GreaterThan(0).OverridePropertyName("quantity");
    }
}

public sealed class LinkShipmentLineHandler(PurchaseOrderWrites writes) : ICommandHandler<LinkShipmentLine, PurchaseOrderView>
{
    public async ValueTask<PurchaseOrderView> Handle(LinkShipmentLine command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.PurchaseOrderId, command.UserId, CompanyRole.Member, (order, _, now, _) =>
        {
            var l = command.Link;
            order.LinkLine(l.LineNo, l.ShipmentId, l.CargoLineId, l.Quantity, command.UserId, now);
            return Task.CompletedTask;
        }, cancellationToken);
}
