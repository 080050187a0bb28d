using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Platform.Http;

/// <summary>
/// Turns what the pipeline and the domain throw into RFC 9457 problem details with a stable <c>code</c>:
/// validation → 400 with errors by field, malformed body → 400, unauthenticated → 401, forbidden → 403, not found → 404,
/// concurrency or in-flight duplicate → 409, business rule → 422, database or Redis unreachable → 503 with Retry-After, else 500.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails,
    IHostEnvironment environment,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client should wait before retrying after a 503.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client has gone; there is nobody to answer.
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        var problem = ToProblem(exception);
        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            LogServerError(logger, exception, problem.Status.Value, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var context = new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception };
        if (!await problemDetails.TryWriteAsync(context))
        {
            // The client's Accept header named no JSON type; a problem is still better than an empty body.
            await httpContext.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        }

        return true;
    }

    public ProblemDetails ToProblem(Exception exception) => exception switch
    {
        RequestValidationException invalid => Validation(invalid),
        BadHttpRequestException bad => Malformed(bad.StatusCode, bad.InnerException as JsonException ?? FindJson(bad), bad.Message),
        JsonException json => Malformed(StatusCodes.Status400BadRequest, json, null),
        UnauthenticatedException => Problem(StatusCodes.Status401Unauthorized, "Unauthenticated", "auth.unauthenticated", exception.Message),
        ForbiddenException => Problem(StatusCodes.Status403Forbidden, "Forbidden", "auth.forbidden", exception.Message),
        NotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Not found", notFound.Code, notFound.Message),
        WrongExpectedVersionException => Problem(StatusCodes.Status409Conflict, "Conflict", "concurrency.conflict",
            "Someone else changed this at the same time; reload and try again."),
        IdempotentRequestInFlightException => Problem(StatusCodes.Status409Conflict, "Conflict", "idempotency.in-flight", exception.Message),
        IdempotencyKeyReusedException => Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused", "idempotency.key-reused", exception.Message),
        DomainException domain => Problem(StatusCodes.Status422UnprocessableEntity, "The request was refused", domain.Code, domain.Message),
        _ when IsUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "service.unavailable",
            "A service WellWon depends on is unreachable; retry shortly."),
        _ => Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred", "server.error",
            environment.IsDevelopment() ? exception.Message : null),
    };

    /// <summary>PostgreSQL or Redis cannot be reached or said "try again" (transient): the request may succeed later.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or RedisConnectionException or RedisTimeoutException or SocketException || IsRedisStarting(e))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A Redis that is loading its data after a restart (or, in a cluster, has lost its master or is resharding) answers each
    /// command with an error instead of refusing the connection; that is as temporary as a refused connection.
    /// </summary>
    private static bool IsRedisStarting(Exception e) =>
        e is RedisServerException server && (server.Kind is RedisErrorKind.Loading or RedisErrorKind.MasterDown or RedisErrorKind.ClusterDown
            or RedisErrorKind.TryAgain or RedisErrorKind.Busy or RedisErrorKind.MaxClients
            || TransientReplies.Any(reply => server.Message.StartsWith(reply, StringComparison.Ordinal)));

    private static readonly string[] TransientReplies = ["LOADING", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "BUSY", "MAXCLIENTS"];

    private static HttpValidationProblemDetails Validation(RequestValidationException invalid)
    {
        var problem = new HttpValidationProblemDetails(invalid.MessagesByField())
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        };
        problem.Extensions["code"] = "validation.failed";
        problem.Extensions["codes"] = invalid.CodesByField();
        return problem;
    }

    private static ProblemDetails Malformed(int status, JsonException? json, string? message) =>
        Problem(
            status,
            status == StatusCodes.Status400BadRequest ? "The request is malformed" : "The request cannot be read",
            "request.malformed",
            json is not null
                ? $"The request body is not valid JSON{(string.IsNullOrEmpty(json.Path) ? string.Empty : $" (at {json.Path})")}."
                : message);

    private static JsonException? FindJson(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    private static ProblemDetails Problem(int status, string title, string code, string? detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed with {Status}")]
    private static partial void LogServerError(ILogger logger, Exception exception, int status, string method, string path);
}
