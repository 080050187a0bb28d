namespace WellWon.Platform.Messaging;

/// <summary>
/// One event on the bus. The topic it travels on is the bounded context's name; <see cref="Key"/> is the event's stream id,
/// so every event of one aggregate lands in one partition and is handled in the order it was published.
/// </summary>
public sealed record TransportMessage
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>(0, StringComparer.Ordinal);

    /// <summary>
    /// The ordering key: the event's stream id, or the <see cref="Kernel.EventMetadata.OrderingKey"/> its streams share (the stream
    /// is then in the <see cref="TransportHeaders.StreamId"/> header). Messages with one key are handled one after another, in publish order.
    /// </summary>
    public required string Key { get; init; }

    /// <summary>The event id: stable across redeliveries and replays, so consumers can deduplicate.</summary>
    public required Guid MessageId { get; init; }

    /// <summary>The event's stable type name (<c>"logistics.milestone-reached.v1"</c>).</summary>
    public required string Type { get; init; }

    /// <summary>The event's data as UTF-8 JSON.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The event's position in the whole log (0 when the message does not come from the event store).</summary>
    public long GlobalPosition { get; init; }

    /// <summary>The event's version in its stream (0 when the message does not come from the event store).</summary>
    public long StreamVersion { get; init; }

    /// <summary>The event's metadata (<see cref="TransportHeaders"/>); header names are lower-case and compared ordinally.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    /// <summary>W3C trace context of the write that produced the event, when there was one.</summary>
    public string? TraceParent => Headers.GetValueOrDefault(TransportHeaders.TraceParent);

    public string? TraceState => Headers.GetValueOrDefault(TransportHeaders.TraceState);
}

/// <summary>Header names every transport uses for the event's metadata.</summary>
public static class TransportHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string CorrelationId = "correlation-id";
    public const string CausationId = "causation-id";
    public const string TenantId = "tenant-id";
    public const string UserId = "user-id";
    public const string RecordedAt = "recorded-at";
    public const string TransactionId = "transaction-id";

    /// <summary>The event's stream, sent when the message's key is an ordering key shared by several streams.</summary>
    public const string StreamId = "stream-id";
}

/// <summary>A message as a consumer receives it.</summary>
/// <param name="DeliveryCount">How many times the group has been handed this message, this time included (1 on the first delivery).</param>
public sealed record ReceivedMessage(string Topic, string Group, TransportMessage Message, int DeliveryCount);
