using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>
/// One shipment (<c>GET /api/shipments/{id}?asOf=</c>) for its company's participants (viewers included); anyone else is told it does
/// not exist. Without <see cref="AsOf"/> it is read from the read model; with it, the shipment's stream is folded from the event
/// store up to the last event recorded at or before that moment, so it shows what WellWon knew then.
/// </summary>
public sealed record GetShipment(Guid ShipmentId, Guid UserId, DateTimeOffset? AsOf = null) : IQuery<ShipmentView>, IRequireAuthenticatedUser;

public sealed class GetShipmentHandler(ShipmentReader reader, ShipmentHistory history, ICompanyAccess access) : IQueryHandler<GetShipment, ShipmentView>
{
    public async ValueTask<ShipmentView> Handle(GetShipment query, CancellationToken cancellationToken)
    {
        var (state, version) = query.AsOf is { } asOf
            ? await FoldAsync(query.ShipmentId, asOf, cancellationToken)
            : await reader.GetAsync(query.ShipmentId, cancellationToken) ?? throw ShipmentErrors.ShipmentNotFound(query.ShipmentId);
        await ShipmentWrites.RequireAsync(access, query.UserId, state.CompanyId, query.ShipmentId, CompanyRole.Viewer, cancellationToken);
        return ShipmentView.From(query.ShipmentId, state, version, query.AsOf);
    }

    private async Task<(ShipmentState, long)> FoldAsync(Guid shipmentId, DateTimeOffset asOf, CancellationToken ct)
    {
        var past = await history.ReadAsync(shipmentId, asOf, upToVersion: null, ct);
        return past.State.Exists ? (past.State, past.Version) : throw ShipmentErrors.ShipmentNotFound(shipmentId);
    }
}
