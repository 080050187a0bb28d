using WellWon.Logistics.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>How a command's broken data rule is named in its 400: from the shipment (create, header) or from the item sent.</summary>
public enum RuleFields
{
    FromShipment,
    FromItem,
}

/// <summary>
/// How every shipment command writes: the stream is loaded (no stream, a tombstone, or a company the caller is not in are the
/// same 404), a user must be a participant of the shipment's company with at least the member role (a viewer is refused, 403),
/// the shipment's company becomes the tenant of the events, the aggregate decides, and the append is retried a few times when
/// another writer won the race — each retry reloads, so the rules see the winner's events.
/// </summary>
public sealed class ShipmentWrites(IAggregateStore store, ICompanyAccess access, RequestContext context)
{
    public const int Attempts = 3;

    /// <param name="userId">The signed-in user, whose role is checked; null for WellWon's own jobs (a carrier's tracking feed).</param>
    public async Task<T> ChangeAsync<T>(Guid shipmentId, Guid? userId, RuleFields fields, Func<Shipment, T> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var shipment = await store.TryLoadAsync<Shipment>(shipmentId, ct);
            if (shipment is not { Exists: true })
            {
                throw ShipmentErrors.ShipmentNotFound(shipmentId);
            }

            if (attempt == 1)
            {
                context.TenantId = shipment.State.CompanyId;
                if (userId is { } user)
                {
                    await RequireAsync(access, user, shipment.State.CompanyId, shipmentId, CompanyRole.Member, ct);
                }
            }

            T result;
            try
            {
                result = decide(shipment);
            }
            catch (ShipmentRuleException e)
            {
                throw RequestValidationException.For(fields == RuleFields.FromItem ? e.ItemField : e.Field, e.Code, e.Message);
            }

            try
            {
                await store.SaveAsync(shipment, ct);
                return result;
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
            }
        }
    }

    /// <summary>
    /// The caller's role in the shipment's company when it is at least <paramref name="atLeast"/>; a non-participant is told the
    /// shipment does not exist (404), a weaker role is refused (403).
    /// </summary>
    public static async ValueTask<CompanyRole> RequireAsync(ICompanyAccess access, Guid userId, Guid companyId, Guid shipmentId, CompanyRole atLeast, CancellationToken ct)
    {
        var role = await access.RoleOfAsync(userId, companyId, ct) ?? throw ShipmentErrors.ShipmentNotFound(shipmentId);
        return role >= atLeast ? role : throw CompanyAccessExtensions.RoleTooWeak(atLeast);
    }
}
