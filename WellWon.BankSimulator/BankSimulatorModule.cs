using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace WellWon.BankSimulator;

public sealed record QuoteBody(string? Sell, string? Buy, decimal Amount);

public sealed record AcceptBody(string? IdempotencyKey);

public sealed record TransferBody(string? IdempotencyKey, JsonElement Beneficiary, decimal Amount, string? Currency, string? Purpose, string? ContractRegistrationNumber);

/// <summary>
/// The simulator's services and WellWon's bank gateway contract (see <c>WellWon.Finance/Payments/Bank/HttpBankGateway.cs</c>):
/// <c>POST /v1/quotes</c>, <c>POST /v1/quotes/{id}/accept</c>, <c>POST /v1/transfers</c>, <c>GET /v1/transfers/{id}</c>, behind the
/// bearer key; <c>GET /</c> tells a person what it is.
/// </summary>
public static class BankSimulatorModule
{
    public static WebApplicationBuilder AddBankSimulator(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BankSimulatorOptions>()
            .Bind(builder.Configuration.GetSection(BankSimulatorOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BankSimulatorOptions>, OptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SimulatedBank>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication UseBankSimulator(this WebApplication app)
    {
        app.Use(RequireKey);
        app.MapGet("/", (SimulatedBank bank, IOptions<BankSimulatorOptions> options) => Results.Ok(new
        {
            name = "WellWon Simulated Bank",
            rates = options.Value.BaseRates,
            spread = options.Value.Spread,
            confirmAfter = options.Value.ConfirmAfter,
            rejects = $"transfers to accounts ending in {BankSimulatorOptions.RejectedAccountSuffix}",
            transfers = bank.Transfers,
        }));
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/quotes", (QuoteBody body, HttpContext context, SimulatedBank bank) =>
        {
            var (quote, refusal) = bank.Offer(body.Sell ?? "", body.Buy ?? "", body.Amount, Key(context));
            return quote is not null
                ? Results.Ok(new { quoteId = quote.QuoteId, rate = quote.Rate, officialRate = quote.OfficialRate, validUntil = quote.ValidUntil })
                : Results.Json(refusal, statusCode: 422);
        });
        v1.MapPost("/quotes/{id}/accept", (string id, AcceptBody body, HttpContext context, SimulatedBank bank) =>
        {
            var key = body.IdempotencyKey ?? Key(context);
            if (key is null)
            {
                return Results.Json(new Refusal("idempotency-key-required", "Send the deal's idempotency key."), statusCode: 400);
            }

            var (deal, refusal, status) = bank.Accept(id, key);
            return deal is not null ? Results.Ok(new { dealId = deal }) : Results.Json(refusal, statusCode: status);
        });
        v1.MapPost("/transfers", (TransferBody body, SimulatedBank bank) =>
        {
            var account = body.Beneficiary.ValueKind == JsonValueKind.Object && body.Beneficiary.TryGetProperty("account", out var a) ? a.GetString() : null;
            if (string.IsNullOrWhiteSpace(body.IdempotencyKey) || string.IsNullOrWhiteSpace(account) || body.Amount <= 0 || string.IsNullOrWhiteSpace(body.Currency))
            {
                return Results.Json(new Refusal("transfer-invalid", "A transfer names its idempotencyKey, the beneficiary's account, an amount above 0 and the currency."), statusCode: 422);
            }

            var (view, created) = bank.Submit(body.IdempotencyKey, account, body.Amount, body.Currency);
            return created ? Results.Json(view, statusCode: StatusCodes.Status201Created) : Results.Ok(view);
        });
        v1.MapGet("/transfers/{id}", (string id, SimulatedBank bank) =>
            bank.Find(id) is { } view ? Results.Ok(view) : Results.Json(new Refusal("transfer-unknown", $"There is no transfer {id}."), statusCode: 404));
        return app;
    }

    private static string? Key(HttpContext context) => context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : null;

    // Only /v1 is the bank's API; the root page and health answer anyone.
    private static async Task RequireKey(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/v1"))
        {
            var expected = Encoding.UTF8.GetBytes($"Bearer {context.RequestServices.GetRequiredService<IOptions<BankSimulatorOptions>>().Value.ApiKey}");
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), expected))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Json(new Refusal("unauthorized", "Send 'Authorization: Bearer <apiKey>'."), statusCode: 401).ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }

    // Names every problem at start-up, rather than one generic failure.
    private sealed class OptionsValidator : IValidateOptions<BankSimulatorOptions>
    {
        public ValidateOptionsResult Validate(string? name, BankSimulatorOptions options) =>
            BankSimulatorOptions.Problems(options).ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
