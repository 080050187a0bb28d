using Mediator;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Features;

/// <summary>A member closes a PO whose goods were all received.</summary>
public sealed record ClosePurchaseOrder(Guid UserId, Guid PurchaseOrderId) : ICommand<PurchaseOrderView>, IRequireAuthenticatedUser;

public sealed class ClosePurchaseOrderHandler(PurchaseOrderWrites writes) : ICommandHandler<ClosePurchaseOrder, PurchaseOrderView>
{
    public async ValueTask<PurchaseOrderView> Handle(ClosePurchaseOrder command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.PurchaseOrderId, command.UserId, CompanyRole.Member, (order, _, now, _) =>
        {
            order.Close(command.UserId, now);
            return Task.CompletedTask;
        }, cancellationToken);
}
