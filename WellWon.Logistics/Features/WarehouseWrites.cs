using WellWon.Logistics.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>
/// How every warehouse command writes, as <see cref="ShipmentWrites"/> does for shipments: no warehouse and another company's are
/// the same 404, a viewer is refused (403), the company is the events' tenant, and a lost race is decided again on the winner's
/// events (so two releases of the last packages end with one release and one refusal, never with negative stock).
/// </summary>
public sealed class WarehouseWrites(IAggregateStore store, ICompanyAccess access, RequestContext context)
{
    public async Task<T> ChangeAsync<T>(Guid warehouseId, Guid userId, Func<Warehouse, Task<T>> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var warehouse = await store.TryLoadAsync<Warehouse>(warehouseId, ct);
            if (warehouse is not { Exists: true })
            {
                throw WarehouseErrors.WarehouseNotFound(warehouseId);
            }

            if (attempt == 1)
            {
                context.TenantId = warehouse.State.CompanyId;
                await RequireAsync(access, userId, warehouse.State.CompanyId, warehouseId, CompanyRole.Member, ct);
            }

            T result;
            try
            {
                result = await decide(warehouse);
            }
            catch (ShipmentRuleException e)
            {
                throw RequestValidationException.For(e.Field, e.Code, e.Message);
            }

            try
            {
                await store.SaveAsync(warehouse, ct);
                return result;
            }
            catch (WrongExpectedVersionException) when (attempt < ShipmentWrites.Attempts)
            {
            }
        }
    }

    /// <summary>The caller's role when it is at least <paramref name="atLeast"/>; a non-participant is told the warehouse does not exist.</summary>
    public static async ValueTask<CompanyRole> RequireAsync(ICompanyAccess access, Guid userId, Guid companyId, Guid warehouseId, CompanyRole atLeast, CancellationToken ct)
    {
        var role = await access.RoleOfAsync(userId, companyId, ct) ?? throw WarehouseErrors.WarehouseNotFound(warehouseId);
        return role >= atLeast ? role : throw CompanyAccessExtensions.RoleTooWeak(atLeast);
    }
}
