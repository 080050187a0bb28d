using System.Globalization;
using System.Text.Json;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.Messaging;

/// <summary>How an event from the store travels on the bus and comes back as the same <see cref="RecordedEvent"/> on the other side.</summary>
public static class RecordedEventMessages
{
    /// <summary>
    /// The topic of an event: its bounded context, the first segment of its type name (<c>"logistics.milestone-reached.v1"</c> →
    /// <c>"logistics"</c>). A stream belongs to one context, so splitting a relay batch by topic keeps every stream's order.
    /// </summary>
    public static string TopicOf(string eventType)
    {
        var dot = eventType.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            ? eventType[..dot]
            : throw new ArgumentException($"Event type '{eventType}' does not start with its bounded context ('context.name.vN').", nameof(eventType));
    }

    /// <summary>The message the relay publishes for <paramref name="e"/>: key = stream id, id = event id, metadata as headers.</summary>
    public static TransportMessage ToTransportMessage(this RecordedEvent e)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TransportHeaders.CorrelationId] = e.Metadata.CorrelationId.ToString(),
            [TransportHeaders.RecordedAt] = e.RecordedAt.ToString("O", CultureInfo.InvariantCulture),
            [TransportHeaders.TransactionId] = e.TransactionId.ToString(CultureInfo.InvariantCulture),
        };
        AddIfPresent(headers, TransportHeaders.CausationId, e.Metadata.CausationId?.ToString());
        AddIfPresent(headers, TransportHeaders.TenantId, e.Metadata.TenantId?.ToString());
        AddIfPresent(headers, TransportHeaders.UserId, e.Metadata.UserId?.ToString());
        AddIfPresent(headers, TransportHeaders.TraceParent, e.Metadata.TraceParent);
        AddIfPresent(headers, TransportHeaders.TraceState, e.Metadata.TraceState);
        if (e.Metadata.OrderingKey is not null)
        {
            headers[TransportHeaders.StreamId] = e.StreamId;
        }

        return new TransportMessage
        {
            Key = e.Metadata.OrderingKey ?? e.StreamId,
            MessageId = e.EventId,
            Type = e.EventType,
            Payload = JsonSerializer.SerializeToUtf8Bytes(e.Data),
            GlobalPosition = e.GlobalPosition,
            StreamVersion = e.StreamVersion,
            Headers = headers,
        };
    }

    /// <summary>The event a consumer hands to projections and sagas.</summary>
    public static RecordedEvent ToRecordedEvent(this TransportMessage message)
    {
        var h = message.Headers;
        var metadata = new EventMetadata
        {
            CorrelationId = ParseGuid(h.GetValueOrDefault(TransportHeaders.CorrelationId)) ?? Guid.Empty,
            CausationId = ParseGuid(h.GetValueOrDefault(TransportHeaders.CausationId)),
            TenantId = ParseGuid(h.GetValueOrDefault(TransportHeaders.TenantId)),
            UserId = ParseGuid(h.GetValueOrDefault(TransportHeaders.UserId)),
            TraceParent = message.TraceParent,
            TraceState = message.TraceState,
            OrderingKey = h.ContainsKey(TransportHeaders.StreamId) ? message.Key : null,
        };
        using var document = JsonDocument.Parse(message.Payload);
        var recordedAt = h.GetValueOrDefault(TransportHeaders.RecordedAt) is { } at
            ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : DateTimeOffset.MinValue;
        var transactionId = ulong.TryParse(h.GetValueOrDefault(TransportHeaders.TransactionId), NumberStyles.None, CultureInfo.InvariantCulture, out var tx)
            ? tx
            : 0UL;

        return new RecordedEvent(
            message.GlobalPosition,
            h.GetValueOrDefault(TransportHeaders.StreamId) ?? message.Key,
            message.StreamVersion,
            message.MessageId,
            message.Type,
            document.RootElement.Clone(),
            metadata,
            recordedAt,
            transactionId);
    }

    private static void AddIfPresent(Dictionary<string, string> headers, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            headers[name] = value;
        }
    }

    private static Guid? ParseGuid(string? value) => Guid.TryParse(value, out var id) ? id : null;
}
