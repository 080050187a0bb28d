using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace WellWon.Chat.Telegram;

/// <summary>
/// <c>POST /api/telegram/webhook</c>, where Telegram delivers updates in webhook mode (authenticated by the secret token, not by a
/// user), and <c>GET /api/admin/telegram/outbox</c>, what the bridge has sent, is sending and could not send, for administrators.
/// </summary>
public static class TelegramEndpoints
{
    public const string WebhookPath = "/api/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    private const int DefaultLimit = 50;
    private const int MaxLimit = 200;

    /// <summary>Maps both; the outbox is open to <paramref name="adminPolicy"/> only.</summary>
    public static IEndpointRouteBuilder MapTelegramEndpoints(this IEndpointRouteBuilder app, string adminPolicy)
    {
        app.MapPost(WebhookPath, WebhookAsync).AllowAnonymous().WithTags("Telegram")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/admin/telegram/outbox", OutboxAsync).RequireAuthorization(adminPolicy).WithTags("Admin");
        return app;
    }

    /// <summary>
    /// 200 once the update is handled (or deliberately ignored), so Telegram moves on; a failure to store it answers 5xx and Telegram
    /// delivers it again, which adds nothing the second time.
    /// </summary>
    private static async Task<Results<Ok, ProblemHttpResult>> WebhookAsync(
        HttpRequest request, TelegramUpdateHandler handler, IOptions<TelegramOptions> options, CancellationToken ct)
    {
        var settings = options.Value;
        if (settings is not { Enabled: true, Mode: TelegramMode.Webhook })
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", "telegram.webhook-off", "The Telegram webhook is not enabled here.");
        }

        if (!SecretMatches(request.Headers[SecretHeader].ToString(), settings.WebhookSecret!))
        {
            return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "telegram.webhook-secret", $"The {SecretHeader} header is missing or wrong.");
        }

        TelegramUpdate? update;
        try
        {
            update = await request.ReadFromJsonAsync<TelegramUpdate>(TelegramJson.Options, ct);
        }
        catch (JsonException)
        {
            update = null;
        }

        if (update is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "The request is malformed", "request.malformed", "The body is not a Telegram update.");
        }

        await handler.HandleAsync(update, ct);
        return TypedResults.Ok();
    }

    private static async Task<Results<Ok<TelegramOutboxPage>, ValidationProblem>> OutboxAsync(
        TelegramOutbox outbox, CancellationToken ct, string? status = null, Guid? conversationId = null, long? before = null, int? limit = null)
    {
        if (status is not null && !TelegramOutboxStatus.All.Contains(status))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Use pending, sent, failed or cancelled."] });
        }

        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Between 1 and {MaxLimit}."] });
        }

        return TypedResults.Ok(await outbox.ListAsync(status, conversationId, before, limit ?? DefaultLimit, ct));
    }

    /// <summary>Constant-time: both sides are hashed to one length first, so neither the content nor the length of the secret leaks through timing.</summary>
    public static bool SecretMatches(string? given, string expected) =>
        !string.IsNullOrEmpty(given)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static ProblemHttpResult Problem(int status, string title, string code, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}
