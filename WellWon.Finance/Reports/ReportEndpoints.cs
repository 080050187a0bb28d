using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WellWon.Finance.Payables;
using WellWon.Platform.Http;

namespace WellWon.Finance.Reports;

/// <summary>
/// Finance's read-side reports under <c>/api/finance</c>, for signed-in participants of the company named by <c>companyId</c>
/// (anyone else 404): payables and receivables aging, cash position, customs payables and a shipment's landed cost.
/// </summary>
public static class ReportEndpoints
{
    public const string Root = "/api/finance";

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapFinanceGroup(Root);
        reports.MapGet("/payables", PayablesAsync);
        reports.MapGet("/receivables-aging", ReceivablesAgingAsync);
        reports.MapGet("/cash-position", CashPositionAsync);
        reports.MapGet("/customs-payables", CustomsPayablesAsync);
        reports.MapGet("/landed-cost", LandedCostAsync);
        return app;
    }

    private static async Task<Ok<PayablesAging>> PayablesAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null, DateOnly? asOf = null) =>
        TypedResults.Ok(await sender.Send(new GetPayablesAging(UserIdOf(user), companyId, asOf), ct));

    // asOf is read as text so that a day that is not one answers a validation problem naming asOf, not a bare binding failure.
    private static async Task<Ok<ReceivablesAging>> ReceivablesAgingAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null, string? asOf = null) =>
        TypedResults.Ok(await sender.Send(new GetReceivablesAging(UserIdOf(user), companyId, asOf), ct));

    private static async Task<Ok<CashPosition>> CashPositionAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null, DateOnly? asOf = null) =>
        TypedResults.Ok(await sender.Send(new GetCashPosition(UserIdOf(user), companyId, asOf), ct));

    private static async Task<Ok<IReadOnlyList<CustomsPayableView>>> CustomsPayablesAsync(
        ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null, Guid? declarationId = null) =>
        TypedResults.Ok(await sender.Send(new GetCustomsPayables(UserIdOf(user), companyId, declarationId), ct));

    private static async Task<Ok<ShipmentLandedCost>> LandedCostAsync(
        ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null, Guid? shipmentId = null) =>
        TypedResults.Ok(await sender.Send(new GetShipmentLandedCost(UserIdOf(user), companyId, shipmentId), ct));

    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);
}
