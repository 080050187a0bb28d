using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

public sealed record WarehouseView(
    Guid Id, Guid CompanyId, string Name, string? Address, string UnLocode, IReadOnlyList<string> Locations,
    IReadOnlyList<GoodsReceipt> Receipts, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version);

/// <summary>One warehouse (<c>GET /api/warehouses/{id}</c>) for its company's participants, viewers included; anyone else gets 404.</summary>
public sealed record GetWarehouse(Guid WarehouseId, Guid UserId) : IQuery<WarehouseView>, IRequireAuthenticatedUser;

public sealed class GetWarehouseHandler(WarehouseReader reader, ICompanyAccess access) : IQueryHandler<GetWarehouse, WarehouseView>
{
    public async ValueTask<WarehouseView> Handle(GetWarehouse query, CancellationToken cancellationToken)
    {
        var (s, version) = await reader.GetAsync(query.WarehouseId, cancellationToken) ?? throw WarehouseErrors.WarehouseNotFound(query.WarehouseId);
        await WarehouseWrites.RequireAsync(access, query.UserId, s.CompanyId, query.WarehouseId, CompanyRole.Viewer, cancellationToken);
        return new WarehouseView(query.WarehouseId, s.CompanyId, s.Name, s.Address, s.UnLocode, s.Locations, s.Receipts, s.CreatedAt, s.UpdatedAt, version);
    }
}
