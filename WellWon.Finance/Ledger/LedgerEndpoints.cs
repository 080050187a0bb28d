using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.Features;
using WellWon.Platform.Http;

namespace WellWon.Finance.Ledger;

/// <summary>
/// The ledger's HTTP API under <c>/api/finance/ledger</c>, for signed-in users, the company named by <c>companyId</c> (query or body).
/// Anyone outside the company gets 404 as if it did not exist; every participant reads; only its admins and owner open the ledger,
/// open accounts and post, resolve, reverse or convert (others 403). Broken data rules are 400 naming the field; ledger rules are 422
/// with <c>code</c>, <c>field</c> and, when one is concerned, <c>account</c> (its code); an id already used for other data is 409
/// <c>finance.ledger.id-reused</c>. New entries answer 201, a retry of the same 200 with what was posted then; so does a month's
/// revaluation (<c>POST /revaluations</c>), once per month. A foreign line needing an official rate the central bank does not have is
/// 422 <c>finance.ledger.rate-missing</c>.
/// </summary>
public static class LedgerEndpoints
{
    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        var ledger = app.MapFinanceGroup("/api/finance/ledger")
            .AddEndpointFilter(LedgerProblems);

        ledger.MapPost("/", OpenAsync).ProducesProblem(StatusCodes.Status403Forbidden);
        ledger.MapGet("/accounts", AccountsAsync);
        ledger.MapGet("/balances", BalancesAsync);
        ledger.MapGet("/trial-balance", TrialBalanceAsync);
        ledger.MapGet("/accounts/{account}/statement", StatementAsync);
        ledger.MapGet("/entries/{id:guid}", EntryAsync);

        var writes = ledger.MapGroup("/")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        writes.MapPost("/accounts", OpenAccountAsync);
        writes.MapPost("/entries", PostAsync);
        writes.MapPost("/entries/{id:guid}/post", PostHeldAsync);
        writes.MapPost("/entries/{id:guid}/void", VoidHeldAsync);
        writes.MapPost("/entries/{id:guid}/reverse", ReverseAsync);
        writes.MapPost("/conversions", ConvertAsync);
        writes.MapPost("/revaluations", RevalueAsync);
        return app;
    }

    private static async Task<Results<Created<OpenedLedger>, Ok<OpenedLedger>>> OpenAsync(OpenLedgerRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var opened = await sender.Send(new OpenLedger(UserIdOf(user), body.CompanyId), ct);
        return opened.Created ? TypedResults.Created($"/api/finance/ledger/accounts?companyId={body.CompanyId}", opened) : TypedResults.Ok(opened);
    }

    private static async Task<Ok<IReadOnlyList<AccountBalance>>> AccountsAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null) =>
        TypedResults.Ok((await sender.Send(new GetBalances(UserIdOf(user), companyId), ct)).Accounts);

    private static async Task<Ok<LedgerBalances>> BalancesAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null, DateTimeOffset? asOf = null) =>
        TypedResults.Ok(await sender.Send(new GetBalances(UserIdOf(user), companyId, asOf), ct));

    private static async Task<Ok<TrialBalance>> TrialBalanceAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null, DateTimeOffset? asOf = null) =>
        TypedResults.Ok(await sender.Send(new GetTrialBalance(UserIdOf(user), companyId, asOf), ct));

    private static async Task<Ok<AccountStatement>> StatementAsync(string account, ClaimsPrincipal user, ISender sender, CancellationToken ct,
        Guid? companyId = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = GetStatement.DefaultLimit, int offset = 0) =>
        TypedResults.Ok(await sender.Send(new GetStatement(UserIdOf(user), companyId, account, from, to, limit, offset), ct));

    private static async Task<Ok<EntryView>> EntryAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct, Guid? companyId = null) =>
        TypedResults.Ok(await sender.Send(new GetEntry(UserIdOf(user), companyId, id), ct));

    private static async Task<Created<AccountBalance>> OpenAccountAsync(OpenAccountRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var account = await sender.Send(new OpenAccount(UserIdOf(user), body), ct);
        return TypedResults.Created($"/api/finance/ledger/accounts/{account.Id}/statement?companyId={body.CompanyId}", account);
    }

    private static async Task<Results<Created<PostedEntriesView>, Ok<PostedEntriesView>>> PostAsync(PostEntriesRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var posted = await sender.Send(new PostEntries(UserIdOf(user), body.CompanyId, body.Entries ?? []), ct);
        return Answer(posted, body.CompanyId);
    }

    private static async Task<Ok<ResolvedEntryView>> PostHeldAsync(Guid id, ResolveHeldEntryRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new ResolveHeldEntry(UserIdOf(user), body.CompanyId, id, Post: true, body.Amount), ct));

    private static async Task<Ok<ResolvedEntryView>> VoidHeldAsync(Guid id, ResolveHeldEntryRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new ResolveHeldEntry(UserIdOf(user), body.CompanyId, id, Post: false, body.Amount), ct));

    private static async Task<Results<Created<ResolvedEntryView>, Ok<ResolvedEntryView>>> ReverseAsync(
        Guid id, ReverseEntryRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var reversal = await sender.Send(new ReverseEntry(UserIdOf(user), body.CompanyId, id, body.ReversalId, body.Description), ct);
        return reversal.Replayed
            ? TypedResults.Ok(reversal)
            : TypedResults.Created($"/api/finance/ledger/entries/{reversal.Entry.Id}?companyId={body.CompanyId}", reversal);
    }

    private static async Task<Results<Created<PostedEntriesView>, Ok<PostedEntriesView>>> ConvertAsync(ConvertCurrencyRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        Answer(await sender.Send(new ConvertCurrency(UserIdOf(user), body), ct), body.CompanyId);

    private static async Task<Results<Created<RevaluationView>, Ok<RevaluationView>>> RevalueAsync(
        RevalueMonthRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var revaluation = await sender.Send(new RevalueMonth(UserIdOf(user), body.CompanyId, body.Month), ct);
        return revaluation.Replayed
            ? TypedResults.Ok(revaluation)
            : TypedResults.Created($"/api/finance/ledger/entries/{revaluation.Entry.Id}?companyId={body.CompanyId}", revaluation);
    }

    private static Results<Created<PostedEntriesView>, Ok<PostedEntriesView>> Answer(PostedEntriesView posted, Guid companyId) =>
        posted.Replayed
            ? TypedResults.Ok(posted)
            : TypedResults.Created($"/api/finance/ledger/entries/{posted.Entries[0].Id}?companyId={companyId}", posted);

    /// <summary>A ledger rule as a problem detail naming its code, the field of the request and the account concerned.</summary>
    private static async ValueTask<object?> LedgerProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (LedgerRuleException e)
        {
            var extensions = new Dictionary<string, object?> { ["code"] = e.Code };
            if (e.Field is { } field)
            {
                extensions["field"] = field;
                extensions["errors"] = new Dictionary<string, string[]> { [field] = [e.Message] };
            }

            if (e.Account is { } account)
            {
                extensions["account"] = account;
            }

            return TypedResults.Problem(
                statusCode: e.Status,
                title: e.Status == StatusCodes.Status409Conflict ? "The id is already used" : "The ledger refused the request",
                detail: e.Message,
                extensions: extensions);
        }
    }

    // The bearer handler has checked the token; one without a usable subject is not signed in.
    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);
}
