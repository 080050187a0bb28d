using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.KurrentDB.Protocol;
using WireEvent = WellWon.Platform.KurrentDB.Protocol.ReadResp.Types.ReadEvent.Types.RecordedEvent;

namespace WellWon.Platform.KurrentDB;

/// <summary>
/// WellWon's events on KurrentDB's wire. Positions: KurrentDB orders <c>$all</c> by (commit position, prepare position);
/// WellWon's <see cref="LogPosition"/> orders by (transaction id, position), so the commit position is the "transaction id"
/// (every event of one append shares it) and the prepare position is the global position. Both orders are then the same.
/// </summary>
internal static class KurrentDbWire
{
    public const string TypeKey = "type";
    public const string ContentTypeKey = "content-type";
    public const string CreatedKey = "created";
    public const string Json = "application/json";

    /// <summary>Event types of KurrentDB's own records ($metadata, $>, $statsCollected…) start with '$'; WellWon reads past them.</summary>
    public const string NonSystemEventTypes = @"^[^\$]";

    /// <summary>Stream reads come from the stream index, which holds no log position: the server sends ulong.MaxValue.</summary>
    private const ulong NoPosition = ulong.MaxValue;

    public static StreamIdentifier Stream(string streamId) => new() { StreamName = ByteString.CopyFromUtf8(streamId) };

    public static UUID Uuid(Guid id) => new() { String = id.ToString("D", CultureInfo.InvariantCulture) };

    /// <summary>The string form is what WellWon asks for; the structured form is two big-endian halves of the UUID.</summary>
    public static Guid ToGuid(UUID id)
    {
        if (id.ValueCase == UUID.ValueOneofCase.String)
        {
            return Guid.Parse(id.String, CultureInfo.InvariantCulture);
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, id.Structured.MostSignificantBits);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], id.Structured.LeastSignificantBits);
        return new Guid(bytes, bigEndian: true);
    }

    public static AppendReq.Types.ProposedMessage Proposed(EventData e)
    {
        var message = new AppendReq.Types.ProposedMessage
        {
            Id = Uuid(e.EventId),
            Data = ByteString.CopyFrom(Encoding.UTF8.GetBytes(e.Data.GetRawText())),
            CustomMetadata = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(CustomMetadata.From(e.Metadata), KurrentDbJson.Default.CustomMetadata)),
        };
        message.Metadata.Add(TypeKey, e.EventType);
        message.Metadata.Add(ContentTypeKey, Json);
        return message;
    }

    public static RecordedEvent ToRecorded(WireEvent e)
    {
        var (position, transaction) = e.CommitPosition == NoPosition || e.PreparePosition == NoPosition
            ? (-1L, 0UL)
            : ((long)e.PreparePosition, e.CommitPosition);
        return new RecordedEvent(
            GlobalPosition: position,
            StreamId: e.StreamIdentifier.StreamName.ToStringUtf8(),
            StreamVersion: (long)e.StreamRevision,
            EventId: ToGuid(e.Id),
            EventType: e.Metadata.TryGetValue(TypeKey, out var type) ? type : "",
            Data: ReadData(e.Data, e.Metadata.TryGetValue(ContentTypeKey, out var contentType) ? contentType : null),
            Metadata: ReadMetadata(e.CustomMetadata),
            RecordedAt: e.Metadata.TryGetValue(CreatedKey, out var created) && long.TryParse(created, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? DateTimeOffset.UnixEpoch.AddTicks(ticks)
                : DateTimeOffset.UnixEpoch,
            TransactionId: transaction);
    }

    public static LogPosition ToLogPosition(ulong commit, ulong prepare) => new(commit, (long)prepare);

    public static ReadReq.Types.Options.Types.AllOptions From(LogPosition position) =>
        position == LogPosition.Start
            ? new() { Start = new Empty() }
            : new() { Position = new() { CommitPosition = position.TransactionId, PreparePosition = (ulong)position.Position } };

    private static JsonElement ReadData(ByteString data, string? contentType)
    {
        if (data.IsEmpty)
        {
            return JsonElement.Parse("null");
        }

        if (contentType is null or Json)
        {
            try
            {
                return JsonElement.Parse(data.Span);
            }
            catch (JsonException)
            {
                // Not JSON after all: handed over as base64 below, like any binary event another writer stored.
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteBase64StringValue(data.Span);
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    private static EventMetadata ReadMetadata(ByteString custom)
    {
        if (custom.IsEmpty)
        {
            return EventMetadata.Empty;
        }

        try
        {
            return JsonSerializer.Deserialize(custom.Span, KurrentDbJson.Default.CustomMetadata)?.ToEventMetadata() ?? EventMetadata.Empty;
        }
        catch (JsonException)
        {
            // Metadata another writer stored in its own shape: the event is still delivered.
            return EventMetadata.Empty;
        }
    }
}

/// <summary>
/// An event's custom metadata in KurrentDB: WellWon's envelope (camelCase, nulls left out, as in the PostgreSQL store's jsonb),
/// plus <c>$correlationId</c>/<c>$causationId</c>, which KurrentDB's own by-correlation projection and UI understand.
/// </summary>
internal sealed record CustomMetadata
{
    public Guid? CorrelationId { get; init; }

    public Guid? CausationId { get; init; }

    public Guid? TenantId { get; init; }

    public Guid? UserId { get; init; }

    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public string? OrderingKey { get; init; }

    [JsonPropertyName("$correlationId")]
    public string? SystemCorrelationId { get; init; }

    [JsonPropertyName("$causationId")]
    public string? SystemCausationId { get; init; }

    public static CustomMetadata From(EventMetadata m) => new()
    {
        CorrelationId = m.CorrelationId,
        CausationId = m.CausationId,
        TenantId = m.TenantId,
        UserId = m.UserId,
        TraceParent = m.TraceParent,
        TraceState = m.TraceState,
        OrderingKey = m.OrderingKey,
        SystemCorrelationId = m.CorrelationId.ToString("D", CultureInfo.InvariantCulture),
        SystemCausationId = m.CausationId?.ToString("D", CultureInfo.InvariantCulture),
    };

    public EventMetadata ToEventMetadata() => new()
    {
        CorrelationId = CorrelationId ?? (Guid.TryParse(SystemCorrelationId, CultureInfo.InvariantCulture, out var correlation) ? correlation : Guid.Empty),
        CausationId = CausationId ?? (Guid.TryParse(SystemCausationId, CultureInfo.InvariantCulture, out var causation) ? causation : null),
        TenantId = TenantId,
        UserId = UserId,
        TraceParent = TraceParent,
        TraceState = TraceState,
        OrderingKey = OrderingKey,
    };
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CustomMetadata))]
internal sealed partial class KurrentDbJson : JsonSerializerContext;
