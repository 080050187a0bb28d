using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>
/// Consumer groups on Kafka. Each <see cref="RunAsync"/> is one group member subscribed to one topic, with a poll loop on a thread of its
/// own and a <see cref="KafkaPartitionWorker"/> per assigned partition, so partitions run side by side and each in order. Offsets are
/// committed only after the handler succeeded (auto-commit and auto offset store off): the poll loop commits what the
/// <see cref="OffsetLedger"/> says is finished every <see cref="KafkaOptions.CommitInterval"/>, when partitions are revoked, and when it
/// stops. Rebalances are cooperative: a revoked partition lets its running handler finish within <see cref="KafkaOptions.RevokeGracePeriod"/>
/// (else cancels it), drops what it had fetched but not started, and commits only up to its first unfinished message; a lost partition
/// commits nothing. The next owner starts at the committed offset, so a message may be handled twice (after a crash, every message since
/// the last commit) but never skipped; projections and sagas are idempotent for that.
/// </summary>
public sealed class KafkaConsumer(
    KafkaClients clients,
    KafkaTopicNames names,
    KafkaTopicProvisioner topics,
    IOptions<KafkaOptions> options,
    TimeProvider time,
    ILogger<KafkaConsumer> logger) : IMessageConsumer
{
    private KafkaClients Clients => clients;

    private KafkaTopicNames Names => names;

    private KafkaOptions Options => options.Value;

    private TimeProvider Time => time;

    private ILogger Logger => logger;

    public async Task RunAsync(ConsumerSubscription subscription, MessageHandler handler, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(handler);
        KafkaTopicNames.Validate(subscription.Topic, "topic");
        KafkaTopicNames.Validate(subscription.Group, "group");
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription.ConsumerName);

        // Each message's span continues the trace that wrote it, not whatever trace started this consumer.
        Activity.Current = null;

        // Kafka briefly unreachable at start must not end the consumer for good.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await topics.EnsureAsync(subscription.Topic, ct);
                break;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.ConsumeFailed(ex, subscription.Topic, subscription.Group);
                try
                {
                    await Task.Delay(RetryBackoff.Delay(attempt, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)), time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        // Consume blocks, and librdkafka calls the rebalance handlers from inside it: the loop gets a thread of its own.
        await Task.Factory.StartNew(() => Poll(subscription, handler, ct), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Poll(ConsumerSubscription subscription, MessageHandler handler, CancellationToken ct)
    {
        for (var attempt = 1; !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                using var member = new Member(this, subscription, handler, ct);
                member.Run();
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // A fatal client error: a new member (and client) takes over from the committed offsets.
                logger.ConsumeFailed(ex, subscription.Topic, subscription.Group);
                ct.WaitHandle.WaitOne(RetryBackoff.Delay(attempt, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)));
            }
        }
    }

    /// <summary>One group member: its client, its partitions' workers and its offsets. Everything here runs on the poll thread.</summary>
    private sealed class Member : IDisposable
    {
        private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

        private readonly KafkaConsumer _owner;
        private readonly ConsumerSubscription _subscription;
        private readonly MessageHandler _handler;
        private readonly CancellationToken _ct;
        private readonly KafkaOptions _options;
        private readonly string _kafkaTopic;
        private readonly string _deadLetterTopic;
        private readonly KafkaDelivery _delivery;
        private readonly OffsetLedger _ledger = new();
        private readonly Dictionary<TopicPartition, KafkaPartitionWorker> _workers = [];
        private readonly HashSet<TopicPartition> _paused = [];
        private readonly IConsumer<byte[], byte[]> _consumer;
        private Error? _fatal;

        public Member(KafkaConsumer owner, ConsumerSubscription subscription, MessageHandler handler, CancellationToken ct)
        {
            (_owner, _subscription, _handler, _ct) = (owner, subscription, handler, ct);
            _options = owner.Options;
            _kafkaTopic = owner.Names.Topic(subscription.Topic);
            _deadLetterTopic = owner.Names.DeadLetters(subscription.Topic);
            _delivery = new KafkaDelivery(_options, owner.Time, owner.Logger);
            _consumer = new ConsumerBuilder<byte[], byte[]>(owner.Clients.ConsumerConfig(subscription.Group, subscription.ConsumerName))
                .SetLogHandler((_, m) => owner.Clients.Log(m))
                .SetErrorHandler((_, e) =>
                {
                    owner.Clients.Error(e);
                    if (e.IsFatal)
                    {
                        _fatal = e;
                    }
                })
                .SetPartitionsAssignedHandler((_, partitions) => Assigned(partitions))
                .SetPartitionsRevokedHandler((_, partitions) => Revoked(partitions))
                .SetPartitionsLostHandler((_, partitions) => Lost(partitions))
                .Build();
        }

        private ILogger Logger => _owner.Logger;

        public void Run()
        {
            _consumer.Subscribe(_kafkaTopic);
            var nextCommit = Stopwatch.GetTimestamp();
            try
            {
                while (!_ct.IsCancellationRequested)
                {
                    ConsumeResult<byte[], byte[]>? result = null;
                    try
                    {
                        result = _consumer.Consume(PollTimeout);
                    }
                    catch (ConsumeException e) when (!e.Error.IsFatal)
                    {
                        // A record that cannot be fetched or a topic not there yet: librdkafka goes on by itself.
                        Logger.ConsumeFailed(e, _subscription.Topic, _subscription.Group);
                    }

                    if (_fatal is { } fatal)
                    {
                        throw new KafkaException(fatal);
                    }

                    if (result is { IsPartitionEOF: false } && _workers.TryGetValue(result.TopicPartition, out var worker))
                    {
                        worker.Enqueue(result);
                    }

                    ApplyBackpressure();
                    if (Stopwatch.GetElapsedTime(nextCommit) >= _options.CommitInterval)
                    {
                        Commit(_ledger.Committable());
                        nextCommit = Stopwatch.GetTimestamp();
                    }
                }
            }
            finally
            {
                Stop();
            }
        }

        /// <summary>Handlers see the cancellation, what they finished is committed, and leaving the group hands the partitions on at once.</summary>
        private void Stop()
        {
            foreach (var worker in _workers.Values)
            {
                worker.Abort();
            }

            Commit(_ledger.Committable());
            try
            {
                _consumer.Close();
            }
            catch (KafkaException e)
            {
                Logger.ConsumeFailed(e, _subscription.Topic, _subscription.Group);
            }

            foreach (var worker in _workers.Values)
            {
                worker.Dispose();
            }

            _workers.Clear();
        }

        private void Assigned(List<TopicPartition> partitions)
        {
            foreach (var partition in partitions)
            {
                if (_workers.Remove(partition, out var stale))
                {
                    stale.Abort();
                    stale.Dispose();
                }

                _paused.Remove(partition);
                _workers[partition] = new KafkaPartitionWorker(
                    _ledger.Assign(partition), _delivery, _owner.Clients.Producer, _subscription, _deadLetterTopic, _handler, _owner.Time, Logger, _ct);
            }

            Logger.PartitionsAssigned(_subscription.ConsumerName, _subscription.Topic, _subscription.Group, Describe(partitions));
        }

        private void Revoked(List<TopicPartitionOffset> revoked)
        {
            var partitions = revoked.Select(p => p.TopicPartition).ToList();
            var leaving = partitions.Select(p => _workers.Remove(p, out var w) ? w : null).OfType<KafkaPartitionWorker>().ToList();
            // Every revoked partition's worker stops taking messages first, so their graces run together, not one after another.
            var stops = leaving.Select(w => Task.Run(() => w.Stop(_options.RevokeGracePeriod))).ToArray();
            Task.WaitAll(stops);
            var final = _ledger.Revoke(partitions);
            Commit(final, remember: false);
            foreach (var worker in leaving)
            {
                worker.Dispose();
            }

            _paused.ExceptWith(partitions);
            Logger.PartitionsRevoked(_subscription.ConsumerName, _subscription.Topic, _subscription.Group, Describe(partitions),
                final.Count == 0 ? "nothing new" : string.Join(", ", final.Select(o => $"{o.Partition.Value}@{o.Offset.Value}")));
        }

        private void Lost(List<TopicPartitionOffset> lost)
        {
            var partitions = lost.Select(p => p.TopicPartition).ToList();
            foreach (var partition in partitions)
            {
                if (_workers.Remove(partition, out var worker))
                {
                    worker.Abort();
                    worker.Dispose();
                }
            }

            _ledger.Lose(partitions);
            _paused.ExceptWith(partitions);
            Logger.PartitionsLost(_subscription.ConsumerName, _subscription.Topic, _subscription.Group, Describe(partitions));
        }

        /// <summary>Pauses a partition whose worker has too much fetched and waiting, resumes it at half; librdkafka keeps the position.</summary>
        private void ApplyBackpressure()
        {
            foreach (var (partition, worker) in _workers)
            {
                var buffered = worker.Buffered;
                if (!_paused.Contains(partition) && buffered >= _options.MaxBufferedPerPartition)
                {
                    _consumer.Pause([partition]);
                    _paused.Add(partition);
                }
                else if (_paused.Contains(partition) && buffered <= _options.MaxBufferedPerPartition / 2)
                {
                    _consumer.Resume([partition]);
                    _paused.Remove(partition);
                }
            }
        }

        private void Commit(IReadOnlyList<TopicPartitionOffset> offsets, bool remember = true)
        {
            if (offsets.Count == 0)
            {
                return;
            }

            try
            {
                _consumer.Commit(offsets);
                if (remember)
                {
                    _ledger.Committed(offsets);
                }
            }
            catch (KafkaException e)
            {
                // Not committed: the ledger still offers these positions next time (or the next owner redelivers a little more).
                Logger.CommitFailed(e, _subscription.Topic, _subscription.Group);
            }
        }

        private static string Describe(IEnumerable<TopicPartition> partitions) =>
            string.Join(", ", partitions.Select(p => p.Partition.Value).Order());

        public void Dispose() => _consumer.Dispose();
    }
}
