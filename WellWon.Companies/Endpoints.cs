using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using WellWon.Companies.Features;
using WellWon.Companies.ReadModel;
using WellWon.Platform.Http;
using WellWon.Platform.Mediator;

namespace WellWon.Companies;

/// <summary>
/// Companies' HTTP API, <c>/api/companies/*</c>, for signed-in users. Everything about one company is answered to its
/// participants only: anyone else gets 404, as if it did not exist (never 403, never another company's data).
/// </summary>
public static class CompanyEndpoints
{
    /// <summary>The claims Identity's access tokens carry (JWT names, kept as they are by the bearer handler).</summary>
    public const string SubjectClaim = "sub";
    public const string EmailClaim = "email";

    public static IEndpointRouteBuilder MapCompanyEndpoints(this IEndpointRouteBuilder app)
    {
        var companies = app.MapGroup("/api/companies")
            .WithTags("Companies")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        companies.MapPost("/", CreateAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        companies.MapGet("/", ListMineAsync);
        companies.MapGet("/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        companies.MapPatch("/{id:guid}", UpdateAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        companies.MapPost("/{id:guid}/archive", ArchiveAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        companies.MapPost("/{id:guid}/suspend", SuspendAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        companies.MapPost("/{id:guid}/reactivate", ReactivateAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        companies.MapGet("/{id:guid}/participants", ListParticipantsAsync).ProducesProblem(StatusCodes.Status404NotFound);
        companies.MapPut("/{id:guid}/participants/{userId:guid}/role", ChangeRoleAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        companies.MapDelete("/{id:guid}/participants/{userId:guid}", RemoveParticipantAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        companies.MapPost("/{id:guid}/invitations", InviteAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        companies.MapGet("/{id:guid}/invitations", ListInvitationsAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        companies.MapDelete("/{id:guid}/invitations/{invitationId:guid}", RevokeAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        companies.MapPost("/invitations/{invitationId:guid}/accept", AcceptAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        companies.MapPost("/invitations/{invitationId:guid}/decline", DeclineAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return app;
    }

    private static async Task<Created<CreatedCompany>> CreateAsync(CreateCompanyRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var created = await mediator.Send(new CreateCompany(UserIdOf(user), body.Name, body.Country, body.CompanyType, body.TaxId, body.Address), ct);
        return TypedResults.Created($"/api/companies/{created.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<MyCompany>>> ListMineAsync(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListMyCompanies(UserIdOf(user)), ct));

    private static async Task<Ok<CompanyView>> GetAsync(Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetCompany(id, UserIdOf(user)), ct));

    private static async Task<NoContent> UpdateAsync(Guid id, UpdateCompanyRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new UpdateCompany(id, UserIdOf(user), body.Name, body.TaxId, body.Address), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ArchiveAsync(Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new ArchiveCompany(id, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SuspendAsync(Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct, [FromBody] SuspendCompanyRequest? body = null)
    {
        await mediator.Send(new SuspendCompany(id, UserIdOf(user), body?.Reason), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ReactivateAsync(Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new ReactivateCompany(id, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<ParticipantView>>> ListParticipantsAsync(Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListParticipants(id, UserIdOf(user)), ct));

    private static async Task<NoContent> ChangeRoleAsync(
        Guid id, Guid userId, ChangeParticipantRoleRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new ChangeParticipantRole(id, userId, body.Role, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveParticipantAsync(Guid id, Guid userId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new RemoveParticipant(id, userId, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<IssuedInvitation>> InviteAsync(Guid id, InviteParticipantRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var issued = await mediator.Send(new InviteParticipant(id, UserIdOf(user), body.Email, body.Role), ct);
        return TypedResults.Created($"/api/companies/{id}/invitations", issued);
    }

    private static async Task<Ok<IReadOnlyList<InvitationView>>> ListInvitationsAsync(Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListInvitations(id, UserIdOf(user)), ct));

    private static async Task<NoContent> RevokeAsync(Guid id, Guid invitationId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new RevokeInvitation(id, invitationId, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<AcceptedInvitation>> AcceptAsync(
        Guid invitationId, AnswerInvitationRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new AcceptInvitation(invitationId, body.Token, UserIdOf(user), EmailOf(user)), ct));

    private static async Task<NoContent> DeclineAsync(
        Guid invitationId, AnswerInvitationRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeclineInvitation(invitationId, body.Token, UserIdOf(user), EmailOf(user)), ct);
        return TypedResults.NoContent();
    }

    // The bearer handler has already checked the token; one without a usable subject names no user.
    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);

    // The account's address as Identity signed it into the token; an invitation is accepted only by the address it was sent to.
    private static string? EmailOf(ClaimsPrincipal user) => (user.FindFirst(EmailClaim) ?? user.FindFirst(ClaimTypes.Email))?.Value;
}
