using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.Features;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Platform.Http;
using WellWon.Platform.Mediator;

namespace WellWon.Finance.Invoices;

/// <summary>
/// Supplier invoices under <c>/api/finance/invoices</c>, for signed-in users. An invoice is answered to its company's participants
/// only (anyone else 404); viewers read; members enter invoices (against a PO, or for services at <c>/services</c>); managers approve differences up to the company's limit and admins
/// above it, managers reject; admins cancel approved invoices and set the tolerances. Broken data rules are 400 naming every field
/// and rule; a duplicate supplier number is 409 naming the invoice that has it (<c>existingInvoiceId</c>); a status rule is 422.
/// </summary>
public static class InvoiceEndpoints
{
    public const string Root = "/api/finance/invoices";

    public static IEndpointRouteBuilder MapInvoiceEndpoints(this IEndpointRouteBuilder app)
    {
        var invoices = app.MapFinanceGroup(Root)
            .AddEndpointFilter(InvoiceProblems);
        invoices.MapGet("/", ListAsync);
        invoices.MapGet("/{id:guid}", GetAsync);
        invoices.MapGet("/settings", SettingsAsync);

        var writes = invoices.MapGroup("/")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        writes.MapPost("/", CreateAsync);
        writes.MapPost("/services", CreateServiceAsync);
        writes.MapPost("/{id:guid}/approve", ApproveAsync);
        writes.MapPost("/{id:guid}/reject", RejectAsync);
        writes.MapPost("/{id:guid}/cancel", CancelAsync);
        writes.MapPut("/settings", SetSettingsAsync);
        return app;
    }

    private static async Task<Ok<InvoicePage>> ListAsync(
        ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null, string? status = null, Guid? supplierId = null,
        string? supplier = null, Guid? purchaseOrderId = null, int limit = 50, int offset = 0) =>
        TypedResults.Ok(await sender.Send(new ListInvoices(UserIdOf(user), companyId, new InvoiceFilter(status, supplierId, supplier, purchaseOrderId, limit, offset)), ct));

    private static async Task<Ok<InvoiceView>> GetAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new GetInvoice(UserIdOf(user), id), ct));

    private static async Task<Ok<InvoiceSettings>> SettingsAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null) =>
        TypedResults.Ok(await sender.Send(new GetInvoiceTolerances(UserIdOf(user), companyId), ct));

    private static async Task<Created<InvoiceView>> CreateAsync(SupplierInvoiceRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var invoice = await sender.Send(new CreateSupplierInvoice(UserIdOf(user), body), ct);
        return TypedResults.Created($"{Root}/{invoice.Id}", invoice);
    }

    private static async Task<Results<Created<InvoiceView>, Ok<InvoiceView>>> CreateServiceAsync(
        ServiceInvoiceRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var entered = await sender.Send(new CreateServiceInvoice(UserIdOf(user), body), ct);
        return entered.Created ? TypedResults.Created($"{Root}/{entered.Invoice.Id}", entered.Invoice) : TypedResults.Ok(entered.Invoice);
    }

    private static async Task<Ok<InvoiceView>> ApproveAsync(Guid id, ApproveDifferenceRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new ApproveInvoiceDifference(UserIdOf(user), id, body.Comment), ct));

    private static async Task<Ok<InvoiceView>> RejectAsync(Guid id, InvoiceReasonRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new RejectInvoice(UserIdOf(user), id, body.Reason), ct));

    private static async Task<Ok<InvoiceView>> CancelAsync(Guid id, InvoiceReasonRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new CancelInvoice(UserIdOf(user), id, body.Reason), ct));

    private static async Task<Ok<InvoiceSettings>> SetSettingsAsync(InvoiceSettings body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new SetInvoiceTolerances(UserIdOf(user), body), ct));

    /// <summary>Broken rules of shape become the platform's 400 (every field with its rule code); other rules a problem naming code and field.</summary>
    private static async ValueTask<object?> InvoiceProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InvoiceDataException e)
        {
            throw new RequestValidationException([.. e.Violations.Select(v => new FieldError(v.Field, v.Code, v.Message))]);
        }
        catch (InvoiceRuleException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            throw RequestValidationException.For(e.Field, e.Code, e.Message);
        }
        catch (InvoiceRuleException e)
        {
            return TypedResults.Problem(
                statusCode: e.Status,
                title: e.Status switch { 403 => "Above your approval limit", 409 => "The invoice is already entered", _ => "The invoice refused the request" },
                detail: e.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = e.Code,
                    ["field"] = e.Field,
                    ["existingInvoiceId"] = e.ExistingInvoiceId,
                    ["errors"] = new Dictionary<string, string[]> { [e.Field] = [e.Message] },
                });
        }
    }

    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);
}
