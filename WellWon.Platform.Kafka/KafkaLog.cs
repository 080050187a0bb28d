using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace WellWon.Platform.Messaging.Kafka;

internal static partial class KafkaLog
{
    [LoggerMessage(1, LogLevel.Information, "Consumer {Consumer} of '{Topic}' in group '{Group}' was assigned partitions {Partitions}")]
    public static partial void PartitionsAssigned(this ILogger logger, string consumer, string topic, string group, string partitions);

    [LoggerMessage(2, LogLevel.Information, "Consumer {Consumer} of '{Topic}' in group '{Group}' gives back partitions {Partitions}, committed up to {Offsets}")]
    public static partial void PartitionsRevoked(this ILogger logger, string consumer, string topic, string group, string partitions, string offsets);

    [LoggerMessage(3, LogLevel.Warning, "Consumer {Consumer} of '{Topic}' in group '{Group}' lost partitions {Partitions}; their unfinished messages go to the next owner")]
    public static partial void PartitionsLost(this ILogger logger, string consumer, string topic, string group, string partitions);

    [LoggerMessage(4, LogLevel.Warning, "Delivery {Delivery} of message {MessageId} (key {Key}) from '{Topic}' failed in group '{Group}'; it will be delivered again")]
    public static partial void DeliveryFailed(this ILogger logger, Exception exception, int delivery, Guid messageId, string key, string topic, string group);

    [LoggerMessage(5, LogLevel.Error, "Message at {Partition}@{Offset} of '{Topic}' failed {Delivery} deliveries in group '{Group}' and was moved to the dead-letter topic as {DeadLetterId}")]
    public static partial void DeadLettered(this ILogger logger, int partition, long offset, string topic, int delivery, string group, string deadLetterId);

    [LoggerMessage(6, LogLevel.Warning, "Consuming '{Topic}' in group '{Group}' failed; retrying")]
    public static partial void ConsumeFailed(this ILogger logger, Exception exception, string topic, string group);

    [LoggerMessage(7, LogLevel.Warning, "Committing offsets of '{Topic}' in group '{Group}' failed; the next commit includes them")]
    public static partial void CommitFailed(this ILogger logger, Exception exception, string topic, string group);

    [LoggerMessage(8, LogLevel.Warning, "Writing a dead letter of '{Topic}' failed; retrying, the partition waits")]
    public static partial void DeadLetterWriteFailed(this ILogger logger, Exception exception, string topic);

    [LoggerMessage(9, LogLevel.Information, "Kafka topics created: {Topics}")]
    public static partial void TopicsCreated(this ILogger logger, string topics);

    [LoggerMessage(10, LogLevel.Warning, "Creating Kafka topics at start-up failed; each is created again before its first use")]
    public static partial void StartupProvisioningFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 11, Message = "librdkafka {Client} [{Facility}] {Message}")]
    public static partial void ClientLog(this ILogger logger, LogLevel level, string client, string facility, string message);

    [LoggerMessage(12, LogLevel.Warning, "Kafka client error {Code}: {Reason} (fatal: {Fatal})")]
    public static partial void ClientError(this ILogger logger, ErrorCode code, string reason, bool fatal);

    [LoggerMessage(13, LogLevel.Warning, "A handler of a revoked partition {Partition} of '{Topic}' did not stop within the grace period; it is cancelled")]
    public static partial void RevokeCancelled(this ILogger logger, int partition, string topic);
}
