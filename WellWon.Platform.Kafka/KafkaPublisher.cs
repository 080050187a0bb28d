using System.Diagnostics;
using Confluent.Kafka;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>
/// Publishes through the process's idempotent producer: every message of a call is queued in call order (one key, one partition, and
/// the idempotent producer keeps a partition's order through its retries), then the call waits until the brokers acknowledged each
/// one with <c>acks=all</c>. The topic and its dead-letter topic are created on first use.
/// </summary>
public sealed class KafkaPublisher(KafkaClients clients, KafkaTopicNames names, KafkaTopicProvisioner topics) : IMessagePublisher
{
    internal const string System = "kafka";

    public async Task PublishAsync(string topic, IReadOnlyList<TransportMessage> messages, CancellationToken ct)
    {
        var kafkaTopic = names.Topic(topic);
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        ct.ThrowIfCancellationRequested();
        await topics.EnsureAsync(topic, ct);

        using var activity = MessagingTelemetry.StartPublish(System, topic, messages);
        var producer = clients.Producer;
        var writes = new Task<DeliveryResult<byte[], byte[]>>[messages.Count];
        try
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var record = KafkaRecord.ToKafka(MessagingTelemetry.WithTraceContext(messages[i], activity));
                // Not cancelled per write: a queued write goes out anyway, and the caller's token only stops the waiting.
                writes[i] = producer.ProduceAsync(kafkaTopic, record, CancellationToken.None);
            }

            await Task.WhenAll(writes).WaitAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.AddException(ex);
            throw;
        }

        MessagingTelemetry.Published.Add(messages.Count, MessagingTelemetry.TopicTag(topic));
    }
}
