using Mediator;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Features;

/// <summary>One purchase order with its lines' quantities, links, approval and payments; participants of its company only (others 404).</summary>
public sealed record GetPurchaseOrder(Guid UserId, Guid PurchaseOrderId) : IQuery<PurchaseOrderView>, IRequireAuthenticatedUser;

public sealed class GetPurchaseOrderHandler(PurchaseOrderReader reader, ICompanyAccess access) : IQueryHandler<GetPurchaseOrder, PurchaseOrderView>
{
    public async ValueTask<PurchaseOrderView> Handle(GetPurchaseOrder query, CancellationToken cancellationToken)
    {
        var order = await reader.GetAsync(query.PurchaseOrderId, cancellationToken);
        return order is not null && await access.IsParticipantAsync(query.UserId, order.CompanyId, cancellationToken)
            ? order
            : throw PurchaseOrderErrors.PurchaseOrderNotFound(query.PurchaseOrderId);
    }
}
