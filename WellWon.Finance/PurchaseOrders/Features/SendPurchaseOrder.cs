using Mediator;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Features;

/// <summary>A member records that the approved PO went to the supplier.</summary>
public sealed record SendPurchaseOrder(Guid UserId, Guid PurchaseOrderId) : ICommand<PurchaseOrderView>, IRequireAuthenticatedUser;

public sealed class SendPurchaseOrderHandler(PurchaseOrderWrites writes) : ICommandHandler<SendPurchaseOrder, PurchaseOrderView>
{
    public async ValueTask<PurchaseOrderView> Handle(SendPurchaseOrder command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.PurchaseOrderId, command.UserId, CompanyRole.Member, (order, _, now, _) =>
        {
            order.Send(command.UserId, now);
            return Task.CompletedTask;
        }, cancellationToken);
}
