using Mediator;
using WellWon.Logistics.Carriers;
using WellWon.Logistics.Domain;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>One carrier (<c>GET /api/carriers/{id}</c>) for its company's participants, viewers included; a built-in one for everyone.</summary>
public sealed record GetCarrier(Guid CarrierId, Guid UserId) : IQuery<CarrierView>, IRequireAuthenticatedUser;

public sealed class GetCarrierHandler(CarrierReader reader, CarrierDirectory directory, ICompanyAccess access) : IQueryHandler<GetCarrier, CarrierView>
{
    public async ValueTask<CarrierView> Handle(GetCarrier query, CancellationToken cancellationToken)
    {
        if (directory.BuiltIn(query.CarrierId) is { } builtIn)
        {
            return builtIn;
        }

        var carrier = await reader.GetAsync(query.CarrierId, cancellationToken) ?? throw CarrierErrors.CarrierNotFound(query.CarrierId);
        await CarrierWrites.RequireAsync(access, query.UserId, carrier.CompanyId!.Value, query.CarrierId, CompanyRole.Viewer, cancellationToken);
        return carrier;
    }
}
