using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using WellWon.Documents.Contracts;
using WellWon.Documents.Domain;
using WellWon.Documents.Features;
using WellWon.Documents.Http;
using WellWon.Documents.ReadModel;
using WellWon.Platform.Http;
using WellWon.Platform.Mediator;

namespace WellWon.Documents;

/// <summary>
/// Documents' HTTP API under <c>/api/documents</c>, for signed-in users (but the download, whose signed link is its credential).
/// A document is answered to its company's participants only: anyone else gets 404, as if it did not exist; a viewer reads and asks
/// for links but is refused uploads and changes (403). An upload answers 201 for new content and 200 with <c>duplicate: true</c>
/// naming the version that already holds it; too large is 413, content of a type not accepted (or named as another) 415, erasure
/// within retention 409, a tampered link 403 and an expired one 410.
/// </summary>
public static class DocumentsEndpoints
{
    public static IEndpointRouteBuilder MapDocumentsEndpoints(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/documents")
            .WithTags("Documents")
            .AddEndpointFilter(AnswerProblemsAsync)
            .ProducesProblem(StatusCodes.Status404NotFound);
        var signedIn = documents.MapGroup(string.Empty).RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);

        signedIn.MapPost("/", UploadAsync).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data")
            .Produces<UploadOutcome>(StatusCodes.Status201Created).Produces<UploadOutcome>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        signedIn.MapGet("/", ListAsync).ProducesValidationProblem();
        signedIn.MapGet("/{id:guid}", GetAsync);
        signedIn.MapPost("/{id:guid}/versions", AddVersionAsync).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data")
            .Produces<UploadOutcome>(StatusCodes.Status201Created).Produces<UploadOutcome>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        signedIn.MapPost("/{id:guid}/links", LinkAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        signedIn.MapDelete("/{id:guid}/links/{kind}/{targetId:guid}", UnlinkAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        signedIn.MapDelete("/{id:guid}", EraseAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        signedIn.MapMethods("/{id:guid}/versions/{version:int}/link", [HttpMethods.Get, HttpMethods.Post], CreateLinkAsync);
        signedIn.MapGet("/{id:guid}/versions/{version:int}/extraction", GetExtractionAsync);
        signedIn.MapPost("/{id:guid}/versions/{version:int}/review", ReviewAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        signedIn.MapGet("/{id:guid}/versions/{version:int}/pages/{page:int}", GetPageAsync).Produces(StatusCodes.Status200OK, contentType: "image/png");

        // The signed link is the credential, so a browser can follow it; a signed-in caller must still be a participant.
        documents.MapGet("/{id:guid}/versions/{version:int}/content", DownloadAsync).AllowAnonymous()
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    private static async Task<IResult> UploadAsync(HttpRequest request, ClaimsPrincipal user, ISender sender, IOptions<DocumentsOptions> options, CancellationToken ct)
    {
        var userId = UserIdOf(user);
        var upload = await MultipartUpload.ReadAsync(request, options.Value.MaxUploadBytes, ct);
        var companyId = GuidOf(upload.Field("companyId"), "companyId") ?? Guid.Empty;
        var outcome = await sender.Send(new UploadDocument(userId, companyId, upload.Field("type"), upload.Field("title"), LinksOf(upload), upload.FileName, upload.File), ct);
        return Answer(outcome);
    }

    private static async Task<IResult> AddVersionAsync(Guid id, HttpRequest request, ClaimsPrincipal user, ISender sender, IOptions<DocumentsOptions> options, CancellationToken ct)
    {
        var userId = UserIdOf(user);
        var upload = await MultipartUpload.ReadAsync(request, options.Value.MaxUploadBytes, ct);
        return Answer(await sender.Send(new AddDocumentVersion(id, userId, upload.FileName, upload.File), ct));
    }

    private static async Task<Ok<IReadOnlyList<DocumentSummary>>> ListAsync(
        ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null, Guid? shipmentId = null, Guid? declarationId = null,
        string? type = null, int limit = ListDocuments.DefaultLimit, int offset = 0) =>
        TypedResults.Ok(await sender.Send(new ListDocuments(UserIdOf(user), companyId, shipmentId, declarationId, type, limit, offset), ct));

    private static async Task<Ok<DocumentView>> GetAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new GetDocument(id, UserIdOf(user)), ct));

    private static async Task<NoContent> LinkAsync(Guid id, LinkRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new LinkDocument(id, UserIdOf(user), body.Kind, body.TargetId), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> UnlinkAsync(Guid id, string kind, Guid targetId, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new UnlinkDocument(id, UserIdOf(user), kind, targetId), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> EraseAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new EraseDocument(id, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<DownloadLink>> CreateLinkAsync(Guid id, int version, HttpRequest request, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var link = await sender.Send(new CreateDownloadLink(id, version, UserIdOf(user)), ct);
        return TypedResults.Ok(link with { Url = $"{request.Scheme}://{request.Host}{request.PathBase}{link.Url}" });
    }

    private static async Task<IResult> DownloadAsync(
        Guid id, int version, HttpContext http, ISender sender, CancellationToken ct, string? user = null, long? expires = null, string? sig = null)
    {
        if (!Guid.TryParseExact(user, "N", out var issuedTo) || expires is not { } expiry || sig is null)
        {
            throw new DocumentProblemException(StatusCodes.Status403Forbidden, DocumentErrors.LinkInvalid, "This download link is not valid.");
        }

        var content = await sender.Send(new DownloadDocumentVersion(id, version, new SignedLink(issuedTo, expiry, sig), HttpCurrentUser.UserIdOf(http.User)), ct);
        var headers = http.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.CacheControl] = "private, no-store";
        // Opened in a browser tab by mistake, the content runs nothing.
        headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        http.Response.ContentLength = content.Size;
        return TypedResults.Stream(content.Content, content.MediaType, content.FileName);
    }

    private static async Task<Ok<ExtractionView>> GetExtractionAsync(Guid id, int version, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new GetExtraction(id, version, UserIdOf(user)), ct));

    private static async Task<Ok<ExtractionView>> ReviewAsync(Guid id, int version, ReviewRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new ReviewDocumentVersion(id, version, UserIdOf(user), body), ct));

    private static async Task<FileContentHttpResult> GetPageAsync(Guid id, int version, int page, HttpContext http, ISender sender, CancellationToken ct)
    {
        var png = await sender.Send(new GetPageImage(id, version, page, UserIdOf(http.User)), ct);
        http.Response.Headers[HeaderNames.CacheControl] = "private, max-age=300";
        return TypedResults.File(png, "image/png");
    }

    private static IResult Answer(UploadOutcome outcome) =>
        outcome.Duplicate ? TypedResults.Ok(outcome) : TypedResults.Created($"/api/documents/{outcome.DocumentId}", outcome);

    private static List<DocumentLink> LinksOf(MultipartUpload upload)
    {
        var links = new List<DocumentLink>();
        foreach (var (field, kind) in new[] { ("shipmentId", LinkKinds.Shipment), ("declarationId", LinkKinds.Declaration), ("purchaseOrderId", LinkKinds.PurchaseOrder), ("invoiceId", LinkKinds.Invoice) })
        {
            links.AddRange(upload.All(field).Select(value => new DocumentLink(kind, GuidOf(value, field)!.Value)));
        }

        return links;
    }

    private static Guid? GuidOf(string? value, string field) =>
        value is null ? null
        : Guid.TryParse(value, out var id) ? id
        : throw RequestValidationException.For(field, "documents.id-invalid", $"'{field}' is not an id.");

    /// <summary>Refusals with a status of their own (409, 410, 413, 415, 403) as problem details carrying their code.</summary>
    private static async ValueTask<object?> AnswerProblemsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DocumentProblemException e)
        {
            return TypedResults.Problem(
                statusCode: e.Status,
                title: "The request was refused",
                detail: e.Message,
                extensions: new Dictionary<string, object?> { ["code"] = e.Code });
        }
    }

    // The bearer handler has checked the token; one without a usable subject is not signed in.
    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);
}
