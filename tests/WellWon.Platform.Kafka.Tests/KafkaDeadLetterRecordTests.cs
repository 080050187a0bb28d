using System.Text;
using Confluent.Kafka;
using WellWon.Platform.Messaging;
using WellWon.Platform.Messaging.Kafka;

namespace WellWon.Platform.Kafka.Tests;

public sealed class KafkaDeadLetterRecordTests
{
    private static readonly DateTimeOffset FailedAt = new(2026, 11, 25, 10, 30, 0, TimeSpan.Zero);

    private static readonly TransportMessage Original = new()
    {
        Key = "invoice-7",
        MessageId = Guid.NewGuid(),
        Type = "finance.invoice-issued.v1",
        Payload = """{"amount":"12.50"}"""u8.ToArray(),
        GlobalPosition = 99,
        StreamVersion = 3,
        Headers = new Dictionary<string, string> { [TransportHeaders.TraceParent] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
    };

    private static Message<byte[], byte[]> DeadLetter(string group = "event-processor-workers", long offset = 4711)
    {
        var record = KafkaRecord.ToKafka(Original);
        return KafkaDeadLetterRecord.Build(
            new DeadLetterSource("wellwon.finance", 3, offset, record.Key), record.Value, record.Headers, group, "host-1.event-processor", 5,
            new DeadLetterError("System.InvalidOperationException", "projection table missing", "at Projection.Handle()"), FailedAt);
    }

    [Fact]
    public void The_error_attempts_and_original_position_travel_in_headers()
    {
        var headers = DeadLetter().Headers;

        Assert.Equal("System.InvalidOperationException", KafkaRecordTests.Text(headers, "wellwon-dlq-error-type"));
        Assert.Equal("projection table missing", KafkaRecordTests.Text(headers, "wellwon-dlq-error-message"));
        Assert.Equal("at Projection.Handle()", KafkaRecordTests.Text(headers, "wellwon-dlq-error-stack"));
        Assert.Equal("5", KafkaRecordTests.Text(headers, "wellwon-dlq-attempts"));
        Assert.Equal("wellwon.finance", KafkaRecordTests.Text(headers, "wellwon-dlq-topic"));
        Assert.Equal("3", KafkaRecordTests.Text(headers, "wellwon-dlq-partition"));
        Assert.Equal("4711", KafkaRecordTests.Text(headers, "wellwon-dlq-offset"));
        Assert.Equal("invoice-7", KafkaRecordTests.Text(headers, "wellwon-dlq-key"));
        Assert.Equal("event-processor-workers", KafkaRecordTests.Text(headers, "wellwon-dlq-group"));
        Assert.Equal(FailedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), KafkaRecordTests.Text(headers, "wellwon-dlq-failed-at"));
        // The original headers stay as they were, traceparent included.
        Assert.Equal(Original.TraceParent, KafkaRecordTests.Text(headers, "traceparent"));
    }

    [Fact]
    public void The_id_names_the_original_position_and_group_so_writing_it_twice_is_one_dead_letter()
    {
        Assert.Equal("3-4711-event-processor-workers", Encoding.UTF8.GetString(DeadLetter().Key));
        Assert.Equal(DeadLetter().Key, DeadLetter().Key);
        Assert.NotEqual(DeadLetter().Key, DeadLetter(group: "sagas").Key);
        Assert.NotEqual(DeadLetter().Key, DeadLetter(offset: 4712).Key);
    }

    [Fact]
    public void A_dead_letter_reads_back_with_its_message_intact()
    {
        var deadLetter = KafkaDeadLetterRecord.Decode("finance", DeadLetter());

        Assert.Equal("3-4711-event-processor-workers", deadLetter.Id);
        Assert.Equal("finance", deadLetter.Topic);
        Assert.Equal("event-processor-workers", deadLetter.Group);
        Assert.Equal("host-1.event-processor", deadLetter.Consumer);
        Assert.Equal(5, deadLetter.Attempts);
        Assert.Equal(new DeadLetterError("System.InvalidOperationException", "projection table missing", "at Projection.Handle()"), deadLetter.Error);
        Assert.Equal(FailedAt, deadLetter.FailedAt);
        Assert.NotNull(deadLetter.Message);
        Assert.Equal(Original.MessageId, deadLetter.Message.MessageId);
        Assert.Equal(Original.Key, deadLetter.Message.Key);
        Assert.Equal(Original.Payload.ToArray(), deadLetter.Message.Payload.ToArray());
        Assert.Equal(Original.Headers, deadLetter.Message.Headers);
        Assert.Equal("wellwon.finance/3@4711", deadLetter.RawFields["source"]);
    }

    [Fact]
    public void An_unreadable_original_is_kept_as_raw_headers()
    {
        var foreign = KafkaDeadLetterRecord.Build(
            new DeadLetterSource("wellwon.finance", 0, 1, "k"u8.ToArray()), "not ours"u8.ToArray(),
            new Headers { { "content-type", "text/plain"u8.ToArray() } }, "g", "c", 1, new DeadLetterError("WellWon.MalformedMessage", "unreadable", null), FailedAt);

        var deadLetter = KafkaDeadLetterRecord.Decode("finance", foreign);

        Assert.Null(deadLetter.Message);
        Assert.Equal("text/plain", deadLetter.RawFields["content-type"]);
        Assert.Equal("k", deadLetter.RawFields["key"]);
        Assert.Null(deadLetter.Error.StackTrace);
    }

    [Fact]
    public void A_tombstone_is_the_id_with_no_value()
    {
        var tombstone = KafkaDeadLetterRecord.Tombstone("3-4711-event-processor-workers");

        Assert.True(KafkaDeadLetterRecord.IsTombstone(tombstone));
        Assert.False(KafkaDeadLetterRecord.IsTombstone(DeadLetter()));
        Assert.Equal("3-4711-event-processor-workers", KafkaDeadLetterRecord.IdOf(tombstone));
    }

    [Fact]
    public void Page_tokens_order_dead_letters_by_time_then_position()
    {
        var a = new DeadLetterPosition(1000, 0, 5);
        var b = new DeadLetterPosition(1000, 0, 6);
        var c = new DeadLetterPosition(999, 1, 9);

        Assert.Equal([c, a, b], new[] { a, b, c }.OrderBy(p => p.SortKey));
        Assert.Equal(a, DeadLetterPosition.Parse(a.ToString()));
        Assert.Throws<ArgumentException>(() => DeadLetterPosition.Parse("1-2-3"));
    }
}
