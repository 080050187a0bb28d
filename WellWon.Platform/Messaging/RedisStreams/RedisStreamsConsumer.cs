using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace WellWon.Platform.Messaging.RedisStreams;

/// <summary>
/// Consumer groups over partitioned streams. Redis Streams hand a group's entries to whichever consumer reads next, which would let two
/// consumers handle one key's messages at once and out of order. So each topic is split into N partition streams by hash(key), and
/// within a group each partition has exactly one owner at a time: a lease (<c>SET NX PX</c>, renewed every third of its lifetime) that
/// the consumer must hold to read it. Consumers register in a per-group set with a heartbeat, take at most ceil(N / live consumers)
/// partitions, and give extra ones back after their batch in hand, so the load spreads as consumers come and go. A consumer that dies
/// stops renewing; its partitions pass to the others after the lease expires, and its unacknowledged messages are claimed, oldest
/// first, after <see cref="RedisStreamsOptions.ClaimMinIdleTime"/>. One owner per partition plus in-order handling inside it
/// (<see cref="RedisStreamsPartitionWorker"/>) is what keeps a key's messages in order with any number of consumers. The limit: a
/// consumer stalled longer than the lease (say a frozen VM) can resume handling a message alongside the new owner before it notices
/// the lost lease; handlers are idempotent for that and for every other redelivery.
/// </summary>
public sealed class RedisStreamsConsumer(
    IConnectionMultiplexer redis,
    RedisStreamsTopology topology,
    TimeProvider time,
    ILogger<RedisStreamsConsumer> logger) : IMessageConsumer
{
    // Members live until their heartbeat's score; the server's clock decides, so consumers' clocks need not agree.
    private const string HeartbeatScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
        return redis.call('ZCARD', KEYS[1])
        """;

    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public async Task RunAsync(ConsumerSubscription subscription, MessageHandler handler, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(handler);
        RedisStreamsTopology.ValidateName(subscription.Topic, "topic");
        RedisStreamsTopology.ValidateName(subscription.Group, "group");
        RedisStreamsTopology.ValidateName(subscription.ConsumerName, "consumer name");

        // Each message's span continues the trace that wrote it, not whatever trace started this consumer.
        Activity.Current = null;

        var db = redis.GetDatabase();
        // Redis briefly unreachable at start must not end the consumer for good; a wrong partition count must.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await topology.EnsurePartitionCountAsync(db, subscription.Topic);
                await Task.WhenAll(Enumerable.Range(0, topology.Options.Partitions)
                    .Select(p => EnsureGroupAsync(db, topology.Stream(subscription.Topic, p), subscription.Group)));
                break;
            }
            catch (RedisException ex) when (!ct.IsCancellationRequested)
            {
                logger.CoordinationFailed(ex, subscription.Topic, subscription.Group);
                try
                {
                    await Task.Delay(RetryBackoff.Delay(attempt, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5)), time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        await new Run(topology, time, logger, db, subscription, handler).RunAsync(ct);
    }

    /// <summary>Creates the group (and the stream) if missing; a new group starts at the beginning of what the stream holds.</summary>
    internal static async Task EnsureGroupAsync(IDatabase db, RedisKey stream, string group)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(stream, group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Already there: creation is idempotent.
        }
    }

    /// <summary>One call of <see cref="RunAsync"/>: its membership, its leases and a worker per owned partition.</summary>
    private sealed class Run(
        RedisStreamsTopology topology, TimeProvider time, ILogger logger, IDatabase db, ConsumerSubscription subscription, MessageHandler handler)
    {
        private sealed class Owned(RedisStreamsPartitionWorker worker, CancellationTokenSource cts, DateTimeOffset renewedAt)
        {
            public RedisStreamsPartitionWorker Worker { get; } = worker;

            public CancellationTokenSource Cancellation { get; } = cts;

            public Task Task { get; set; } = Task.CompletedTask;

            public DateTimeOffset RenewedAt { get; set; } = renewedAt;

            public bool Active => !Worker.ReleaseRequested && !Cancellation.IsCancellationRequested;
        }

        private readonly RedisStreamsOptions _options = topology.Options;

        // Unique per run: a second process started by mistake with the same consumer name must not share the first one's leases.
        private readonly string _instance = $"{subscription.ConsumerName}/{Guid.NewGuid():N}";
        private readonly Dictionary<int, Owned> _owned = [];
        private CancellationToken _runToken;

        private long LeaseMilliseconds => (long)_options.LeaseTime.TotalMilliseconds;

        public async Task RunAsync(CancellationToken ct)
        {
            _runToken = ct;
            using var timer = new PeriodicTimer(_options.LeaseTime / 3, time);
            try
            {
                do
                {
                    try
                    {
                        await TickAsync();
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        logger.CoordinationFailed(ex, subscription.Topic, subscription.Group);
                    }
                }
                while (await timer.WaitForNextTickAsync(ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopping is the normal way out.
            }
            finally
            {
                await StopAsync();
            }
        }

        private async Task TickAsync()
        {
            foreach (var (partition, done) in _owned.Where(kv => kv.Value.Task.IsCompleted).ToList())
            {
                _owned.Remove(partition);
                done.Cancellation.Dispose();
            }

            var now = time.GetUtcNow();
            var members = (long)await db.ScriptEvaluateAsync(
                HeartbeatScript, [topology.Members(subscription.Topic, subscription.Group)], [_instance, LeaseMilliseconds]);
            var fairShare = (int)Math.Ceiling(_options.Partitions / (double)Math.Max(1, members));

            await Task.WhenAll(_owned.Select(kv => RenewAsync(kv.Key, kv.Value, now)));

            var active = _owned.Where(kv => kv.Value.Active).OrderByDescending(kv => kv.Key).ToList();
            for (var i = 0; i < active.Count - fairShare; i++)
            {
                logger.PartitionReleasing(_instance, active[i].Key, subscription.Topic, subscription.Group);
                active[i].Value.Worker.RequestRelease();
            }

            var count = Math.Min(active.Count, fairShare);
            // Start the search at an instance-specific partition so that consumers starting together reach for different ones.
            var start = RedisStreamsTopology.PartitionOf(_instance, _options.Partitions);
            for (var i = 0; i < _options.Partitions && count < fairShare && !_runToken.IsCancellationRequested; i++)
            {
                var partition = (start + i) % _options.Partitions;
                if (_owned.ContainsKey(partition))
                {
                    continue;
                }

                var lease = topology.Lease(subscription.Topic, subscription.Group, partition);
                if (await db.StringSetAsync(lease, _instance, _options.LeaseTime, When.NotExists))
                {
                    Start(partition, now);
                    count++;
                }
            }
        }

        private async Task RenewAsync(int partition, Owned owned, DateTimeOffset now)
        {
            try
            {
                var lease = topology.Lease(subscription.Topic, subscription.Group, partition);
                if ((long)await db.ScriptEvaluateAsync(RenewScript, [lease], [_instance, LeaseMilliseconds]) == 1)
                {
                    owned.RenewedAt = now;
                    return;
                }

                logger.PartitionLost(_instance, partition, subscription.Topic, subscription.Group);
                await owned.Cancellation.CancelAsync();
            }
            catch (RedisException) when (now - owned.RenewedAt < _options.LeaseTime)
            {
                // Not renewed this time, but the lease still runs: try again at the next tick.
            }
            catch (RedisException)
            {
                // Unreachable for a whole lease: another consumer may own the partition by now.
                logger.PartitionLost(_instance, partition, subscription.Topic, subscription.Group);
                await owned.Cancellation.CancelAsync();
            }
        }

        private void Start(int partition, DateTimeOffset now)
        {
            logger.PartitionAcquired(_instance, partition, subscription.Topic, subscription.Group);
            var worker = new RedisStreamsPartitionWorker(db, topology, subscription, partition, handler, time, logger);
            var owned = new Owned(worker, CancellationTokenSource.CreateLinkedTokenSource(_runToken), now);
            _owned[partition] = owned;
            owned.Task = Task.Run(async () =>
            {
                try
                {
                    await worker.RunAsync(owned.Cancellation.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.PollFailed(ex, partition, subscription.Topic, subscription.Group);
                }
                finally
                {
                    await ReleaseAsync(partition);
                }
            });
        }

        private async Task ReleaseAsync(int partition)
        {
            try
            {
                var lease = topology.Lease(subscription.Topic, subscription.Group, partition);
                await db.ScriptEvaluateAsync(ReleaseScript, [lease], [_instance]);
            }
            catch (RedisException)
            {
                // The lease expires by itself.
            }
        }

        private async Task StopAsync()
        {
            foreach (var owned in _owned.Values)
            {
                await owned.Cancellation.CancelAsync();
            }

            try
            {
                await Task.WhenAll(_owned.Values.Select(o => o.Task));
            }
            catch (OperationCanceledException)
            {
                // Workers end by cancellation; their messages stay pending for the next owner.
            }

            foreach (var owned in _owned.Values)
            {
                owned.Cancellation.Dispose();
            }

            _owned.Clear();
            try
            {
                await db.SortedSetRemoveAsync(topology.Members(subscription.Topic, subscription.Group), _instance);
            }
            catch (RedisException)
            {
                // The membership expires by itself.
            }
        }
    }
}
