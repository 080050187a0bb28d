using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.Features;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Http;
using WellWon.Platform.Mediator;

namespace WellWon.Finance.PurchaseOrders;

/// <summary>
/// Purchase orders under <c>/api/finance/purchase-orders</c>, for signed-in users. A PO is answered to its company's participants
/// only: anyone else gets 404, as if it did not exist; viewers read; members create, edit drafts, send, confirm, link, cancel and close;
/// managers approve up to the company's limit and admins any amount (others 403); admins set the limit. Broken data rules are 400
/// with every field's path and rule code; a move the PO's status or the company's rules do not allow is 422 with <c>code</c> and
/// <c>field</c>; approval above the manager's limit is 403 <c>finance.po.approval-limit-exceeded</c>.
/// </summary>
public static class PurchaseOrderEndpoints
{
    public const string Root = "/api/finance/purchase-orders";

    public static IEndpointRouteBuilder MapPurchaseOrderEndpoints(this IEndpointRouteBuilder app)
    {
        var orders = app.MapFinanceGroup(Root)
            .AddEndpointFilter(PurchaseOrderProblems);

        orders.MapGet("/", ListAsync);
        orders.MapGet("/{id:guid}", GetAsync);
        orders.MapGet("/settings", SettingsAsync);

        var writes = orders.MapGroup("/")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        writes.MapPost("/", CreateAsync);
        writes.MapPut("/{id:guid}", UpdateAsync);
        writes.MapPost("/{id:guid}/approve", ApproveAsync);
        writes.MapPost("/{id:guid}/send", SendAsync);
        writes.MapPost("/{id:guid}/confirm", ConfirmAsync);
        writes.MapPost("/{id:guid}/cancel", CancelAsync);
        writes.MapPost("/{id:guid}/close", CloseAsync);
        writes.MapPost("/{id:guid}/links", LinkAsync);
        writes.MapPut("/settings", SetSettingsAsync);
        return app;
    }

    private static async Task<Ok<PurchaseOrderPage>> ListAsync(
        ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null, string? status = null, string? supplier = null,
        Guid? supplierCompanyId = null, string? contract = null, string? currency = null, DateTimeOffset? createdFrom = null, DateTimeOffset? createdTo = null,
        int limit = 50, int offset = 0) =>
        TypedResults.Ok(await sender.Send(new ListPurchaseOrders(UserIdOf(user), companyId,
            new PurchaseOrderFilter(status, supplier, supplierCompanyId, contract, currency, createdFrom, createdTo, limit, offset)), ct));

    private static async Task<Ok<PurchaseOrderView>> GetAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new GetPurchaseOrder(UserIdOf(user), id), ct));

    private static async Task<Ok<ApprovalSettings>> SettingsAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null) =>
        TypedResults.Ok(await sender.Send(new GetApprovalSettings(UserIdOf(user), companyId), ct));

    private static async Task<Created<PurchaseOrderView>> CreateAsync(PurchaseOrderRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var order = await sender.Send(new CreatePurchaseOrder(UserIdOf(user), body), ct);
        return TypedResults.Created($"{Root}/{order.Id}", order);
    }

    private static async Task<Ok<PurchaseOrderView>> UpdateAsync(Guid id, PurchaseOrderRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new UpdatePurchaseOrderDraft(UserIdOf(user), id, body), ct));

    private static async Task<Ok<PurchaseOrderView>> ApproveAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new ApprovePurchaseOrder(UserIdOf(user), id), ct));

    private static async Task<Ok<PurchaseOrderView>> SendAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new SendPurchaseOrder(UserIdOf(user), id), ct));

    private static async Task<Ok<PurchaseOrderView>> ConfirmAsync(Guid id, ConfirmPurchaseOrderRequest? body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new ConfirmPurchaseOrder(UserIdOf(user), id, body?.SupplierReference), ct));

    private static async Task<Ok<PurchaseOrderView>> CancelAsync(Guid id, CancelPurchaseOrderRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new CancelPurchaseOrder(UserIdOf(user), id, body.Reason), ct));

    private static async Task<Ok<PurchaseOrderView>> CloseAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new ClosePurchaseOrder(UserIdOf(user), id), ct));

    private static async Task<Ok<PurchaseOrderView>> LinkAsync(Guid id, LinkShipmentLineRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new LinkShipmentLine(UserIdOf(user), id, body), ct));

    private static async Task<Ok<ApprovalSettings>> SetSettingsAsync(ApprovalSettingsRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new SetApprovalLimit(UserIdOf(user), body), ct));

    /// <summary>
    /// Broken rules of shape become the platform's 400 (every field with its rule code); a status, contract or limit rule becomes a
    /// problem naming its code and field.
    /// </summary>
    private static async ValueTask<object?> PurchaseOrderProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (PurchaseOrderTermsException e)
        {
            throw new RequestValidationException([.. e.Violations.Select(v => new FieldError(v.Field, v.Code, v.Message))]);
        }
        catch (PurchaseOrderRuleException e) when (e.Kind == RuleKind.Data)
        {
            throw RequestValidationException.For(e.Field, e.Code, e.Message);
        }
        catch (PurchaseOrderRuleException e)
        {
            return TypedResults.Problem(
                statusCode: e.Status,
                title: e.Kind == RuleKind.Forbidden ? "Above your approval limit" : "The purchase order refused the request",
                detail: e.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = e.Code,
                    ["field"] = e.Field,
                    ["errors"] = new Dictionary<string, string[]> { [e.Field] = [e.Message] },
                });
        }
    }

    // The bearer handler has checked the token; one without a usable subject is not signed in.
    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);
}
