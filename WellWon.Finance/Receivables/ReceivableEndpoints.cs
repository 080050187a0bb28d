using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WellWon.Finance.Receivables.Features;
using WellWon.Platform.Http;

namespace WellWon.Finance.Receivables;

/// <summary>The JSON body of the issue and cancel actions.</summary>
public sealed record ClientInvoiceActionRequest(Guid? CompanyId, string? Reason);

/// <summary>
/// Invoices to clients under <c>/api/finance/receivables</c>, for signed-in users: participants of the company read, admins and the
/// owner draft, issue and cancel (others 403), outsiders are told it does not exist (404).
/// </summary>
public static class ReceivableEndpoints
{
    public const string Root = "/api/finance/receivables";

    public static IEndpointRouteBuilder MapReceivableEndpoints(this IEndpointRouteBuilder app)
    {
        var receivables = app.MapFinanceGroup(Root);
        receivables.MapGet("/", ListAsync);
        receivables.MapGet("/{id:guid}", GetAsync);

        var writes = receivables.MapGroup("/")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        writes.MapPost("/", DraftAsync);
        writes.MapPost("/{id:guid}/issue", IssueAsync);
        writes.MapPost("/{id:guid}/cancel", CancelAsync);
        writes.MapPost("/{id:guid}/payments", ReceiveAsync)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .AddEndpointFilter(ReceiptProblems);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ClientInvoiceView>>> ListAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null) =>
        TypedResults.Ok(await sender.Send(new ListClientInvoices(UserIdOf(user), companyId), ct));

    private static async Task<Ok<ClientInvoiceView>> GetAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null) =>
        TypedResults.Ok(await sender.Send(new GetClientInvoice(UserIdOf(user), id, companyId), ct));

    private static async Task<Created<ClientInvoiceView>> DraftAsync(ClientInvoiceRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var invoice = await sender.Send(new DraftClientInvoice(UserIdOf(user), body), ct);
        return TypedResults.Created($"{Root}/{invoice.Id}", invoice);
    }

    private static async Task<Ok<ClientInvoiceView>> IssueAsync(Guid id, ClientInvoiceActionRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new IssueClientInvoice(UserIdOf(user), id, body.CompanyId), ct));

    private static async Task<Ok<ClientInvoiceView>> CancelAsync(Guid id, ClientInvoiceActionRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new CancelClientInvoice(UserIdOf(user), id, body.CompanyId, body.Reason), ct));

    private static async Task<Results<Created<ClientInvoiceView>, Ok<ClientInvoiceView>>> ReceiveAsync(
        Guid id, ClientReceiptRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var outcome = await sender.Send(new RecordClientReceipt(UserIdOf(user), id, body), ct);
        return outcome.Created ? TypedResults.Created($"{Root}/{id}", outcome.View) : TypedResults.Ok(outcome.View);
    }

    /// <summary>A reused receipt id as 409; a receipt above what is open as 422 naming <c>amount</c> and the open amount.</summary>
    private static async ValueTask<object?> ReceiptProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ReceiptIdReusedException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The receipt id is already used", detail: e.Message,
                extensions: new Dictionary<string, object?> { ["code"] = e.Code, ["field"] = "receiptId" });
        }
        catch (ReceiptExceedsOpenAmountException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The receipt is more than is open", detail: e.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = e.Code, ["field"] = "amount", ["open"] = e.Open, ["currency"] = e.Currency,
                    ["errors"] = new Dictionary<string, string[]> { ["amount"] = [e.Message] },
                });
        }
    }

    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);
}
