using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WellWon.Logistics.Features;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Http;

namespace WellWon.Logistics;

/// <summary>
/// The carrier registry under <c>/api/carriers</c>, with the shipments' rules of access: non-participants get 404, viewers read,
/// managers and above change (403 below that), broken fields are 400 naming them. API keys go in and never come out
/// (answers say <c>hasCredentials</c>); built-in carriers are listed to everyone and are not editable (422).
/// </summary>
public static class CarrierEndpoints
{
    public static IEndpointRouteBuilder MapCarrierEndpoints(this IEndpointRouteBuilder app)
    {
        var carriers = app.MapGroup("/api/carriers")
            .WithTags("Logistics")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        carriers.MapPost("/", CreateAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        carriers.MapGet("/", ListAsync).ProducesValidationProblem();
        carriers.MapGet("/{id:guid}", GetAsync);

        var changes = carriers.MapGroup("/{id:guid}")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        changes.MapPut("/", UpdateAsync);
        changes.MapPut("/credentials", SetCredentialsAsync);
        changes.MapPost("/retire", RetireAsync);
        return app;
    }

    private static async Task<Created<CreatedCarrier>> CreateAsync(CreateCarrierRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var created = await sender.Send(new CreateCarrier(UserIdOf(user), body.CompanyId, body.Name, body.Code, body.Modes, body.Tracking), ct);
        return TypedResults.Created($"/api/carriers/{created.Id}", created);
    }

    private static async Task<Ok<CarrierList>> ListAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null) =>
        TypedResults.Ok(await sender.Send(new ListCarriers(UserIdOf(user), companyId), ct));

    private static async Task<Ok<CarrierView>> GetAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new GetCarrier(id, UserIdOf(user)), ct));

    private static async Task<NoContent> UpdateAsync(Guid id, UpdateCarrierRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new UpdateCarrier(id, UserIdOf(user), body.Name, body.Modes, body.Tracking), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SetCredentialsAsync(Guid id, SetCarrierCredentialsRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new SetCarrierCredentials(id, UserIdOf(user), body.ApiKey), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RetireAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new RetireCarrier(id, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);
}
