using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WellWon.Logistics.Features;
using WellWon.Platform.Http;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics;

/// <summary>
/// Warehouses under <c>/api/warehouses</c> (and a shipment's stock), with the shipments' rules of access: non-participants get 404,
/// viewers read and get 403 for changes, broken shapes are 400 naming the field, what the stock does not allow is 422.
/// </summary>
public static class WarehouseEndpoints
{
    public static IEndpointRouteBuilder MapWarehouseEndpoints(this IEndpointRouteBuilder app)
    {
        var warehouses = app.MapGroup("/api/warehouses")
            .WithTags("Logistics")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        warehouses.MapPost("/", CreateAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        warehouses.MapGet("/", ListAsync).ProducesValidationProblem();
        warehouses.MapGet("/{id:guid}", GetAsync);
        warehouses.MapGet("/{id:guid}/stock", StockAsync);

        var changes = warehouses.MapGroup("/{id:guid}")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        changes.MapPost("/locations", AddLocationAsync);
        changes.MapPost("/receipts", ReceiveAsync);
        changes.MapPost("/put-away", PutAwayAsync);
        changes.MapPost("/releases", ReleaseAsync);

        app.MapGet("/api/shipments/{id:guid}/stock", ShipmentStockAsync).WithTags("Logistics").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Created<CreatedWarehouse>> CreateAsync(CreateWarehouseRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var created = await sender.Send(new CreateWarehouse(UserIdOf(user), body.CompanyId, body.Name, body.Address, body.UnLocode), ct);
        return TypedResults.Created($"/api/warehouses/{created.Id}", created);
    }

    private static async Task<Ok<WarehouseList>> ListAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null) =>
        TypedResults.Ok(await sender.Send(new ListWarehouses(UserIdOf(user), companyId), ct));

    private static async Task<Ok<WarehouseView>> GetAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new GetWarehouse(id, UserIdOf(user)), ct));

    private static async Task<Ok<StockList>> StockAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new GetWarehouseStock(id, UserIdOf(user)), ct));

    private static async Task<Ok<StockList>> ShipmentStockAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new GetShipmentStock(id, UserIdOf(user)), ct));

    private static async Task<Created<AddedWarehouseLocation>> AddLocationAsync(Guid id, AddWarehouseLocationRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var added = await sender.Send(new AddWarehouseLocation(id, UserIdOf(user), body.Code), ct);
        return TypedResults.Created($"/api/warehouses/{id}", added);
    }

    private static async Task<Created<ReceivedGoods>> ReceiveAsync(Guid id, ReceiveGoodsRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var received = await sender.Send(new ReceiveGoods(id, UserIdOf(user), body), ct);
        return TypedResults.Created($"/api/warehouses/{id}/stock", received);
    }

    private static async Task<NoContent> PutAwayAsync(Guid id, StockMoveRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new PutAwayGoods(id, UserIdOf(user), body), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<ReleasedGoods>> ReleaseAsync(Guid id, StockMoveRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var released = await sender.Send(new ReleaseGoods(id, UserIdOf(user), body), ct);
        return TypedResults.Created($"/api/warehouses/{id}/stock", released);
    }

    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);
}
