using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WellWon.Platform.Scheduling;

/// <summary>
/// Who may run a job now, decided in Redis so any number of data-sync instances agree. Two keys per job: the lock
/// (<c>SET NX PX</c>, owned by one run, renewed while it runs) keeps runs from overlapping, and the due key, set for one
/// interval when a run starts, keeps a second instance from running the job again within the same interval. Both are judged
/// on Redis's clock, so the instances' clocks do not have to agree.
/// </summary>
public sealed class RedisJobLease(IConnectionMultiplexer redis, IOptions<SchedulerOptions> options)
{
    // Returns 0 when the caller now owns the run, otherwise how many milliseconds to wait before asking again.
    private static readonly LuaScript StartScript = LuaScript.Prepare("""
        local held = redis.call('PTTL', @lockKey)
        if held ~= -2 then
            if held < 1 then return tonumber(@lease) end
            return held
        end
        local due = redis.call('PTTL', @dueKey)
        if due > 0 then return due end
        redis.call('SET', @lockKey, @owner, 'PX', @lease)
        redis.call('SET', @dueKey, @owner, 'PX', @interval)
        return 0
        """);

    private static readonly LuaScript RenewScript = LuaScript.Prepare("""
        if redis.call('GET', @lockKey) == @owner then
            return redis.call('PEXPIRE', @lockKey, @lease)
        end
        return 0
        """);

    private static readonly LuaScript ReleaseScript = LuaScript.Prepare("""
        if redis.call('GET', @lockKey) == @owner then
            return redis.call('DEL', @lockKey)
        end
        return 0
        """);

    private readonly SchedulerOptions _options = options.Value;

    /// <summary>Null when the run may start (the caller holds the lock); otherwise how long to wait before asking again.</summary>
    public async Task<TimeSpan?> TryStartAsync(string job, string owner, TimeSpan interval, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var wait = (long)await redis.GetDatabase().ScriptEvaluateAsync(StartScript, new
        {
            lockKey = LockKey(job),
            dueKey = DueKey(job),
            owner,
            lease = LeaseMilliseconds,
            interval = Math.Max(1L, (long)interval.TotalMilliseconds),
        });
        return wait <= 0 ? null : TimeSpan.FromMilliseconds(wait);
    }

    /// <summary>Extends the lock; false when the run no longer owns it (it expired and another instance may have taken it).</summary>
    public async Task<bool> RenewAsync(string job, string owner, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var renewed = (long)await redis.GetDatabase().ScriptEvaluateAsync(RenewScript, new { lockKey = LockKey(job), owner, lease = LeaseMilliseconds });
        return renewed == 1;
    }

    /// <summary>Gives the lock up if the run still owns it; the due key stays, so the next run waits for its interval.</summary>
    public async Task ReleaseAsync(string job, string owner) =>
        await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, new { lockKey = LockKey(job), owner });

    private long LeaseMilliseconds => (long)_options.LockLease.TotalMilliseconds;

    // One hash tag per job: a job's keys live in one cluster slot, as a script needs.
    private RedisKey LockKey(string job) => $"{_options.KeyPrefix}{{{job}}}:lock";

    private RedisKey DueKey(string job) => $"{_options.KeyPrefix}{{{job}}}:due";
}
