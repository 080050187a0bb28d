using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.Mediator;

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a command's result answers retries with the same key.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a claim blocks duplicates when the process dies mid-command (it is released at once on failure).</summary>
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public string KeyPrefix { get; set; } = "wellwon:idempotency:";

    public int MaxKeyLength { get; set; } = 200;
}

/// <summary>A command with the same Idempotency-Key is still running; the client should retry later (409).</summary>
public sealed class IdempotentRequestInFlightException()
    : Exception("A request with this Idempotency-Key is still being processed; retry later.");

/// <summary>The Idempotency-Key was already used for a different request (422).</summary>
public sealed class IdempotencyKeyReusedException()
    : Exception("This Idempotency-Key was already used for a different request; use a new key.");

/// <summary>
/// When the request carries an <c>Idempotency-Key</c>, its first command runs once: the result is kept in Redis
/// (key scoped by user, command type and the client's key) and a retry gets that result without running the handler.
/// A duplicate that arrives while the first is running gets 409 (the claim is a SET NX); the same key with another body, 422.
/// A failed command releases its claim, so the client may retry it.
/// </summary>
public sealed partial class IdempotencyBehavior<TMessage, TResponse>(
    RequestContext context,
    ICurrentUser user,
    IOptions<IdempotencyOptions> options,
    ILogger<IdempotencyBehavior<TMessage, TResponse>> logger,
    IConnectionMultiplexer? redis = null,
    IHttpContextAccessor? http = null) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    // Deletes the claim only if it is still ours: an expired claim may already belong to someone else.
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private static readonly string CommandType = typeof(TMessage).FullName ?? typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (context.IdempotencyKey is not { } clientKey || context.IdempotencyKeyClaimed)
        {
            return await next(message, cancellationToken);
        }

        context.IdempotencyKeyClaimed = true;
        var settings = options.Value;
        if (clientKey.Length > settings.MaxKeyLength)
        {
            throw RequestValidationException.For("Idempotency-Key", "MaximumLength", $"The Idempotency-Key must be at most {settings.MaxKeyLength} characters.");
        }

        var db = (redis ?? throw new InvalidOperationException("Idempotency-Key handling needs Redis: register IConnectionMultiplexer (AddRedisClient).")).GetDatabase();
        var key = new RedisKey($"{settings.KeyPrefix}{user.UserId?.ToString("N") ?? "anonymous"}:{CommandType}:{clientKey}");
        var fingerprint = Fingerprint(message);
        var claim = Serialize(new IdempotencyRecord(IdempotencyRecord.InFlight, fingerprint, Guid.NewGuid().ToString("N"), null));

        // Two rounds cover a claim released or expired between our SET NX and our GET.
        for (var round = 0; round < 2; round++)
        {
            if (await db.StringSetAsync(key, claim, settings.InFlightTimeout, When.NotExists))
            {
                return await RunAndRemember(db, key, claim, fingerprint, message, next, settings, cancellationToken);
            }

            var stored = await db.StringGetAsync(key);
            if (stored.IsNull)
            {
                continue;
            }

            var record = JsonSerializer.Deserialize<IdempotencyRecord>((string)stored!, EventTypeRegistry.JsonOptions)!;
            if (!string.Equals(record.Fingerprint, fingerprint, StringComparison.Ordinal))
            {
                throw new IdempotencyKeyReusedException();
            }

            if (record.Status == IdempotencyRecord.InFlight || record.Result is null)
            {
                throw new IdempotentRequestInFlightException();
            }

            LogReplayed(logger, CommandType);
            if (http?.HttpContext is { Response.HasStarted: false } httpContext)
            {
                httpContext.Response.Headers[ReplayedHeader] = "true";
            }

            return record.Result.Value.Deserialize<TResponse>(EventTypeRegistry.JsonOptions)!;
        }

        throw new IdempotentRequestInFlightException();
    }

    private async ValueTask<TResponse> RunAndRemember(
        IDatabase db, RedisKey key, string claim, string fingerprint, TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next, IdempotencyOptions settings, CancellationToken cancellationToken)
    {
        TResponse response;
        try
        {
            response = await next(message, cancellationToken);
        }
        catch
        {
            await db.ScriptEvaluateAsync(ReleaseScript, [key], [claim]);
            throw;
        }

        try
        {
            var result = JsonSerializer.SerializeToElement(response, EventTypeRegistry.JsonOptions);
            await db.StringSetAsync(key, Serialize(new IdempotencyRecord(IdempotencyRecord.Done, fingerprint, null, result)), settings.Ttl);
        }
        catch (RedisException ex)
        {
            // The command has happened; failing the response now would invite a retry that runs it again once the claim expires.
            LogNotRemembered(logger, ex, CommandType);
        }

        return response;
    }

    private static string Fingerprint(TMessage message) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(message, EventTypeRegistry.JsonOptions)));

    private static string Serialize(IdempotencyRecord record) => JsonSerializer.Serialize(record, EventTypeRegistry.JsonOptions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered a retry of {CommandType} from its stored result")]
    private static partial void LogReplayed(ILogger logger, string commandType);

    [LoggerMessage(Level = LogLevel.Error, Message = "{CommandType} succeeded but its result could not be stored for retries")]
    private static partial void LogNotRemembered(ILogger logger, Exception exception, string commandType);
}

/// <summary>What Redis holds under an idempotency key: a claim while the command runs, then its result.</summary>
internal sealed record IdempotencyRecord(
    string Status,
    string Fingerprint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Result)
{
    public const string InFlight = "in-flight";
    public const string Done = "done";
}
