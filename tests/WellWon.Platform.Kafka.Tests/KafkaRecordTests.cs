using System.Text;
using Confluent.Kafka;
using WellWon.Platform.Messaging;
using WellWon.Platform.Messaging.Kafka;

namespace WellWon.Platform.Kafka.Tests;

public sealed class KafkaRecordTests
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static TransportMessage Message() => new()
    {
        Key = "shipment-42",
        MessageId = Guid.Parse("6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"),
        Type = "logistics.milestone-reached.v1",
        Payload = Encoding.UTF8.GetBytes("""{"milestone":"customs","note":"货物"}"""),
        GlobalPosition = 1234,
        StreamVersion = 7,
        Headers = new Dictionary<string, string>
        {
            [TransportHeaders.TraceParent] = TraceParent,
            [TransportHeaders.TraceState] = "ww=1",
            [TransportHeaders.CorrelationId] = "c0ffee00-0000-0000-0000-000000000001",
            [TransportHeaders.TenantId] = "7e7e7e7e-0000-0000-0000-000000000002",
        },
    };

    [Fact]
    public void Key_is_the_stream_id_and_value_the_event_json()
    {
        var record = KafkaRecord.ToKafka(Message());

        Assert.Equal("shipment-42", Encoding.UTF8.GetString(record.Key));
        Assert.Equal("""{"milestone":"customs","note":"货物"}""", Encoding.UTF8.GetString(record.Value));
    }

    [Fact]
    public void Traceparent_and_the_metadata_travel_as_plain_headers_the_envelope_under_its_prefix()
    {
        var headers = KafkaRecord.ToKafka(Message()).Headers;

        Assert.Equal(TraceParent, Text(headers, "traceparent"));
        Assert.Equal("ww=1", Text(headers, "tracestate"));
        Assert.Equal("c0ffee00-0000-0000-0000-000000000001", Text(headers, "correlation-id"));
        Assert.Equal("6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f", Text(headers, "wellwon-message-id"));
        Assert.Equal("logistics.milestone-reached.v1", Text(headers, "wellwon-type"));
        Assert.Equal("1234", Text(headers, "wellwon-global-position"));
        Assert.Equal("7", Text(headers, "wellwon-stream-version"));
    }

    [Fact]
    public void A_record_reads_back_as_the_same_message()
    {
        var sent = Message();
        var record = KafkaRecord.ToKafka(sent);

        var read = KafkaRecord.TryFromKafka(record.Key, record.Value, record.Headers);

        Assert.NotNull(read);
        Assert.Equal(sent.Key, read.Key);
        Assert.Equal(sent.MessageId, read.MessageId);
        Assert.Equal(sent.Type, read.Type);
        Assert.Equal(sent.GlobalPosition, read.GlobalPosition);
        Assert.Equal(sent.StreamVersion, read.StreamVersion);
        Assert.Equal(sent.Payload.ToArray(), read.Payload.ToArray());
        Assert.Equal(sent.Headers.OrderBy(h => h.Key), read.Headers.OrderBy(h => h.Key));
        Assert.Equal(TraceParent, read.TraceParent);
    }

    [Fact]
    public void A_message_header_may_not_use_the_reserved_prefix()
    {
        var message = Message() with { Headers = new Dictionary<string, string> { ["wellwon-type"] = "forged" } };

        var error = Assert.Throws<ArgumentException>(() => KafkaRecord.ToKafka(message));
        Assert.Contains("wellwon-", error.Message);
    }

    [Fact]
    public void A_record_another_producer_wrote_is_not_a_message()
    {
        var foreign = new Headers { { "traceparent", Encoding.UTF8.GetBytes(TraceParent) } };

        Assert.Null(KafkaRecord.TryFromKafka("k"u8.ToArray(), "{}"u8.ToArray(), foreign));
        Assert.Null(KafkaRecord.TryFromKafka(null, "{}"u8.ToArray(), KafkaRecord.ToKafka(Message()).Headers));
        Assert.Null(KafkaRecord.TryFromKafka("k"u8.ToArray(), null, KafkaRecord.ToKafka(Message()).Headers));
    }

    [Fact]
    public void An_event_from_the_store_keeps_its_trace_context_through_kafka()
    {
        var message = Message();
        var record = KafkaRecord.ToKafka(message);

        var recorded = KafkaRecord.TryFromKafka(record.Key, record.Value, record.Headers)!.ToRecordedEvent();

        Assert.Equal(TraceParent, recorded.Metadata.TraceParent);
        Assert.Equal("ww=1", recorded.Metadata.TraceState);
        Assert.Equal("shipment-42", recorded.StreamId);
        Assert.Equal(7, recorded.StreamVersion);
    }

    internal static string? Text(Headers headers, string name) =>
        headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
