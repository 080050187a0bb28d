using Mediator;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Features;

/// <summary>The JSON body of <c>POST …/{id}/cancel</c>.</summary>
public sealed record CancelPurchaseOrderRequest(string? Reason);

/// <summary>
/// A member cancels an open PO with a reason; an approved one's amount goes back to its import contract. Cancelling a cancelled PO
/// again answers it as it is (and gives back a commitment a failure left behind).
/// </summary>
public sealed record CancelPurchaseOrder(Guid UserId, Guid PurchaseOrderId, string? Reason) : ICommand<PurchaseOrderView>, IRequireAuthenticatedUser;

public sealed class CancelPurchaseOrderHandler(PurchaseOrderWrites writes) : ICommandHandler<CancelPurchaseOrder, PurchaseOrderView>
{
    public async ValueTask<PurchaseOrderView> Handle(CancelPurchaseOrder command, CancellationToken cancellationToken)
    {
        var view = await writes.ChangeAsync(command.PurchaseOrderId, command.UserId, CompanyRole.Member, (order, _, now, _) =>
        {
            if (order.State.Status != PurchaseOrderStatuses.Cancelled)
            {
                order.Cancel(command.Reason, command.UserId, now);
            }

            return Task.CompletedTask;
        }, cancellationToken);

        if (view is { Approval: not null, Contract: { } contract })
        {
            await writes.OnContractAsync(view.CompanyId, contract.Number, c => c.Release(view.Id, writes.Now), cancellationToken);
        }

        return view;
    }
}
