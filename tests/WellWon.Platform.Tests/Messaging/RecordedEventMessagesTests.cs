using System.Text.Json;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Messaging;

namespace WellWon.Platform.Tests.Messaging;

public sealed class RecordedEventMessagesTests
{
    [Fact]
    public void An_event_crosses_the_bus_unchanged()
    {
        var e = new RecordedEvent(
            GlobalPosition: 4711,
            StreamId: "shipment-5c1f",
            StreamVersion: 3,
            EventId: Guid.NewGuid(),
            EventType: "logistics.milestone-reached.v1",
            Data: JsonSerializer.SerializeToElement(new { milestone = "customs", amount = 12.50m }),
            Metadata: new EventMetadata
            {
                CorrelationId = Guid.NewGuid(),
                CausationId = Guid.NewGuid(),
                TenantId = Guid.NewGuid(),
                UserId = Guid.NewGuid(),
                TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                TraceState = "ww=1",
            },
            RecordedAt: new DateTimeOffset(2026, 11, 25, 10, 30, 0, 123, TimeSpan.Zero),
            TransactionId: 987654321);

        var message = e.ToTransportMessage();
        var back = message.ToRecordedEvent();

        Assert.Equal(("shipment-5c1f", e.EventId, e.EventType), (message.Key, message.MessageId, message.Type));
        Assert.Equal(e.Metadata.TraceParent, message.TraceParent);
        Assert.Equal(e with { Data = default }, back with { Data = default });
        Assert.Equal(e.Data.GetRawText(), back.Data.GetRawText());
        Assert.Equal("logistics", RecordedEventMessages.TopicOf(e.EventType));
    }

    [Fact]
    public void Streams_that_share_an_ordering_key_travel_under_it_and_keep_their_own_stream()
    {
        var e = new RecordedEvent(
            GlobalPosition: 47,
            StreamId: "chat-message-01a2131d2bc37744b6684a2468f44638",
            StreamVersion: 0,
            EventId: Guid.NewGuid(),
            EventType: "chat.message-posted.v1",
            Data: JsonSerializer.SerializeToElement(new { text = "Three" }),
            Metadata: new EventMetadata { CorrelationId = Guid.NewGuid(), OrderingKey = "chat-conversation-a7e8143362f482458ae22ff06e1f102f" },
            RecordedAt: new DateTimeOffset(2026, 11, 25, 14, 31, 0, TimeSpan.Zero),
            TransactionId: 71362);

        var message = e.ToTransportMessage();
        var back = message.ToRecordedEvent();

        // One partition and one run of the partition worker per key: a conversation's messages are handled in log order.
        Assert.Equal("chat-conversation-a7e8143362f482458ae22ff06e1f102f", message.Key);
        Assert.Equal(e.StreamId, back.StreamId);
        Assert.Equal(e.Metadata, back.Metadata);
    }
}
