using Microsoft.Extensions.Logging;

namespace WellWon.Platform.Messaging.RedisStreams;

internal static partial class RedisStreamsLog
{
    [LoggerMessage(1, LogLevel.Information, "Consumer {Instance} took partition {Partition} of '{Topic}' for group '{Group}'")]
    public static partial void PartitionAcquired(this ILogger logger, string instance, int partition, string topic, string group);

    [LoggerMessage(2, LogLevel.Information, "Consumer {Instance} gives partition {Partition} of '{Topic}' back to group '{Group}' to balance the load")]
    public static partial void PartitionReleasing(this ILogger logger, string instance, int partition, string topic, string group);

    [LoggerMessage(3, LogLevel.Warning, "Consumer {Instance} lost its lease on partition {Partition} of '{Topic}' (group '{Group}'); it stops handling it")]
    public static partial void PartitionLost(this ILogger logger, string instance, int partition, string topic, string group);

    [LoggerMessage(4, LogLevel.Information, "Consumer {Consumer} claimed {Count} idle pending messages of a previous owner of partition {Partition} of '{Topic}' (group '{Group}')")]
    public static partial void PendingClaimed(this ILogger logger, string consumer, int count, int partition, string topic, string group);

    [LoggerMessage(5, LogLevel.Warning, "Delivery {Delivery} of message {MessageId} (key {Key}) from '{Topic}' failed in group '{Group}'; it will be delivered again")]
    public static partial void DeliveryFailed(this ILogger logger, Exception exception, int delivery, Guid messageId, string key, string topic, string group);

    [LoggerMessage(6, LogLevel.Error, "Message {EntryId} from '{Topic}' failed {Delivery} deliveries in group '{Group}' and was moved to the dead-letter stream")]
    public static partial void DeadLettered(this ILogger logger, string entryId, string topic, int delivery, string group);

    [LoggerMessage(7, LogLevel.Warning, "Consuming partition {Partition} of '{Topic}' in group '{Group}' failed; retrying")]
    public static partial void PollFailed(this ILogger logger, Exception exception, int partition, string topic, string group);

    [LoggerMessage(8, LogLevel.Warning, "Balancing partitions of '{Topic}' in group '{Group}' failed; retrying")]
    public static partial void CoordinationFailed(this ILogger logger, Exception exception, string topic, string group);
}
