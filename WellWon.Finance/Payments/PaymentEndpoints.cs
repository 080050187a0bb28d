using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WellWon.Finance.Payments.Domain;
using WellWon.Finance.Payments.Features;
using WellWon.Finance.Payments.ReadModel;
using WellWon.Platform.Http;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Payments;

/// <summary>The body of <c>POST /api/finance/payments/{id}/cancel</c>.</summary>
public sealed record CancelPaymentRequest(Guid? CompanyId);

/// <summary>
/// Payment orders under <c>/api/finance/payments</c> (FINANCE-API.md), for signed-in users: participants of the company read, its
/// admins and owner enter and cancel (others 403, outsiders 404). Shape errors are 400 naming the field, business rules 422 with
/// their code, an order id reused for another body 409; without a configured bank every endpoint answers 503 saying so.
/// </summary>
public static class PaymentEndpoints
{
    public const string Root = "/api/finance/payments";

    public static IEndpointRouteBuilder MapPaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var payments = app.MapFinanceGroup(Root)
            .AddEndpointFilter(PaymentProblems)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        payments.MapGet("/", ListAsync);
        payments.MapGet("/{id:guid}", GetAsync);
        payments.MapPost("/", CreateAsync).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        payments.MapPost("/{id:guid}/cancel", CancelAsync).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Ok<PaymentOrderPage>> ListAsync(
        ClaimsPrincipal user, ICompanyAccess access, PaymentOrderReader reader, CancellationToken ct, Guid? companyId = null, string? status = null,
        int limit = 50, int offset = 0)
    {
        var company = companyId ?? throw RequestValidationException.For("companyId", PaymentErrors.Required, "companyId is required.");
        if (status is not null && !PaymentStatuses.All.Contains(status))
        {
            throw RequestValidationException.For("status", "finance.payment.status-unknown", $"The status is one of {string.Join(", ", PaymentStatuses.All)}.");
        }

        if (limit is < 1 or > 200 || offset < 0)
        {
            throw RequestValidationException.For(limit is < 1 or > 200 ? "limit" : "offset", "finance.payment.page-invalid", "limit is 1 to 200 and offset 0 or more.");
        }

        await access.RequireAsync(UserIdOf(user), company, CompanyRole.Viewer, ct);
        return TypedResults.Ok(await reader.ListAsync(company, status, limit, offset, ct));
    }

    private static async Task<Ok<PaymentOrderView>> GetAsync(
        Guid id, ClaimsPrincipal user, ICompanyAccess access, PaymentOrderReader reader, CancellationToken ct, Guid? companyId = null)
    {
        var company = companyId ?? throw RequestValidationException.For("companyId", PaymentErrors.Required, "companyId is required.");
        await access.RequireAsync(UserIdOf(user), company, CompanyRole.Viewer, ct);
        return await reader.GetAsync(id, ct) is { } found && found.CompanyId == company ? TypedResults.Ok(found.View) : throw PaymentWrites.NotFound(id);
    }

    private static async Task<Results<Created<PaymentOrderView>, Ok<PaymentOrderView>>> CreateAsync(
        PaymentOrderRequest body, ClaimsPrincipal user, PaymentWrites writes, CancellationToken ct)
    {
        var outcome = await writes.CreateAsync(UserIdOf(user), body, ct);
        return outcome.Created ? TypedResults.Created($"{Root}/{outcome.View.Id}", outcome.View) : TypedResults.Ok(outcome.View);
    }

    private static async Task<Ok<PaymentOrderView>> CancelAsync(Guid id, CancelPaymentRequest body, ClaimsPrincipal user, PaymentWrites writes, CancellationToken ct)
    {
        var company = body.CompanyId ?? throw RequestValidationException.For("companyId", PaymentErrors.Required, "companyId is required.");
        return TypedResults.Ok(await writes.CancelAsync(UserIdOf(user), id, company, ct));
    }

    private static async ValueTask<object?> PaymentProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!context.HttpContext.RequestServices.GetRequiredService<IOptions<BankOptions>>().Value.Configured)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "No bank configured",
                detail: "Payments need a bank gateway: set Finance:Bank:BaseUrl (and Finance:Bank:ApiKey). In Development the AppHost starts the simulated bank.",
                extensions: new Dictionary<string, object?> { ["code"] = PaymentErrors.NoBank });
        }

        try
        {
            return await next(context);
        }
        catch (PaymentIdReusedException e)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The payment order id is already used",
                detail: e.Message,
                extensions: new Dictionary<string, object?> { ["code"] = PaymentErrors.IdReused });
        }
    }

    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);
}
