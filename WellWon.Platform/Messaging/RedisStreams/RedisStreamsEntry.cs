using System.Globalization;
using StackExchange.Redis;

namespace WellWon.Platform.Messaging.RedisStreams;

/// <summary>How a <see cref="TransportMessage"/> is laid out as the fields of a stream entry, and a dead letter as the same fields plus its error.</summary>
internal static class RedisStreamsEntry
{
    private const string Id = "id";
    private const string Key = "key";
    private const string Type = "type";
    private const string Position = "pos";
    private const string Version = "ver";
    private const string Data = "data";
    private const string HeaderPrefix = "h:";

    private const string DeadLetterPrefix = "dl:";
    private const string DlGroup = "dl:group";
    private const string DlConsumer = "dl:consumer";
    private const string DlAttempts = "dl:attempts";
    private const string DlErrorType = "dl:error-type";
    private const string DlErrorMessage = "dl:error-message";
    private const string DlErrorStack = "dl:error-stack";
    private const string DlFailedAt = "dl:failed-at";
    private const string DlSourceId = "dl:source-id";

    public static NameValueEntry[] Encode(TransportMessage m)
    {
        var fields = new NameValueEntry[6 + m.Headers.Count];
        fields[0] = new(Id, m.MessageId.ToString());
        fields[1] = new(Key, m.Key);
        fields[2] = new(Type, m.Type);
        fields[3] = new(Position, m.GlobalPosition);
        fields[4] = new(Version, m.StreamVersion);
        fields[5] = new(Data, m.Payload);
        var i = 6;
        foreach (var (name, value) in m.Headers)
        {
            fields[i++] = new(HeaderPrefix + name, value);
        }

        return fields;
    }

    /// <summary>The message in <paramref name="fields"/>, or null when the entry is not one this transport wrote.</summary>
    public static TransportMessage? TryDecode(NameValueEntry[] fields)
    {
        Guid? id = null;
        string? key = null, type = null;
        long position = 0, version = 0;
        ReadOnlyMemory<byte>? data = null;
        Dictionary<string, string>? headers = null;

        foreach (var field in fields)
        {
            var name = field.Name.ToString();
            switch (name)
            {
                case Id:
                    id = Guid.TryParse(field.Value.ToString(), out var g) ? g : null;
                    break;
                case Key:
                    key = field.Value.ToString();
                    break;
                case Type:
                    type = field.Value.ToString();
                    break;
                case Position:
                    _ = field.Value.TryParse(out position);
                    break;
                case Version:
                    _ = field.Value.TryParse(out version);
                    break;
                case Data:
                    data = (byte[]?)field.Value;
                    break;
                default:
                    if (name.StartsWith(HeaderPrefix, StringComparison.Ordinal))
                    {
                        (headers ??= new Dictionary<string, string>(StringComparer.Ordinal))[name[HeaderPrefix.Length..]] = field.Value.ToString();
                    }

                    break;
            }
        }

        if (id is null || key is null || type is null || data is null)
        {
            return null;
        }

        var message = new TransportMessage
        {
            MessageId = id.Value,
            Key = key,
            Type = type,
            Payload = data.Value,
            GlobalPosition = position,
            StreamVersion = version,
        };
        return headers is null ? message : message with { Headers = headers };
    }

    /// <summary>The original entry's fields, untouched, followed by why and where it failed.</summary>
    public static NameValueEntry[] EncodeDeadLetter(
        StreamEntry source, string group, string consumer, int attempts, DeadLetterError error, DateTimeOffset failedAt)
    {
        var original = source.Values.Where(f => !f.Name.ToString().StartsWith(DeadLetterPrefix, StringComparison.Ordinal));
        return
        [
            .. original,
            new(DlGroup, group),
            new(DlConsumer, consumer),
            new(DlAttempts, attempts),
            new(DlErrorType, error.Type),
            new(DlErrorMessage, error.Message),
            new(DlErrorStack, error.StackTrace ?? string.Empty),
            new(DlFailedAt, failedAt.ToUnixTimeMilliseconds()),
            new(DlSourceId, source.Id),
        ];
    }

    public static DeadLetter DecodeDeadLetter(string topic, StreamEntry entry)
    {
        var original = entry.Values.Where(f => !f.Name.ToString().StartsWith(DeadLetterPrefix, StringComparison.Ordinal)).ToArray();
        var dl = entry.Values
            .Where(f => f.Name.ToString().StartsWith(DeadLetterPrefix, StringComparison.Ordinal))
            .ToDictionary(f => f.Name.ToString(), f => f.Value, StringComparer.Ordinal);
        string Text(string name) => dl.TryGetValue(name, out var v) ? v.ToString() : string.Empty;

        var stack = Text(DlErrorStack);
        return new DeadLetter(
            entry.Id.ToString(),
            topic,
            Text(DlGroup),
            Text(DlConsumer),
            int.TryParse(Text(DlAttempts), NumberStyles.Integer, CultureInfo.InvariantCulture, out var attempts) ? attempts : 0,
            new DeadLetterError(Text(DlErrorType), Text(DlErrorMessage), stack.Length == 0 ? null : stack),
            long.TryParse(Text(DlFailedAt), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : DateTimeOffset.MinValue,
            TryDecode(original),
            original.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal));
    }
}
