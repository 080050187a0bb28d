using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace WellWon.CarrierSimulator.Api;

/// <summary>
/// What a real carrier's API puts before its feed, in this order: the bearer key (401), the rate limit (429 with Retry-After),
/// and, when asked for, transient failures (503) so a client's retries can be tried. Only <c>/v1</c> is guarded.
/// </summary>
public sealed class CarrierGate(IOptions<SimulatorOptions> options, RequestWindow window, SimulatorStats stats) : IMiddleware
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes($"Bearer {options.Value.ApiKey}");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        var presented = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
        if (!CryptographicOperations.FixedTimeEquals(presented, _key))
        {
            stats.Rejected();
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid API key is required.",
                detail: "Send 'Authorization: Bearer <apiKey>'.").ExecuteAsync(context);
            return;
        }

        if (window.TryEnter() is { } wait)
        {
            stats.Throttled();
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
                detail: $"At most {options.Value.RequestsPerMinute} requests a minute; retry in {seconds} s.").ExecuteAsync(context);
            return;
        }

        // Not a secret and not for security: a cheap coin for simulated outages.
#pragma warning disable CA5394
        if (options.Value.FailureRate > 0 && Random.Shared.NextDouble() < options.Value.FailureRate)
#pragma warning restore CA5394
        {
            stats.Failed();
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The carrier is briefly unavailable.",
                detail: "A simulated outage (Simulator:FailureRate); try again.").ExecuteAsync(context);
            return;
        }

        stats.Served();
        await next(context);
    }
}

/// <summary>A fixed one-minute window of <c>Simulator:RequestsPerMinute</c> requests, on the simulator's clock.</summary>
public sealed class RequestWindow(TimeProvider clock, IOptions<SimulatorOptions> options)
{
    private static readonly TimeSpan Length = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private DateTimeOffset _start = DateTimeOffset.MinValue;
    private int _count;

    /// <summary>Null when the request may pass; otherwise how long until the window opens again.</summary>
    public TimeSpan? TryEnter()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _start >= Length || now < _start)
            {
                _start = now;
                _count = 0;
            }

            if (_count < options.Value.RequestsPerMinute)
            {
                _count++;
                return null;
            }

            return _start + Length - now;
        }
    }
}

/// <summary>What the status page counts.</summary>
public sealed class SimulatorStats
{
    private long _served;
    private long _rejected;
    private long _throttled;
    private long _failed;

    public long ServedCount => Interlocked.Read(ref _served);
    public long RejectedCount => Interlocked.Read(ref _rejected);
    public long ThrottledCount => Interlocked.Read(ref _throttled);
    public long FailedCount => Interlocked.Read(ref _failed);

    public void Served() => Interlocked.Increment(ref _served);
    public void Rejected() => Interlocked.Increment(ref _rejected);
    public void Throttled() => Interlocked.Increment(ref _throttled);
    public void Failed() => Interlocked.Increment(ref _failed);
}
