using Mediator;
using WellWon.Customs.Calculation;
using WellWon.Customs.Domain;
using WellWon.Customs.ReadModel;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Customs.Features;

/// <summary>
/// <c>GET /api/customs/landed-cost?shipmentId=</c>: what a shipment's goods cost landed, for a participant of its company (anyone else
/// gets 404). From its latest calculated declaration when it has one; otherwise an estimate from its cargo lines on
/// <see cref="Date"/> (today when not given) at the stored rates of that day, a day without them being 422 naming the currency.
/// </summary>
public sealed record GetLandedCost(Guid ShipmentId, Guid UserId, DateOnly? Date = null) : IQuery<LandedCost>, IRequireAuthenticatedUser;

public sealed class GetLandedCostHandler(
    ShipmentGoodsReader shipments, DeclarationReader declarations, LandedCostEstimates estimates, ICompanyAccess access, TimeProvider clock)
    : IQueryHandler<GetLandedCost, LandedCost>
{
    public const string NothingToCompute = "customs.landed-cost-unavailable";

    public async ValueTask<LandedCost> Handle(GetLandedCost query, CancellationToken cancellationToken)
    {
        var shipment = await shipments.GetAsync(query.ShipmentId, cancellationToken);
        if (shipment is null || await access.RoleOfAsync(query.UserId, shipment.CompanyId, cancellationToken) is null)
        {
            throw CustomsErrors.ShipmentMissing(query.ShipmentId);
        }

        var warnings = new List<string>();
        if (await declarations.LatestCalculatedAsync(shipment.CompanyId, shipment.Id, cancellationToken) is { } latest && latest.State.Calculation is { } sheet)
        {
            var (declarationId, state) = latest;
            if (!state.CalculationCurrent)
            {
                warnings.Add("The declaration changed after its calculation: these are the figures of its last calculation.");
            }

            return LandedCost.From(sheet, [.. state.Items.Select(i => i.Description)], shipment.Id, shipment.CompanyId, sheet.Date,
                LandedCostBases.Declaration, declarationId, warnings);
        }

        var items = LandedCostEstimates.FromCargo(shipment, warnings);
        if (items.Count == 0)
        {
            throw new DomainException(NothingToCompute, $"Shipment {shipment.Reference} has no cargo line with a declared value to estimate from.");
        }

        warnings.Add("Freight and insurance are not known before a declaration: they are not included.");
        var date = query.Date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return await estimates.ComputeAsync(shipment.Id, shipment.CompanyId, LandedCostBases.Estimate, date, AllocationMethods.ByWeight, items, [], warnings,
            strict: false, cancellationToken);
    }
}
