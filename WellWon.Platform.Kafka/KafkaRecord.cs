using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>
/// How a <see cref="TransportMessage"/> is laid out as a Kafka record: key = the stream id (so the producer's partitioner keeps a
/// stream in one partition), value = the event's JSON, the event's metadata as headers under their own names (so <c>traceparent</c>
/// is the W3C header any Kafka tool or OpenTelemetry propagator understands), and the envelope's own fields under <c>wellwon-</c>.
/// </summary>
public static class KafkaRecord
{
    /// <summary>Headers of this prefix are the envelope's; a message header may not use it.</summary>
    public const string ReservedPrefix = "wellwon-";

    public const string MessageId = "wellwon-message-id";
    public const string Type = "wellwon-type";
    public const string GlobalPosition = "wellwon-global-position";
    public const string StreamVersion = "wellwon-stream-version";

    public static Message<byte[], byte[]> ToKafka(TransportMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = new Headers();
        foreach (var (name, value) in message.Headers)
        {
            if (name.StartsWith(ReservedPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Header '{name}' of message {message.MessageId} uses the prefix '{ReservedPrefix}', which the transport reserves.", nameof(message));
            }

            headers.Add(name, Encoding.UTF8.GetBytes(value));
        }

        headers.Add(MessageId, Encoding.UTF8.GetBytes(message.MessageId.ToString()));
        headers.Add(Type, Encoding.UTF8.GetBytes(message.Type));
        headers.Add(GlobalPosition, Encoding.UTF8.GetBytes(message.GlobalPosition.ToString(CultureInfo.InvariantCulture)));
        headers.Add(StreamVersion, Encoding.UTF8.GetBytes(message.StreamVersion.ToString(CultureInfo.InvariantCulture)));
        return new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(message.Key),
            Value = message.Payload.ToArray(),
            Headers = headers,
        };
    }

    /// <summary>The message a record carries, or null when the record is not one this transport wrote (no key, value, id or type).</summary>
    public static TransportMessage? TryFromKafka(byte[]? key, byte[]? value, Headers? headers)
    {
        if (key is null || value is null || headers is null)
        {
            return null;
        }

        Guid? id = null;
        string? type = null;
        long position = 0, version = 0;
        Dictionary<string, string>? metadata = null;
        foreach (var header in headers)
        {
            var text = Text(header);
            switch (header.Key)
            {
                case MessageId:
                    id = Guid.TryParse(text, out var g) ? g : null;
                    break;
                case Type:
                    type = text;
                    break;
                case GlobalPosition:
                    _ = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out position);
                    break;
                case StreamVersion:
                    _ = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out version);
                    break;
                default:
                    if (!header.Key.StartsWith(ReservedPrefix, StringComparison.Ordinal))
                    {
                        (metadata ??= new Dictionary<string, string>(StringComparer.Ordinal))[header.Key] = text;
                    }

                    break;
            }
        }

        if (id is null || string.IsNullOrEmpty(type))
        {
            return null;
        }

        var message = new TransportMessage
        {
            Key = Encoding.UTF8.GetString(key),
            MessageId = id.Value,
            Type = type,
            Payload = value,
            GlobalPosition = position,
            StreamVersion = version,
        };
        return metadata is null ? message : message with { Headers = metadata };
    }

    /// <summary>Every header as text (the last one wins for a repeated name), for a record no one could read.</summary>
    public static Dictionary<string, string> RawHeaders(Headers? headers)
    {
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in headers ?? [])
        {
            raw[header.Key] = Text(header);
        }

        return raw;
    }

    internal static string Text(IHeader header) => header.GetValueBytes() is { } bytes ? Encoding.UTF8.GetString(bytes) : string.Empty;
}
