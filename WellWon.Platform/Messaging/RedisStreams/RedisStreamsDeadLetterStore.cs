using StackExchange.Redis;

namespace WellWon.Platform.Messaging.RedisStreams;

/// <summary>The <c>{topic}.dead-letter</c> streams: read with XRANGE, replayed through the publisher, removed with XDEL.</summary>
public sealed class RedisStreamsDeadLetterStore(IConnectionMultiplexer redis, RedisStreamsTopology topology, IMessagePublisher publisher)
    : IDeadLetterStore
{
    public async Task<DeadLetterPage> ListAsync(string topic, string? pageToken, int pageSize, CancellationToken ct)
    {
        RedisStreamsTopology.ValidateName(topic, nameof(topic));
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ct.ThrowIfCancellationRequested();

        // "(" makes the start exclusive: the page begins after the last dead letter of the previous one.
        RedisValue start = pageToken is null ? "-" : "(" + pageToken;
        var entries = await redis.GetDatabase().StreamRangeAsync(topology.DeadLetters(topic), start, "+", pageSize);
        var items = entries.Select(e => RedisStreamsEntry.DecodeDeadLetter(topic, e)).ToList();
        return new DeadLetterPage(items, entries.Length == pageSize ? entries[^1].Id.ToString() : null);
    }

    public async Task<bool> ReplayAsync(string topic, string deadLetterId, CancellationToken ct)
    {
        RedisStreamsTopology.ValidateName(topic, nameof(topic));
        var db = redis.GetDatabase();
        var key = topology.DeadLetters(topic);
        var entries = await db.StreamRangeAsync(key, deadLetterId, deadLetterId, 1);
        if (entries.Length == 0)
        {
            return false;
        }

        var deadLetter = RedisStreamsEntry.DecodeDeadLetter(topic, entries[0]);
        var message = deadLetter.Message
            ?? throw new InvalidOperationException($"Dead letter {deadLetterId} of '{topic}' holds no readable message; it can only be deleted.");

        // Publish first: a crash between the two leaves the dead letter in place (replayable again), never a lost message.
        await publisher.PublishAsync(topic, [message], ct);
        await db.StreamDeleteAsync(key, [deadLetterId]);
        return true;
    }

    public async Task<bool> DeleteAsync(string topic, string deadLetterId, CancellationToken ct)
    {
        RedisStreamsTopology.ValidateName(topic, nameof(topic));
        ct.ThrowIfCancellationRequested();
        return await redis.GetDatabase().StreamDeleteAsync(topology.DeadLetters(topic), [deadLetterId]) > 0;
    }
}
