using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.Features;
using WellWon.Customs.ReadModel;
using WellWon.Customs.Tariff;
using WellWon.Platform.Http;
using WellWon.Platform.Mediator;

namespace WellWon.Customs;

/// <summary>
/// Customs' HTTP API under <c>/api/customs</c>, for signed-in users. A declaration is answered to its company's participants only:
/// anyone else gets 404, as if it did not exist; a viewer reads and is refused every change (403). Broken data rules are 400 with
/// the field's path and the rule's code; a move the declaration's status does not allow is 422. A check answers every finding
/// (code, severity, field, message): 200 once checked, 422 while an error keeps the draft a draft. The landed cost of a shipment and
/// its what-if are answered to the company's participants only (anyone else: 404), 422 when nothing can be computed.
/// </summary>
public static class CustomsEndpoints
{
    public static IEndpointRouteBuilder MapCustomsEndpoints(this IEndpointRouteBuilder app)
    {
        var customs = app.MapGroup("/api/customs")
            .WithTags("Customs")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        customs.MapGet("/hs", SearchHsAsync).ProducesValidationProblem();
        customs.MapGet("/landed-cost", LandedCostAsync).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        customs.MapPost("/landed-cost/what-if", WhatIfAsync).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var declarations = customs.MapGroup("/declarations").ProducesProblem(StatusCodes.Status404NotFound);
        declarations.MapPost("/", CreateAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        declarations.MapGet("/", ListAsync).ProducesValidationProblem();
        declarations.MapGet("/{id:guid}", GetAsync);
        declarations.MapGet("/{id:guid}/calculation", GetCalculationAsync);
        declarations.MapGet("/{id:guid}/xml", ExportXmlAsync).Produces(StatusCodes.Status200OK, contentType: "application/xml")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var changes = declarations.MapGroup("/{id:guid}")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        changes.MapPut("/header", UpdateHeaderAsync);
        changes.MapPost("/items", AddItemAsync);
        changes.MapPost("/items/from-document", AddItemsFromDocumentAsync);
        changes.MapPut("/items/{itemId:guid}", UpdateItemAsync);
        changes.MapDelete("/items/{itemId:guid}", RemoveItemAsync);
        changes.MapPut("/costs", SetCostsAsync);
        changes.MapPost("/check", CheckAsync).Produces<CheckResult>();
        changes.MapPost("/calculation", CalculateAsync);
        changes.MapPost("/submit", SubmitAsync);
        changes.MapPost("/register", RegisterAsync);
        changes.MapPost("/release", ReleaseAsync);
        changes.MapPost("/reject", RejectAsync);
        changes.MapPost("/recall", RecallAsync);
        changes.MapPost("/corrections", CorrectAsync);
        changes.MapPost("/corrections/preview", PreviewCorrectionAsync);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<HsCodeEntry>>> SearchHsAsync(ISender sender, CancellationToken ct, string? q = null, DateOnly? date = null, int limit = SearchHsCodes.DefaultLimit) =>
        TypedResults.Ok(await sender.Send(new SearchHsCodes(q, date, limit), ct));

    private static async Task<Ok<LandedCost>> LandedCostAsync(Guid shipmentId, ClaimsPrincipal user, ISender sender, CancellationToken ct, DateOnly? date = null) =>
        TypedResults.Ok(await sender.Send(new GetLandedCost(shipmentId, UserIdOf(user), date), ct));

    private static async Task<Ok<LandedCost>> WhatIfAsync(WhatIfLandedCostRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new WhatIfLandedCost(UserIdOf(user), body), ct));

    private static async Task<Created<CreatedDeclaration>> CreateAsync(CreateDeclarationRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var created = await sender.Send(CreateDeclaration.From(UserIdOf(user), body), ct);
        return TypedResults.Created($"/api/customs/declarations/{created.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<DeclarationSummary>>> ListAsync(
        ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null, string? status = null, int limit = ListDeclarations.DefaultLimit, int offset = 0) =>
        TypedResults.Ok(await sender.Send(new ListDeclarations(UserIdOf(user), companyId, status, limit, offset), ct));

    private static async Task<Ok<DeclarationView>> GetAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new GetDeclaration(id, UserIdOf(user)), ct));

    private static async Task<Ok<CalculationSheet>> GetCalculationAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new GetDeclarationCalculation(id, UserIdOf(user)), ct));

    /// <summary>The declaration as ESADout_CU XML; refused (422) with every failing check listed under <c>checks</c>.</summary>
    private static async Task<IResult> ExportXmlAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var export = await sender.Send(new ExportDeclarationXml(id, UserIdOf(user)), ct);
        return export.Content is { } xml
            ? TypedResults.File(xml, "application/xml", export.FileName)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The declaration cannot be exported",
                detail: string.Join(" ", export.Failures.Select(f => f.Message)),
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = "customs.export-refused",
                    ["checks"] = export.Failures.Select(f => new { field = f.Field, code = f.Code, message = f.Message }).ToList(),
                });
    }

    private static async Task<NoContent> UpdateHeaderAsync(Guid id, HeaderInput body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new UpdateDeclarationHeader(id, UserIdOf(user), body), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<FilledGoodsItems>> AddItemsFromDocumentAsync(Guid id, FromDocumentInput body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var documentId = body.DocumentId ?? throw RequestValidationException.For("documentId", "customs.document-id-required", "Name the reviewed document.");
        var version = body.Version ?? throw RequestValidationException.For("version", "customs.document-version-required", "Name the document's version.");
        return TypedResults.Ok(await sender.Send(new AddGoodsItemsFromDocument(id, UserIdOf(user), documentId, version), ct));
    }

    private static async Task<Created<AddedGoodsItem>> AddItemAsync(Guid id, GoodsItemInput body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var added = await sender.Send(new AddGoodsItem(id, UserIdOf(user), body), ct);
        return TypedResults.Created($"/api/customs/declarations/{id}", added);
    }

    private static async Task<NoContent> UpdateItemAsync(Guid id, Guid itemId, GoodsItemInput body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new UpdateGoodsItem(id, itemId, UserIdOf(user), body), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveItemAsync(Guid id, Guid itemId, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new RemoveGoodsItem(id, itemId, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SetCostsAsync(Guid id, SetDeclarationCostsRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new SetDeclarationCosts(id, UserIdOf(user), body.Costs), ct);
        return TypedResults.NoContent();
    }

    /// <summary>Every finding with its code, severity, field and message: 200 when the declaration is checked, 422 when an error keeps it a draft.</summary>
    private static async Task<IResult> CheckAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var result = await sender.Send(new CheckDeclaration(id, UserIdOf(user)), ct);
        return result.Passed
            ? TypedResults.Ok(result)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The declaration did not pass its check",
                detail: string.Join(" ", result.Checks.Where(c => c.IsError).Select(c => c.Message)),
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = CustomsErrors.ComplianceFailed,
                    ["declarationStatus"] = result.Status,
                    ["checks"] = result.Checks.Select(c => new { code = c.Code, severity = c.Severity, field = c.Field, message = c.Message }).ToList(),
                });
    }

    private static async Task<Ok<CalculationSheet>> CalculateAsync(Guid id, CalculateDeclarationRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new CalculateDeclaration(id, UserIdOf(user), body.Rates ?? new Dictionary<string, decimal>()), ct));

    private static async Task<NoContent> SubmitAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new SubmitDeclaration(id, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RegisterAsync(Guid id, RegisterDeclarationRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new RecordCustomsDecision(id, UserIdOf(user), CustomsDecisions.Register, body.RegistrationNumber, null), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ReleaseAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new RecordCustomsDecision(id, UserIdOf(user), CustomsDecisions.Release, null, null), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RejectAsync(Guid id, ReasonRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new RecordCustomsDecision(id, UserIdOf(user), CustomsDecisions.Reject, null, body.Reason), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RecallAsync(Guid id, ReasonRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new RecallDeclaration(id, UserIdOf(user), body.Reason), ct);
        return TypedResults.NoContent();
    }

    /// <summary>The correction and the recalculation of the corrected content, stored together; the answer is the correction's history entry.</summary>
    private static async Task<Ok<CorrectionRecord>> CorrectAsync(Guid id, CorrectDeclarationRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new CorrectDeclaration(id, UserIdOf(user), body), ct));

    /// <summary>What the correction would change and the payments before and after, nothing stored.</summary>
    private static async Task<Ok<CorrectionRecord>> PreviewCorrectionAsync(Guid id, CorrectDeclarationRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new PreviewCorrection(id, UserIdOf(user), body), ct));

    // The bearer handler has checked the token; one without a usable subject is not signed in.
    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);
}
