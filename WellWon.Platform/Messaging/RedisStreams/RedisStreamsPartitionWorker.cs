using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace WellWon.Platform.Messaging.RedisStreams;

/// <summary>
/// Consumes one partition stream for the consumer that holds its lease. Order per key rests on three rules here:
/// (1) new entries (XREADGROUP &gt;) are read only when the group has nothing pending on the partition, so a redelivery is never
/// overtaken by a later message; (2) pending entries are taken strictly from the oldest: ours are redelivered in order, and a
/// previous owner's are claimed, exactly the oldest ones and only once idle (XCLAIM on those ids, not XAUTOCLAIM, which skips entries not
/// yet idle and would let a later one go first); (3) in a batch of new entries different keys run in parallel but one key's run
/// sequentially, and a failed message holds back the rest of its key until it succeeds or is dead-lettered.
/// The price: a failing message holds back its partition (1/N of the topic, like a Kafka partition) for its retries, ~21 s by default.
/// </summary>
internal sealed class RedisStreamsPartitionWorker(
    IDatabase db,
    RedisStreamsTopology topology,
    ConsumerSubscription subscription,
    int partition,
    MessageHandler handler,
    TimeProvider time,
    ILogger logger)
{
    private enum Outcome
    {
        Acked,
        DeadLettered,
        Held,
    }

    private readonly RedisStreamsOptions _options = topology.Options;
    private readonly RedisKey _stream = topology.Stream(subscription.Topic, partition);
    private readonly string _partitionName = partition.ToString(CultureInfo.InvariantCulture);
    private readonly KeyValuePair<string, object?>[] _tags =
        [MessagingTelemetry.TopicTag(subscription.Topic), MessagingTelemetry.GroupTag(subscription.Group)];

    private volatile bool _releaseRequested;

    public int Partition => partition;

    public bool ReleaseRequested => _releaseRequested;

    /// <summary>Finish the batch at hand, then stop, so the partition changes hands with nothing in flight.</summary>
    public void RequestRelease() => _releaseRequested = true;

    public async Task RunAsync(CancellationToken ct)
    {
        var delay = _options.PollMinDelay;
        while (!ct.IsCancellationRequested && !_releaseRequested)
        {
            bool progressed;
            try
            {
                progressed = await PollOnceAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.PollFailed(ex, partition, subscription.Topic, subscription.Group);
                if (ex is RedisServerException && ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
                {
                    await TryAsync(() => RedisStreamsConsumer.EnsureGroupAsync(db, _stream, subscription.Group));
                }

                progressed = false;
                delay = _options.PollMaxDelay;
            }

            if (progressed)
            {
                delay = _options.PollMinDelay;
                continue;
            }

            try
            {
                await Task.Delay(delay, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.PollMaxDelay.Ticks));
        }
    }

    /// <summary>One step: handle new entries, or redeliver pending ones, or claim a previous owner's. False when there was nothing to do.</summary>
    private async Task<bool> PollOnceAsync(CancellationToken ct)
    {
        var group = subscription.Group;
        var consumer = subscription.ConsumerName;
        var pending = await db.StreamPendingMessagesAsync(_stream, group, _options.BatchSize, RedisValue.Null);
        if (pending.Length == 0)
        {
            var fresh = await db.StreamReadGroupAsync(_stream, group, consumer, StreamPosition.NewMessages, _options.BatchSize);
            if (fresh.Length == 0)
            {
                return false;
            }

            await HandleNewAsync(fresh, ct);
            return true;
        }

        if (pending[0].ConsumerName == consumer)
        {
            await RedeliverAsync(pending.TakeWhile(p => p.ConsumerName == consumer), ct);
            return true;
        }

        // The oldest pending entries belong to a consumer that had this partition before. Take exactly those, and only once they
        // have been idle long enough that their consumer is surely not handling them any more.
        var previousOwners = pending.TakeWhile(p => p.ConsumerName != consumer).Select(p => p.MessageId).ToArray();
        var claimed = await db.StreamClaimIdsOnlyAsync(
            _stream, group, consumer, (long)_options.ClaimMinIdleTime.TotalMilliseconds, previousOwners);
        if (claimed.Length == 0)
        {
            return false;
        }

        logger.PendingClaimed(consumer, claimed.Length, partition, subscription.Topic, group);
        return true;
    }

    private async Task HandleNewAsync(StreamEntry[] entries, CancellationToken ct)
    {
        var byKey = new Dictionary<string, List<(StreamEntry Entry, TransportMessage Message)>>(StringComparer.Ordinal);
        var runs = new List<List<(StreamEntry Entry, TransportMessage Message)>>();
        foreach (var entry in entries)
        {
            if (RedisStreamsEntry.TryDecode(entry.Values) is not { } message)
            {
                await DeadLetterAsync(entry, 1, MalformedEntry());
                continue;
            }

            if (!byKey.TryGetValue(message.Key, out var run))
            {
                byKey[message.Key] = run = [];
                runs.Add(run);
            }

            run.Add((entry, message));
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentKeys, CancellationToken = ct };
        await Parallel.ForEachAsync(runs, parallel, async (run, token) =>
        {
            foreach (var (entry, message) in run)
            {
                if (await DeliverAsync(entry, message, deliveryCount: 1, token) == Outcome.Held)
                {
                    return;
                }
            }
        });
    }

    private async Task RedeliverAsync(IEnumerable<StreamPendingMessageInfo> mine, CancellationToken ct)
    {
        foreach (var info in mine)
        {
            ct.ThrowIfCancellationRequested();

            // XCLAIM to ourselves counts the delivery (XPENDING's count) and returns the entry; only the message about to be
            // handled is counted, so the ones waiting behind a failing message do not run out of deliveries.
            var claimed = await db.StreamClaimAsync(_stream, subscription.Group, subscription.ConsumerName, 0, [info.MessageId]);
            if (claimed.Length == 0 || claimed[0].IsNull)
            {
                // Trimmed away (MAXLEN) while pending: nothing left to deliver.
                await db.StreamAcknowledgeAsync(_stream, subscription.Group, info.MessageId);
                continue;
            }

            var entry = claimed[0];
            var delivery = info.DeliveryCount + 1;
            var outcome = RedisStreamsEntry.TryDecode(entry.Values) is { } message
                ? await DeliverAsync(entry, message, delivery, ct)
                : await DeadLetterAsync(entry, delivery, MalformedEntry());
            if (outcome == Outcome.Held)
            {
                return;
            }
        }
    }

    private async Task<Outcome> DeliverAsync(StreamEntry entry, TransportMessage message, int deliveryCount, CancellationToken ct)
    {
        var received = new ReceivedMessage(subscription.Topic, subscription.Group, message, deliveryCount);
        using var activity = MessagingTelemetry.StartProcess(RedisStreamsPublisher.System, received, _partitionName);
        if (deliveryCount > 1)
        {
            MessagingTelemetry.Retries.Add(1, _tags);
        }

        // The back-off goes on growing across deliveries, so a message rides out an outage of the whole retry budget.
        var triedBefore = (deliveryCount - 1) * _options.HandlerAttempts;
        var failure = await HandlerAttempts.RunAsync(handler, received, _options.HandlerAttempts, triedBefore,
            _options.RetryBaseDelay, _options.RetryMaxDelay, activity, _tags, time, ct);
        if (failure is null)
        {
            await db.StreamAcknowledgeAsync(_stream, subscription.Group, entry.Id);
            MessagingTelemetry.Consumed.Add(1, _tags);
            return Outcome.Acked;
        }

        activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
        if (deliveryCount >= _options.MaxDeliveries)
        {
            return await DeadLetterAsync(entry, deliveryCount, DeadLetterError.From(failure, _options.DeadLetterStackTraceLength));
        }

        logger.DeliveryFailed(failure, deliveryCount, message.MessageId, message.Key, subscription.Topic, subscription.Group);
        await Task.Delay(RetryBackoff.Delay(triedBefore + _options.HandlerAttempts, _options.RetryBaseDelay, _options.RetryMaxDelay), time, ct);
        return Outcome.Held;
    }

    /// <summary>Moves the entry to the dead-letter stream, then acknowledges it (a crash in between leaves a duplicate dead letter, no loss).</summary>
    private async Task<Outcome> DeadLetterAsync(StreamEntry entry, int deliveryCount, DeadLetterError error)
    {
        var fields = RedisStreamsEntry.EncodeDeadLetter(
            entry, subscription.Group, subscription.ConsumerName, deliveryCount, error, time.GetUtcNow());
        await db.StreamAddAsync(topology.DeadLetters(subscription.Topic), fields);
        await db.StreamAcknowledgeAsync(_stream, subscription.Group, entry.Id);
        MessagingTelemetry.DeadLettered.Add(1, _tags);
        logger.DeadLettered(entry.Id.ToString(), subscription.Topic, deliveryCount, subscription.Group);
        return Outcome.DeadLettered;
    }

    private static DeadLetterError MalformedEntry() =>
        new("WellWon.MalformedMessage", "The stream entry lacks an id, key, type or data field; no handler can read it.", null);

    private static async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (RedisException)
        {
            // The next poll tries again.
        }
    }
}
