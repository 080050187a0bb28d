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
}
