using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WellWon.Logistics.Features;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Http;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics;

/// <summary>
/// Logistics' HTTP API under <c>/api/shipments</c>, for signed-in users. A shipment is answered to its company's participants only:
/// anyone else gets 404, as if it did not exist; a viewer reads and is refused every change (403). Broken data rules are 400 with
/// the field's path and the rule's code; a move the shipment's status does not allow is 422.
/// </summary>
public static class ShipmentEndpoints
{
    public static IEndpointRouteBuilder MapShipmentEndpoints(this IEndpointRouteBuilder app)
    {
        var shipments = app.MapGroup("/api/shipments")
            .WithTags("Logistics")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        shipments.MapPost("/", CreateAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        shipments.MapGet("/", ListAsync).ProducesValidationProblem();
        shipments.MapGet("/dashboard", GetShipmentDashboard.GetAsync).ProducesValidationProblem();
        shipments.MapGet("/{id:guid}", GetAsync);
        shipments.MapGet("/{id:guid}/timeline", TimelineAsync);

        var changes = shipments.MapGroup("/{id:guid}")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        changes.MapPut("/header", UpdateHeaderAsync);
        changes.MapPost("/book", BookAsync);
        changes.MapPost("/cancel", CancelAsync);
        changes.MapPost("/cargo", AddCargoLineAsync);
        changes.MapPut("/cargo/{lineId:guid}", UpdateCargoLineAsync);
        changes.MapDelete("/cargo/{lineId:guid}", RemoveCargoLineAsync);
        changes.MapPost("/containers", AddContainerAsync);
        changes.MapPut("/containers/{number}", UpdateContainerAsync);
        changes.MapDelete("/containers/{number}", RemoveContainerAsync);
        changes.MapPost("/legs", AddLegAsync);
        changes.MapPut("/legs/{legId:guid}", UpdateLegAsync);
        changes.MapDelete("/legs/{legId:guid}", RemoveLegAsync);
        changes.MapPost("/milestones", RecordMilestoneAsync);
        changes.MapPost("/notes", AddNoteAsync);
        changes.MapPost("/documents", AttachDocumentAsync);
        changes.MapDelete("/documents/{documentId:guid}", DetachDocumentAsync);

        // The carriers that shipments' legs name come with the shipments' API, so every host serving shipments serves them.
        app.MapCarrierEndpoints();
        return app;
    }

    private static async Task<Created<CreatedShipment>> CreateAsync(CreateShipmentRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var created = await sender.Send(CreateShipment.From(UserIdOf(user), body), ct);
        return TypedResults.Created($"/api/shipments/{created.Id}", created);
    }

    private static async Task<Ok<ShipmentPage>> ListAsync(
        ClaimsPrincipal user,
        ISender sender,
        CancellationToken ct,
        Guid? companyId = null,
        string? status = null,
        string? mode = null,
        DateTimeOffset? etaFrom = null,
        DateTimeOffset? etaTo = null,
        string? q = null,
        string? cursor = null,
        int limit = ListShipments.DefaultLimit) =>
        TypedResults.Ok(await sender.Send(new ListShipments(UserIdOf(user), companyId, status, mode, etaFrom, etaTo, q, cursor, limit), ct));

    private static async Task<Ok<ShipmentView>> GetAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct, DateTimeOffset? asOf = null) =>
        TypedResults.Ok(await sender.Send(new GetShipment(id, UserIdOf(user), asOf), ct));

    private static async Task<Ok<ShipmentTimelineView>> TimelineAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct, DateTimeOffset? asOf = null) =>
        TypedResults.Ok(await sender.Send(new GetShipmentTimeline(id, UserIdOf(user), asOf), ct));

    private static async Task<NoContent> UpdateHeaderAsync(Guid id, UpdateShipmentHeaderRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(UpdateShipmentHeader.From(id, UserIdOf(user), body), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> BookAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new BookShipment(id, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> CancelAsync(Guid id, CancelShipmentRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new CancelShipment(id, UserIdOf(user), body.Reason), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<AddedCargoLine>> AddCargoLineAsync(Guid id, CargoLineInput body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var added = await sender.Send(new AddCargoLine(id, UserIdOf(user), body), ct);
        return TypedResults.Created($"/api/shipments/{id}/cargo/{added.Id}", added);
    }

    private static async Task<NoContent> UpdateCargoLineAsync(Guid id, Guid lineId, CargoLineInput body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new UpdateCargoLine(id, lineId, UserIdOf(user), body), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveCargoLineAsync(Guid id, Guid lineId, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new RemoveCargoLine(id, lineId, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<AddedContainer>> AddContainerAsync(Guid id, ContainerInput body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var added = await sender.Send(new AddContainer(id, UserIdOf(user), body), ct);
        return TypedResults.Created($"/api/shipments/{id}/containers/{added.Number}", added);
    }

    private static async Task<NoContent> UpdateContainerAsync(Guid id, string number, ContainerInput body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new UpdateContainer(id, number, UserIdOf(user), body), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveContainerAsync(Guid id, string number, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new RemoveContainer(id, number, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<AddedLeg>> AddLegAsync(Guid id, LegInput body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var added = await sender.Send(new AddLeg(id, UserIdOf(user), body), ct);
        return TypedResults.Created($"/api/shipments/{id}/legs/{added.Id}", added);
    }

    private static async Task<NoContent> UpdateLegAsync(Guid id, Guid legId, LegInput body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new UpdateLeg(id, legId, UserIdOf(user), body), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveLegAsync(Guid id, Guid legId, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new RemoveLeg(id, legId, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    /// <summary>201 for a new milestone; 200 with the first recording when the same report (carrier event id) came before.</summary>
    private static async Task<Results<Created<RecordedMilestone>, Ok<RecordedMilestone>>> RecordMilestoneAsync(
        Guid id, RecordMilestoneRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var recorded = await sender.Send(RecordMilestone.ByUser(id, UserIdOf(user), body), ct);
        return recorded.Duplicate ? TypedResults.Ok(recorded) : TypedResults.Created($"/api/shipments/{id}/timeline", recorded);
    }

    private static async Task<Created<AddedNote>> AddNoteAsync(Guid id, AddNoteRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var added = await sender.Send(new AddNote(id, UserIdOf(user), body.Text), ct);
        return TypedResults.Created($"/api/shipments/{id}/timeline", added);
    }

    private static async Task<NoContent> AttachDocumentAsync(Guid id, AttachDocumentRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new AttachDocument(id, UserIdOf(user), body.DocumentId, body.Type), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> DetachDocumentAsync(Guid id, Guid documentId, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new DetachDocument(id, documentId, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    // The bearer handler has checked the token; one without a usable subject is not signed in.
    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);
}
