using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WellWon.Finance.Tests.Payments;

/// <summary>How the fake bank treats one payment order (found from the idempotency keys, which start with the order's id).</summary>
public enum BankScenario
{
    /// <summary>Quotes, deals, a pending transfer that is confirmed when asked about.</summary>
    Normal,
    ConfirmAtOnce,
    SlowQuote,
    QuoteExpiresOnce,
    QuoteExpiresAlways,
    RejectTransfer,
    RejectLater,
    NeverConfirm,
}

/// <summary>
/// The bank's JSON contract served by ASP.NET Core on a loopback port inside the tests, with a scenario per order and counters of
/// what it did: quotes, deals (one per key) and transfers (one per idempotency key, whatever the number of submissions).
/// </summary>
public sealed class FakeBank : IAsyncDisposable
{
    public const string ApiKey = "fake-bank-key";
    public const decimal Rate = 12.50m;
    public const decimal Official = 12.30m;

    private readonly ConcurrentDictionary<string, Quote> _quotes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _deals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Transfer> _transfers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, int> _submissions = new();
    private WebApplication? _app;
    private int _next;

    public ConcurrentDictionary<Guid, BankScenario> Scenarios { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    public int DealsFor(Guid orderId) => _deals.Keys.Count(k => k.StartsWith(orderId.ToString("N"), StringComparison.Ordinal));

    public int QuotesFor(Guid orderId) => _quotes.Values.Count(q => q.OrderId == orderId);

    public int TransfersFor(Guid orderId) => _transfers.ContainsKey(orderId.ToString("D")) ? 1 : 0;

    public int SubmissionsFor(Guid orderId) => _submissions.GetValueOrDefault(orderId);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization != $"Bearer {ApiKey}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        _app.MapPost("/v1/quotes", QuoteAsync);
        _app.MapPost("/v1/quotes/{id}/accept", AcceptAsync);
        _app.MapPost("/v1/transfers", SubmitAsync);
        _app.MapGet("/v1/transfers/{id}", GetTransfer);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<IResult> QuoteAsync(HttpContext context, QuoteBody body)
    {
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var orderId = Guid.ParseExact(key.Split(':')[0], "N");
        if (Scenarios.GetValueOrDefault(orderId) == BankScenario.SlowQuote)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
        }

        var quote = _quotes.GetOrAdd(key, _ => new Quote(
            $"Q-{Interlocked.Increment(ref _next)}", orderId, int.Parse(key.Split(':')[^1], CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(10)));
        return Results.Ok(new { quoteId = quote.Id, rate = Rate, officialRate = Official, validUntil = quote.ValidUntil, sell = body.Sell, buy = body.Buy, amount = body.Amount });
    }

    private IResult AcceptAsync(string id, HttpContext context)
    {
        var quote = _quotes.Values.SingleOrDefault(q => q.Id == id);
        if (quote is null)
        {
            return Results.Json(new { code = "quote-unknown", message = $"No quote {id}." }, statusCode: 404);
        }

        var scenario = Scenarios.GetValueOrDefault(quote.OrderId);
        if (scenario == BankScenario.QuoteExpiresAlways || (scenario == BankScenario.QuoteExpiresOnce && quote.Attempt == 1))
        {
            return Results.Json(new { code = "quote-expired", message = $"Quote {id} has expired." }, statusCode: 409);
        }

        var deal = _deals.GetOrAdd(context.Request.Headers["Idempotency-Key"].ToString(), _ => $"D-{Interlocked.Increment(ref _next)}");
        return Results.Ok(new { dealId = deal });
    }

    private IResult SubmitAsync(TransferBody body)
    {
        var orderId = Guid.Parse(body.IdempotencyKey);
        _submissions.AddOrUpdate(orderId, 1, (_, n) => n + 1);
        var created = false;
        var transfer = _transfers.GetOrAdd(body.IdempotencyKey, _ =>
        {
            created = true;
            var id = $"T-{Interlocked.Increment(ref _next)}";
            return Scenarios.GetValueOrDefault(orderId) switch
            {
                BankScenario.RejectTransfer => new Transfer(id, orderId, "rejected", null, "Beneficiary account closed."),
                BankScenario.ConfirmAtOnce => new Transfer(id, orderId, "confirmed", $"REF-{id}", null),
                _ => new Transfer(id, orderId, "pending", null, null),
            };
        });
        return created ? Results.Json(View(transfer), statusCode: 201) : Results.Ok(View(transfer));
    }

    private IResult GetTransfer(string id)
    {
        var transfer = _transfers.Values.SingleOrDefault(t => t.Id == id);
        if (transfer is null)
        {
            return Results.Json(new { code = "transfer-unknown", message = $"No transfer {id}." }, statusCode: 404);
        }

        return Results.Ok(View(Scenarios.GetValueOrDefault(transfer.OrderId) switch
        {
            BankScenario.NeverConfirm => transfer,
            BankScenario.RejectLater => transfer with { Status = "rejected", Reason = "Sanctions screening failed" },
            _ => transfer with { Status = "confirmed", Reference = transfer.Reference ?? $"REF-{transfer.Id}" },
        }));
    }

    private static object View(Transfer t) => new { transferId = t.Id, status = t.Status, reference = t.Reference, reason = t.Reason };

    public sealed record QuoteBody(string Sell, string Buy, decimal Amount);

    public sealed record TransferBody(string IdempotencyKey, JsonElement Beneficiary, decimal Amount, string Currency, string Purpose, string? ContractRegistrationNumber);

    private sealed record Quote(string Id, Guid OrderId, int Attempt, DateTimeOffset ValidUntil);

    private sealed record Transfer(string Id, Guid OrderId, string Status, string? Reference, string? Reason);
}
