using StackExchange.Redis;

namespace WellWon.Platform.Relay;

/// <summary>
/// An exclusive, expiring lease on one Redis key: taken with <c>SET NX PX</c>, extended and given back only by its holder
/// (a Lua compare-and-extend / compare-and-delete), so a holder that stalled past its expiry can never extend or free the lease
/// another process took in the meantime. The server's clock decides expiry; holders' clocks need not agree.
/// </summary>
public sealed class RedisLease(IConnectionMultiplexer redis, RedisKey key, TimeSpan duration)
{
    private const string ExtendScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>Unique per lease object, so two processes (or two relays in one process) never mistake each other's lease for their own.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public TimeSpan Duration { get; } = duration;

    public async Task<bool> TryAcquireAsync() =>
        await redis.GetDatabase().StringSetAsync(key, Holder, Duration, When.NotExists);

    /// <summary>Extends the lease by <see cref="Duration"/>; false when it is no longer ours (expired, or taken by another).</summary>
    public async Task<bool> ExtendAsync() =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(ExtendScript, [key], [Holder, (long)Duration.TotalMilliseconds]) == 1;

    /// <summary>Gives the lease back if it is still ours, so a successor need not wait for it to expire.</summary>
    public async Task ReleaseAsync() =>
        await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [key], [Holder]);
}
