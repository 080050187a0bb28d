using System.Security.Claims;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Http;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>
/// A company's logistics dashboard (<c>GET /api/shipments/dashboard?companyId=</c>): shipments by status, the ten worst delays,
/// what is expected within seven days, and the twenty busiest lanes of arrived shipments with their average transit time.
/// Participants only (viewers included); anyone else is told the company does not exist.
/// </summary>
public sealed record GetShipmentDashboard(Guid UserId, Guid? CompanyId) : IQuery<ShipmentDashboard>, IRequireAuthenticatedUser
{
    public static async Task<Ok<ShipmentDashboard>> GetAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null) =>
        TypedResults.Ok(await sender.Send(new GetShipmentDashboard(HttpCurrentUser.RequireUserId(user), companyId), ct));
}

public sealed class GetShipmentDashboardValidator : AbstractValidator<GetShipmentDashboard>
{
    public GetShipmentDashboardValidator() =>
        RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose dashboard to show (companyId).");
}

public sealed class GetShipmentDashboardHandler(NpgsqlDataSource db, ICompanyAccess access, TimeProvider clock)
    : IQueryHandler<GetShipmentDashboard, ShipmentDashboard>
{
    public async ValueTask<ShipmentDashboard> Handle(GetShipmentDashboard query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        return await new ShipmentDashboardReader(db).ReadAsync(companyId, clock.GetUtcNow(), cancellationToken);
    }
}
