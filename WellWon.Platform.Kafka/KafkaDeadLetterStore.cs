using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>
/// Dead letters in <c>{topic}.dlq</c>, a compacted topic keyed by dead-letter id. Kafka cannot delete one record, so what
/// <see cref="IDeadLetterStore"/> asks is done the Kafka way: <see cref="DeleteAsync"/> writes a tombstone (the record disappears at the
/// next compaction), <see cref="ReplayAsync"/> publishes the message to its topic again and then writes the tombstone, and
/// <see cref="ListAsync"/> reads the whole dead-letter topic from its start, keeping each id's latest record and dropping tombstoned
/// ones. That costs a read of every dead letter per call: right for the hundreds a team works through, not for millions. Unlike Redis
/// (XDEL answers whether it removed the entry), two concurrent deletes of one dead letter may both answer true.
/// </summary>
public sealed class KafkaDeadLetterStore(
    KafkaClients clients, KafkaTopicNames names, KafkaTopicProvisioner topics, IMessagePublisher publisher, IOptions<KafkaOptions> options)
    : IDeadLetterStore
{
    public async Task<DeadLetterPage> ListAsync(string topic, string? pageToken, int pageSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var after = pageToken is null ? null : DeadLetterPosition.Parse(pageToken);
        var live = await ReadAsync(topic, ct);
        var rest = live.Values.OrderBy(d => d.Position.SortKey).Where(d => after is null || d.Position.SortKey.CompareTo(after.SortKey) > 0)
            .Take(pageSize + 1).ToList();
        var items = rest.Take(pageSize).ToList();
        return new DeadLetterPage(
            [.. items.Select(d => KafkaDeadLetterRecord.Decode(topic, d.Record))],
            rest.Count > pageSize ? items[^1].Position.ToString() : null);
    }

    public async Task<bool> ReplayAsync(string topic, string deadLetterId, CancellationToken ct)
    {
        var live = await ReadAsync(topic, ct);
        if (!live.TryGetValue(deadLetterId, out var found))
        {
            return false;
        }

        var message = KafkaDeadLetterRecord.Decode(topic, found.Record).Message
            ?? throw new InvalidOperationException($"Dead letter {deadLetterId} of '{topic}' holds no readable message; it can only be deleted.");

        // Publish first: a crash between the two leaves the dead letter in place (replayable again), never a lost message.
        await publisher.PublishAsync(topic, [message], ct);
        await clients.Producer.ProduceAsync(names.DeadLetters(topic), KafkaDeadLetterRecord.Tombstone(deadLetterId), ct);
        return true;
    }

    public async Task<bool> DeleteAsync(string topic, string deadLetterId, CancellationToken ct)
    {
        var live = await ReadAsync(topic, ct);
        if (!live.ContainsKey(deadLetterId))
        {
            return false;
        }

        await clients.Producer.ProduceAsync(names.DeadLetters(topic), KafkaDeadLetterRecord.Tombstone(deadLetterId), ct);
        return true;
    }

    /// <summary>The live dead letters: per id the latest record, unless that is a tombstone.</summary>
    private async Task<Dictionary<string, Stored>> ReadAsync(string topic, CancellationToken ct)
    {
        var kafkaTopic = names.DeadLetters(topic);
        // Created if missing, so that reading it never lets the broker auto-create it with other settings.
        await topics.EnsureAsync(topic, ct);
        return await Task.Run(() => Read(kafkaTopic, ct), ct);
    }

    private Dictionary<string, Stored> Read(string kafkaTopic, CancellationToken ct)
    {
        var timeout = options.Value.OperationTimeout;
        var metadata = clients.Admin.GetMetadata(kafkaTopic, timeout).Topics.SingleOrDefault(t => t.Topic == kafkaTopic);
        var latest = new Dictionary<string, Stored?>(StringComparer.Ordinal);
        if (metadata is null || metadata.Error.Code == ErrorCode.UnknownTopicOrPart)
        {
            return [];
        }

        using var reader = new ConsumerBuilder<byte[], byte[]>(clients.ReaderConfig())
            .SetLogHandler((_, m) => clients.Log(m))
            .Build();
        var start = new List<TopicPartitionOffset>();
        foreach (var partition in metadata.Partitions)
        {
            var tp = new TopicPartition(kafkaTopic, partition.PartitionId);
            var marks = reader.QueryWatermarkOffsets(tp, timeout);
            if (marks.High > marks.Low)
            {
                start.Add(new TopicPartitionOffset(tp, marks.Low));
            }
        }

        var reading = start.Select(s => s.TopicPartition).ToHashSet();
        reader.Assign(start);
        var deadline = DateTime.UtcNow + timeout;
        while (reading.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            var result = reader.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Reading the dead letters of '{kafkaTopic}' took longer than {timeout.TotalSeconds} s.");
                }

                continue;
            }

            deadline = DateTime.UtcNow + timeout;
            if (result.IsPartitionEOF)
            {
                reading.Remove(result.TopicPartition);
                continue;
            }

            if (KafkaDeadLetterRecord.IdOf(result.Message) is { } id)
            {
                latest[id] = KafkaDeadLetterRecord.IsTombstone(result.Message)
                    ? null
                    : new Stored(new DeadLetterPosition(result.Message.Timestamp.UnixTimestampMs, result.Partition.Value, result.Offset.Value), result.Message);
            }
        }

        reader.Close();
        return latest.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
    }

    private sealed record Stored(DeadLetterPosition Position, Message<byte[], byte[]> Record);
}

/// <summary>Where a dead letter sits in the listing order (oldest first): its time, then partition and offset; also the page token.</summary>
public sealed record DeadLetterPosition(long TimestampMs, int Partition, long Offset)
{
    public (long, int, long) SortKey => (TimestampMs, Partition, Offset);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{TimestampMs}.{Partition}.{Offset}");

    public static DeadLetterPosition Parse(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ts)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var partition)
            && long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset)
                ? new DeadLetterPosition(ts, partition, offset)
                : throw new ArgumentException($"'{token}' is not a page token of this dead-letter listing.", nameof(token));
    }
}
