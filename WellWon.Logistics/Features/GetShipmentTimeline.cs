using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>
/// Everything that happened to a shipment, oldest first (<c>GET /api/shipments/{id}/timeline?asOf=</c>): every change and milestone
/// with who reported it (a user or a carrier), when it happened and when WellWon recorded it. With <see cref="AsOf"/>, the events
/// recorded up to that moment, read from the event store.
/// </summary>
public sealed record GetShipmentTimeline(Guid ShipmentId, Guid UserId, DateTimeOffset? AsOf = null) : IQuery<ShipmentTimelineView>, IRequireAuthenticatedUser;

public sealed class GetShipmentTimelineHandler(ShipmentReader reader, ShipmentHistory history, ICompanyAccess access)
    : IQueryHandler<GetShipmentTimeline, ShipmentTimelineView>
{
    public async ValueTask<ShipmentTimelineView> Handle(GetShipmentTimeline query, CancellationToken cancellationToken)
    {
        if (query.AsOf is { } asOf)
        {
            var past = await history.ReadAsync(query.ShipmentId, asOf, upToVersion: null, cancellationToken);
            if (!past.State.Exists)
            {
                throw ShipmentErrors.ShipmentNotFound(query.ShipmentId);
            }

            await ShipmentWrites.RequireAsync(access, query.UserId, past.State.CompanyId, query.ShipmentId, CompanyRole.Viewer, cancellationToken);
            return new ShipmentTimelineView(query.ShipmentId, [.. past.Events.Select(e => ShipmentTimeline.Entry(e.Recorded, e.Event)).OfType<TimelineEntry>()], asOf);
        }

        var companyId = await reader.CompanyOfAsync(query.ShipmentId, cancellationToken) ?? throw ShipmentErrors.ShipmentNotFound(query.ShipmentId);
        await ShipmentWrites.RequireAsync(access, query.UserId, companyId, query.ShipmentId, CompanyRole.Viewer, cancellationToken);
        return new ShipmentTimelineView(query.ShipmentId, await reader.TimelineAsync(query.ShipmentId, cancellationToken), null);
    }
}
