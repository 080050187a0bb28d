using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using WellWon.Logistics.Carriers;

namespace WellWon.Logistics.Tracking;

/// <summary>
/// One token bucket per carrier (by id and rate), filled at its requests per minute with a burst of ten seconds' worth, and a pause
/// when the carrier answered 429: every call to that carrier waits for its Retry-After, not only the one that was refused.
/// </summary>
public sealed class CarrierRateLimits(TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<(Guid, int), TokenBucketRateLimiter> _buckets = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _pausedUntil = new();

    public async ValueTask AcquireAsync(TrackedCarrier carrier, CancellationToken ct)
    {
        if (_pausedUntil.TryGetValue(carrier.Id, out var until) && until - clock.GetUtcNow() is { } wait && wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, ct);
        }

        var bucket = _buckets.GetOrAdd((carrier.Id, carrier.RequestsPerMinute), key => Create(key.Item2));
        using var lease = await bucket.AcquireAsync(1, ct);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException($"The rate limiter of carrier {carrier.Code} refused a request.");
        }
    }

    /// <summary>The carrier asked to be left alone for <paramref name="delay"/> (its Retry-After).</summary>
    public void Pause(TrackedCarrier carrier, TimeSpan delay)
    {
        var until = clock.GetUtcNow() + delay;
        _pausedUntil.AddOrUpdate(carrier.Id, until, (_, current) => current > until ? current : until);
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }

    private static TokenBucketRateLimiter Create(int requestsPerMinute)
    {
        // Below 6 a minute, one token every 60/n seconds; above, a tenth of a minute's allowance every ten seconds.
        var (tokens, period) = requestsPerMinute >= 6
            ? (requestsPerMinute / 6, TimeSpan.FromSeconds(10))
            : (1, TimeSpan.FromSeconds(60.0 / requestsPerMinute));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
