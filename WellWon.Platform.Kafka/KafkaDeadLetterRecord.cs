using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>Where a dead letter came from: the original record's topic, partition and offset, and its key.</summary>
public sealed record DeadLetterSource(string KafkaTopic, int Partition, long Offset, byte[]? Key);

/// <summary>
/// A dead letter as a record of <c>{topic}.dlq</c>: the original value and headers untouched, plus why and where it failed under
/// <c>wellwon-dlq-</c>. Its key is the dead letter's id, built from the original position and the group, so the compacted topic keeps
/// one record per dead letter: a message dead-lettered twice (a crash between the write and the commit) is one dead letter, and a
/// tombstone (null value) under the id removes it.
/// </summary>
public static class KafkaDeadLetterRecord
{
    public const string Prefix = "wellwon-dlq-";
    public const string Group = "wellwon-dlq-group";
    public const string Consumer = "wellwon-dlq-consumer";
    public const string Attempts = "wellwon-dlq-attempts";
    public const string ErrorType = "wellwon-dlq-error-type";
    public const string ErrorMessage = "wellwon-dlq-error-message";
    public const string ErrorStack = "wellwon-dlq-error-stack";
    public const string FailedAt = "wellwon-dlq-failed-at";
    public const string SourceTopic = "wellwon-dlq-topic";
    public const string SourcePartition = "wellwon-dlq-partition";
    public const string SourceOffset = "wellwon-dlq-offset";
    public const string SourceKey = "wellwon-dlq-key";

    /// <summary>Unique per original record and group; stable, so writing the same dead letter again overwrites it.</summary>
    public static string IdOf(DeadLetterSource source, string group) =>
        string.Create(CultureInfo.InvariantCulture, $"{source.Partition}-{source.Offset}-{group}");

    public static Message<byte[], byte[]> Build(
        DeadLetterSource source, byte[]? value, Headers? originalHeaders, string group, string consumer, int attempts, DeadLetterError error,
        DateTimeOffset failedAt)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(error);
        var headers = new Headers();
        foreach (var header in originalHeaders ?? [])
        {
            if (!header.Key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        void Add(string name, string text) => headers.Add(name, Encoding.UTF8.GetBytes(text));
        Add(Group, group);
        Add(Consumer, consumer);
        Add(Attempts, attempts.ToString(CultureInfo.InvariantCulture));
        Add(ErrorType, error.Type);
        Add(ErrorMessage, error.Message);
        if (error.StackTrace is { } stack)
        {
            Add(ErrorStack, stack);
        }

        Add(FailedAt, failedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        Add(SourceTopic, source.KafkaTopic);
        Add(SourcePartition, source.Partition.ToString(CultureInfo.InvariantCulture));
        Add(SourceOffset, source.Offset.ToString(CultureInfo.InvariantCulture));
        if (source.Key is { } key)
        {
            headers.Add(SourceKey, key);
        }

        return new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(IdOf(source, group)),
            // An empty value for an original without one: a null value would read as a tombstone.
            Value = value ?? [],
            Headers = headers,
            Timestamp = new Timestamp(failedAt),
        };
    }

    /// <summary>The tombstone that removes dead letter <paramref name="id"/> from the compacted topic.</summary>
    public static Message<byte[], byte[]> Tombstone(string id) => new() { Key = Encoding.UTF8.GetBytes(id), Value = null! };

    public static string? IdOf(Message<byte[], byte[]> record) => record.Key is { } key ? Encoding.UTF8.GetString(key) : null;

    public static bool IsTombstone(Message<byte[], byte[]> record) => record.Value is null;

    /// <summary>The dead letter a record of <c>{topic}.dlq</c> holds; its <see cref="DeadLetter.Message"/> is null when the original was unreadable.</summary>
    public static DeadLetter Decode(string topic, Message<byte[], byte[]> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var dl = new Dictionary<string, string>(StringComparer.Ordinal);
        var original = new Headers();
        byte[]? originalKey = null;
        foreach (var header in record.Headers ?? [])
        {
            if (header.Key == SourceKey)
            {
                originalKey = header.GetValueBytes();
            }
            else if (header.Key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                dl[header.Key] = KafkaRecord.Text(header);
            }
            else
            {
                original.Add(header.Key, header.GetValueBytes());
            }
        }

        string Text(string name) => dl.GetValueOrDefault(name, string.Empty);
        var raw = KafkaRecord.RawHeaders(original);
        if (originalKey is not null)
        {
            raw["key"] = Encoding.UTF8.GetString(originalKey);
        }

        raw["source"] = $"{Text(SourceTopic)}/{Text(SourcePartition)}@{Text(SourceOffset)}";
        var stack = Text(ErrorStack);
        return new DeadLetter(
            IdOf(record) ?? string.Empty,
            topic,
            Text(Group),
            Text(Consumer),
            int.TryParse(Text(Attempts), NumberStyles.Integer, CultureInfo.InvariantCulture, out var attempts) ? attempts : 0,
            new DeadLetterError(Text(ErrorType), Text(ErrorMessage), stack.Length == 0 ? null : stack),
            long.TryParse(Text(FailedAt), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : DateTimeOffset.MinValue,
            KafkaRecord.TryFromKafka(originalKey, record.Value, original),
            raw);
    }
}
