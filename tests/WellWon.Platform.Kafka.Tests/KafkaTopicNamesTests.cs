using Microsoft.Extensions.Options;
using WellWon.Platform.Messaging.Kafka;

namespace WellWon.Platform.Kafka.Tests;

public sealed class KafkaTopicNamesTests
{
    private static KafkaTopicNames Names(string prefix = "wellwon.") => new(Options.Create(new KafkaOptions { TopicPrefix = prefix }));

    [Fact]
    public void A_bounded_context_is_a_prefixed_topic_with_a_dlq_beside_it()
    {
        var names = Names();

        Assert.Equal("wellwon.logistics", names.Topic("logistics"));
        Assert.Equal("wellwon.logistics.dlq", names.DeadLetters("logistics"));
        Assert.Equal("logistics", Names(prefix: "").Topic("logistics"));
    }

    [Fact]
    public void The_topic_of_an_event_is_its_bounded_context_as_for_redis_streams()
    {
        Assert.Equal("wellwon.customs", Names().Topic(WellWon.Platform.Messaging.RecordedEventMessages.TopicOf("customs.declaration-submitted.v1")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/topic")]
    [InlineData("..")]
    [InlineData("ümlaut")]
    public void Names_kafka_would_refuse_are_refused_here(string topic)
    {
        Assert.Throws<ArgumentException>(() => Names().Topic(topic));
    }
}
