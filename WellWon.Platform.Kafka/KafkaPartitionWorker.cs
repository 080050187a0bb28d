using System.Globalization;
using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>
/// Handles one assigned partition, one message at a time in offset order (Kafka's unit of order; the partitions of a topic run side by
/// side). Each message is finished, handled or dead-lettered, before the next starts, and only then marked finished in the
/// <see cref="PartitionLedger"/>, so a commit never passes it. A message failing every delivery holds its partition for its retries
/// (about 21 s with the defaults), as with Redis Streams; a dead letter that cannot be written yet is retried, never skipped.
/// </summary>
internal sealed class KafkaPartitionWorker : IDisposable
{
    private readonly Channel<ConsumeResult<byte[], byte[]>> _queue =
        Channel.CreateUnbounded<ConsumeResult<byte[], byte[]>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly PartitionLedger _ledger;
    private readonly KafkaDelivery _delivery;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly ConsumerSubscription _subscription;
    private readonly string _deadLetterTopic;
    private readonly MessageHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cancellation;
    private readonly string _partitionName;
    private volatile bool _stopping;

    public KafkaPartitionWorker(
        PartitionLedger ledger,
        KafkaDelivery delivery,
        IProducer<byte[], byte[]> producer,
        ConsumerSubscription subscription,
        string deadLetterTopic,
        MessageHandler handler,
        TimeProvider time,
        ILogger logger,
        CancellationToken runToken)
    {
        (_ledger, _delivery, _producer, _subscription, _deadLetterTopic, _handler, _time, _logger) =
            (ledger, delivery, producer, subscription, deadLetterTopic, handler, time, logger);
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        _partitionName = ledger.Partition.Partition.Value.ToString(CultureInfo.InvariantCulture);
        Completion = Task.Run(RunAsync, CancellationToken.None);
    }

    public TopicPartition Partition => _ledger.Partition;

    /// <summary>Fetched and not finished: above the limit the poll loop pauses the partition.</summary>
    public int Buffered => _ledger.InFlight;

    public Task Completion { get; }

    public void Enqueue(ConsumeResult<byte[], byte[]> result)
    {
        _ledger.Fetched(result.Offset.Value);
        _queue.Writer.TryWrite(result);
    }

    /// <summary>
    /// Takes no further message; the one being handled may finish within <paramref name="grace"/>, then it is cancelled (its message stays
    /// unfinished and goes to the partition's next owner). Blocks the caller, the poll loop, which is where a rebalance must wait.
    /// </summary>
    public void Stop(TimeSpan grace)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        if (!Completion.Wait(grace))
        {
            _logger.RevokeCancelled(Partition.Partition.Value, _subscription.Topic);
            _cancellation.Cancel();
            Completion.Wait(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Cancels at once and waits (bounded) for the handler to stop: the consumer stops, or the partition is lost and may be someone else's already.</summary>
    public void Abort()
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        _cancellation.Cancel();
        Completion.Wait(TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _cancellation.Dispose();

    private async Task RunAsync()
    {
        var ct = _cancellation.Token;
        try
        {
            await foreach (var result in _queue.Reader.ReadAllAsync(ct))
            {
                if (_stopping)
                {
                    return;
                }

                await HandleAsync(result, ct);
                _ledger.Finished(result.Offset.Value);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped with a message in hand: it is not finished, so it is not committed.
        }
    }

    private async Task HandleAsync(ConsumeResult<byte[], byte[]> result, CancellationToken ct)
    {
        var record = result.Message;
        if (KafkaRecord.TryFromKafka(record.Key, record.Value, record.Headers) is not { } message)
        {
            await DeadLetterAsync(result, 1, MalformedRecord(), ct);
            return;
        }

        var received = new ReceivedMessage(_subscription.Topic, _subscription.Group, message, 1);
        await _delivery.DeliverAsync(received, _partitionName, _handler, (deliveries, error, token) => DeadLetterAsync(result, deliveries, error, token), ct);
    }

    /// <summary>Writes the dead letter and waits for the brokers' acknowledgement; retried until it succeeds, as the offset must not pass it.</summary>
    private async Task DeadLetterAsync(ConsumeResult<byte[], byte[]> result, int deliveries, DeadLetterError error, CancellationToken ct)
    {
        var source = new DeadLetterSource(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Key);
        var record = KafkaDeadLetterRecord.Build(
            source, result.Message.Value, result.Message.Headers, _subscription.Group, _subscription.ConsumerName, deliveries, error, _time.GetUtcNow());
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _producer.ProduceAsync(_deadLetterTopic, record, ct);
                _logger.DeadLettered(source.Partition, source.Offset, _subscription.Topic, deliveries, _subscription.Group,
                    KafkaDeadLetterRecord.IdOf(source, _subscription.Group));
                return;
            }
            catch (KafkaException e)
            {
                _logger.DeadLetterWriteFailed(e, _subscription.Topic);
                await Task.Delay(RetryBackoff.Delay(attempt, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)), _time, ct);
            }
        }
    }

    private static DeadLetterError MalformedRecord() =>
        new("WellWon.MalformedMessage", "The Kafka record lacks a key, a value, or the wellwon-message-id and wellwon-type headers; no handler can read it.", null);
}
