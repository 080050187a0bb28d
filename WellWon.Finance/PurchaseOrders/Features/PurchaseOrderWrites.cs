using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Features;

/// <summary>
/// How every purchase order command writes: the stream is loaded (no stream, a tombstone, or a company the caller is not in are the
/// same 404), the caller needs at least <c>atLeast</c> in the PO's company (403 otherwise), the company becomes the events' tenant,
/// the aggregate decides, and the append is retried a few times when another writer won the race — each retry reloads, so the rules
/// see the winner's events.
/// </summary>
public sealed class PurchaseOrderWrites(IAggregateStore store, ICompanyAccess access, RequestContext context, TimeProvider clock)
{
    public const int Attempts = 3;

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<PurchaseOrderView> ChangeAsync(
        Guid id, Guid userId, CompanyRole atLeast, Func<PurchaseOrder, CompanyRole, DateTimeOffset, CancellationToken, Task> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (order, role) = await LoadAsync(id, userId, atLeast, ct);
            await decide(order, role, clock.GetUtcNow(), ct);
            try
            {
                await store.SaveAsync(order, ct);
                return PurchaseOrderView.Of(order.Id, order.State, order.OriginalVersion);
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
            }
        }
    }

    /// <summary>The PO and the caller's role in its company, when it is at least <paramref name="atLeast"/>.</summary>
    public async Task<(PurchaseOrder Order, CompanyRole Role)> LoadAsync(Guid id, Guid userId, CompanyRole atLeast, CancellationToken ct)
    {
        var order = await store.TryLoadAsync<PurchaseOrder>(id, ct);
        if (order is not { Exists: true })
        {
            throw PurchaseOrderErrors.PurchaseOrderNotFound(id);
        }

        var role = await access.RoleOfAsync(userId, order.State.CompanyId, ct) ?? throw PurchaseOrderErrors.PurchaseOrderNotFound(id);
        if (role < atLeast)
        {
            throw CompanyAccessExtensions.RoleTooWeak(atLeast);
        }

        context.TenantId = order.State.CompanyId;
        return (order, role);
    }

    /// <summary>Commits or releases a PO's amount on its import contract, deciding again on fresh state when another writer won.</summary>
    public async Task OnContractAsync(Guid companyId, string contractNumber, Action<ImportContractCommitments> change, CancellationToken ct)
    {
        context.TenantId = companyId;
        var id = ImportContractCommitments.IdOf(companyId, contractNumber);
        for (var attempt = 1; ; attempt++)
        {
            var contract = await store.TryLoadAsync<ImportContractCommitments>(id, ct) ?? ImportContractCommitments.For(companyId, contractNumber);
            change(contract);
            try
            {
                await store.SaveAsync(contract, ct);
                return;
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts * 3)
            {
            }
        }
    }
}
