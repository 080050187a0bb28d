using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>Where a shipment's cargo lies in its company's warehouses (<c>GET /api/shipments/{id}/stock</c>), participants only.</summary>
public sealed record GetShipmentStock(Guid ShipmentId, Guid UserId) : IQuery<StockList>, IRequireAuthenticatedUser;

public sealed class GetShipmentStockHandler(ShipmentReader shipments, WarehouseReader reader, ICompanyAccess access) : IQueryHandler<GetShipmentStock, StockList>
{
    public async ValueTask<StockList> Handle(GetShipmentStock query, CancellationToken cancellationToken)
    {
        var companyId = await shipments.CompanyOfAsync(query.ShipmentId, cancellationToken) ?? throw ShipmentErrors.ShipmentNotFound(query.ShipmentId);
        await ShipmentWrites.RequireAsync(access, query.UserId, companyId, query.ShipmentId, CompanyRole.Viewer, cancellationToken);
        return new StockList(await reader.StockAsync(null, query.ShipmentId, companyId, cancellationToken));
    }
}
