using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

public sealed record StockList(IReadOnlyList<StockEntry> Items);

/// <summary>A warehouse's stock per shipment, cargo line and location (<c>GET /api/warehouses/{id}/stock</c>), participants only.</summary>
public sealed record GetWarehouseStock(Guid WarehouseId, Guid UserId) : IQuery<StockList>, IRequireAuthenticatedUser;

public sealed class GetWarehouseStockHandler(WarehouseReader reader, ICompanyAccess access) : IQueryHandler<GetWarehouseStock, StockList>
{
    public async ValueTask<StockList> Handle(GetWarehouseStock query, CancellationToken cancellationToken)
    {
        var (s, _) = await reader.GetAsync(query.WarehouseId, cancellationToken) ?? throw WarehouseErrors.WarehouseNotFound(query.WarehouseId);
        await WarehouseWrites.RequireAsync(access, query.UserId, s.CompanyId, query.WarehouseId, CompanyRole.Viewer, cancellationToken);
        return new StockList(await reader.StockAsync(query.WarehouseId, null, s.CompanyId, cancellationToken));
    }
}
