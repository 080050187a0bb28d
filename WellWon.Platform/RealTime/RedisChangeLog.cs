using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WellWon.Platform.RealTime;

/// <summary>
/// Each group's recent notifications in Redis, for clients that reconnect: a counter gives every notification its sequence and
/// a sorted set keeps the last <see cref="RealTimeOptions.ResumeDepth"/> of them by sequence, both expiring when the group goes
/// quiet. Both keys share a hash tag, so each script touches one slot of a cluster.
/// </summary>
public sealed class RedisChangeLog(IConnectionMultiplexer redis, IOptions<RealTimeOptions> options)
{
    // A group's counter outlives its notifications, so a client that was away shortly finds it had missed nothing.
    private static readonly TimeSpan SequenceLifetime = TimeSpan.FromDays(7);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // A new counter starts at Redis's clock in microseconds, so sequences keep increasing across a counter that expired and a
    // cursor from before can never pass for one after (about 1.8e15: below 2^53, exact in JavaScript, until 2255). Sequences
    // stay strings inside the scripts: Lua's numbers would print such values in exponent notation.
    private static readonly LuaScript AppendScript = LuaScript.Prepare("""
        if redis.call('EXISTS', @sequenceKey) == 0 then
            local now = redis.call('TIME')
            redis.call('SET', @sequenceKey, now[1] .. string.format('%06d', tonumber(now[2])))
        end
        local sequence = string.format('%d', redis.call('INCR', @sequenceKey))
        redis.call('PEXPIRE', @sequenceKey, @sequenceLifetime)
        redis.call('ZADD', @changesKey, sequence, sequence .. ':' .. @payload)
        redis.call('ZREMRANGEBYRANK', @changesKey, 0, -(tonumber(@depth) + 1))
        redis.call('PEXPIRE', @changesKey, @window)
        return sequence
        """);

    private static readonly LuaScript ReadScript = LuaScript.Prepare("""
        local latest = redis.call('GET', @sequenceKey) or '0'
        local oldest = redis.call('ZRANGE', @changesKey, 0, 0)
        local changes = redis.call('ZRANGEBYSCORE', @changesKey, '(' .. @after, '+inf')
        table.insert(changes, 1, oldest[1] or '0:')
        table.insert(changes, 1, latest)
        return changes
        """);

    private readonly RealTimeOptions _options = options.Value;

    /// <summary>Records the notification and returns its sequence in the group.</summary>
    public async Task<long> AppendAsync(ChangeAudience audience, ChangeNotification notification, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var (sequenceKey, changesKey) = Keys(audience);
        var result = await redis.GetDatabase().ScriptEvaluateAsync(AppendScript, new
        {
            sequenceKey,
            changesKey,
            payload = JsonSerializer.Serialize(notification, Json),
            depth = _options.ResumeDepth,
            window = (long)_options.ResumeWindow.TotalMilliseconds,
            sequenceLifetime = (long)SequenceLifetime.TotalMilliseconds,
        });
        return long.Parse((string)result!, provider: null);
    }

    /// <summary>The kept notifications after <paramref name="afterSequence"/>, and whether none in between was lost.</summary>
    public async Task<MissedChanges> ReadAfterAsync(ChangeAudience audience, long afterSequence, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var (sequenceKey, changesKey) = Keys(audience);
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ReadScript, new
        {
            sequenceKey,
            changesKey,
            after = afterSequence,
        }))!;

        var latest = long.Parse((string)result[0]!, provider: null);
        var oldestKept = SequenceOf((string)result[1]!);
        var changes = new List<PushedChange>(result.Length - 2);
        for (var i = 2; i < result.Length; i++)
        {
            var member = (string)result[i]!;
            var notification = JsonSerializer.Deserialize<ChangeNotification>(member.AsSpan(member.IndexOf(':', StringComparison.Ordinal) + 1), Json)!;
            changes.Add(new PushedChange(audience.Group, SequenceOf(member), notification));
        }

        // Nothing missed when the client is at the latest; otherwise the first missed one must still be kept.
        var complete = afterSequence == latest || (afterSequence < latest && oldestKept > 0 && oldestKept <= afterSequence + 1);
        return new MissedChanges(audience.Group, latest, complete, changes);
    }

    /// <summary>The group's latest sequence (0 when it has none): where a client that just loaded its state resumes from.</summary>
    public async Task<long> LatestAsync(ChangeAudience audience, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var value = await redis.GetDatabase().StringGetAsync(Keys(audience).Sequence);
        return value.IsNullOrEmpty ? 0 : (long)value;
    }

    // A member is "{sequence}:{json}"; the sequence prefix also keeps equal notifications apart in the set.
    private static long SequenceOf(string member) =>
        member.IndexOf(':', StringComparison.Ordinal) is > 0 and var separator ? long.Parse(member.AsSpan(0, separator), provider: null) : 0;

    private (RedisKey Sequence, RedisKey Changes) Keys(ChangeAudience audience)
    {
        var tag = $"{_options.KeyPrefix}{{{audience.Group}}}";
        return (tag + ":sequence", tag + ":changes");
    }
}
