using Mediator;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Features;

/// <summary>A member replaces a draft's terms (every field); anything but a draft is refused (422).</summary>
public sealed record UpdatePurchaseOrderDraft(Guid UserId, Guid PurchaseOrderId, PurchaseOrderRequest Order) : ICommand<PurchaseOrderView>, IRequireAuthenticatedUser;

public sealed class UpdatePurchaseOrderDraftHandler(PurchaseOrderWrites writes) : ICommandHandler<UpdatePurchaseOrderDraft, PurchaseOrderView>
{
    public async ValueTask<PurchaseOrderView> Handle(UpdatePurchaseOrderDraft command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.PurchaseOrderId, command.UserId, CompanyRole.Member, (order, _, now, _) =>
        {
            order.UpdateDraft(command.Order.ToTerms(), command.UserId, now);
            return Task.CompletedTask;
        }, cancellationToken);
}
