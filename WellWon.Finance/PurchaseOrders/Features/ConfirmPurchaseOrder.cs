using Mediator;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Features;

/// <summary>The JSON body of <c>POST …/{id}/confirm</c>: the supplier's own reference of its confirmation, when it gave one.</summary>
public sealed record ConfirmPurchaseOrderRequest(string? SupplierReference = null);

/// <summary>A member records the supplier's confirmation of a sent PO.</summary>
public sealed record ConfirmPurchaseOrder(Guid UserId, Guid PurchaseOrderId, string? SupplierReference) : ICommand<PurchaseOrderView>, IRequireAuthenticatedUser;

public sealed class ConfirmPurchaseOrderHandler(PurchaseOrderWrites writes) : ICommandHandler<ConfirmPurchaseOrder, PurchaseOrderView>
{
    public async ValueTask<PurchaseOrderView> Handle(ConfirmPurchaseOrder command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.PurchaseOrderId, command.UserId, CompanyRole.Member, (order, _, now, _) =>
        {
            order.Confirm(command.SupplierReference, command.UserId, now);
            return Task.CompletedTask;
        }, cancellationToken);
}
