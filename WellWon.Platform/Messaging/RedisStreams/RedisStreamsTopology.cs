using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WellWon.Platform.Messaging.RedisStreams;

/// <summary>
/// Where a topic lives in Redis: <c>{prefix}{topic}:{partition}</c> streams, the <c>{prefix}{topic}.dead-letter</c> stream, and per
/// group the partition leases and the list of live consumers. A key's partition is FNV-1a of its UTF-8 bytes modulo the partition
/// count: stable across processes, versions and languages.
/// </summary>
public sealed partial class RedisStreamsTopology(IOptions<RedisStreamsOptions> options)
{
    private readonly ConcurrentDictionary<string, bool> _verifiedTopics = new(StringComparer.Ordinal);

    public RedisStreamsOptions Options => options.Value;

    public int PartitionOf(string key) => PartitionOf(key, Options.Partitions);

    public static int PartitionOf(string key, int partitions)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = unchecked((hash ^ b) * prime);
        }

        return (int)(hash % (uint)partitions);
    }

    public RedisKey Stream(string topic, int partition) => $"{Options.KeyPrefix}{topic}:{partition.ToString(CultureInfo.InvariantCulture)}";

    public RedisKey DeadLetters(string topic) => $"{Options.KeyPrefix}{topic}.dead-letter";

    public RedisKey Lease(string topic, string group, int partition) =>
        $"{Options.KeyPrefix}{topic}:{partition.ToString(CultureInfo.InvariantCulture)}:lease:{group}";

    public RedisKey Members(string topic, string group) => $"{Options.KeyPrefix}{topic}:members:{group}";

    private RedisKey PartitionCount(string topic) => $"{Options.KeyPrefix}{topic}:partitions";

    /// <summary>Topic, group and consumer names become parts of keys: letters, digits, '.', '_' and '-' only, so no two names collide.</summary>
    public static void ValidateName(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 200 || !NamePattern().IsMatch(value))
        {
            throw new ArgumentException($"The {what} '{value}' must be 1..200 letters, digits, '.', '_' or '-'.", what);
        }
    }

    /// <summary>
    /// Records the topic's partition count on first use and refuses a process configured with another one: with a different count a
    /// key would move to another stream and overtake its own earlier messages.
    /// </summary>
    public async Task EnsurePartitionCountAsync(IDatabase db, string topic)
    {
        if (_verifiedTopics.ContainsKey(topic))
        {
            return;
        }

        var key = PartitionCount(topic);
        await db.StringSetAsync(key, Options.Partitions, when: When.NotExists);
        var stored = (int)await db.StringGetAsync(key);
        if (stored != Options.Partitions)
        {
            throw new InvalidOperationException(
                $"Topic '{topic}' has {stored} partitions in Redis but {RedisStreamsOptions.SectionName}:Partitions is {Options.Partitions}. " +
                "Changing the count would break the order of a key's messages: drain the topic and delete its keys first.");
        }

        _verifiedTopics.TryAdd(topic, true);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
