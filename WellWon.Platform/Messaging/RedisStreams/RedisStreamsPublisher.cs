using System.Diagnostics;
using StackExchange.Redis;

namespace WellWon.Platform.Messaging.RedisStreams;

/// <summary>
/// Publishes with one XADD per message to the partition stream of its key, all of a call's commands sent as one pipelined batch on
/// the multiplexer's connection (so a key's messages reach their stream in call order), and returns when Redis has answered every one.
/// </summary>
public sealed class RedisStreamsPublisher(IConnectionMultiplexer redis, RedisStreamsTopology topology) : IMessagePublisher
{
    internal const string System = "redis_streams";

    public async Task PublishAsync(string topic, IReadOnlyList<TransportMessage> messages, CancellationToken ct)
    {
        RedisStreamsTopology.ValidateName(topic, nameof(topic));
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        ct.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        await topology.EnsurePartitionCountAsync(db, topic);

        using var activity = MessagingTelemetry.StartPublish(System, topic, messages);
        var maxLength = topology.Options.MaxLength;
        var batch = db.CreateBatch();
        var writes = new Task<RedisValue>[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = MessagingTelemetry.WithTraceContext(messages[i], activity);
            var stream = topology.Stream(topic, topology.PartitionOf(message.Key));
            writes[i] = batch.StreamAddAsync(stream, RedisStreamsEntry.Encode(message), messageId: null, maxLength: maxLength,
                useApproximateMaxLength: true, limit: null, trimMode: StreamTrimMode.KeepReferences);
        }

        batch.Execute();
        try
        {
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
