using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WellWon.Platform.EventStore;
using WellWon.Platform.Messaging;

namespace WellWon.Platform.Relay;

/// <summary>
/// Carries every event from the store to the bus (ARCHITECTURE.md §1). One relay publishes at a time: it must hold a Redis lease
/// (<see cref="RedisLease"/>), renewed every third of its lifetime; the others wait and try to take it. While it leads, the relay
/// follows the whole log through the "relay" <see cref="ILogSubscription"/> of the configured event store, splits each batch by topic (the bounded context) and
/// publishes; the subscription saves its checkpoint only after every publish of the batch was acknowledged. So a crash or a lost
/// lease republishes at most the batch in hand, and nothing is ever skipped: consumers see each event at least once, per stream in order.
/// The lease is lost the moment a renewal finds another holder, or when renewals have failed for nine tenths of the lease; either
/// way the leadership token is cancelled, and no publish starts after that.
/// </summary>
public sealed partial class EventRelay(
    ILogSubscriptionFactory subscriptions,
    IMessagePublisher publisher,
    IConnectionMultiplexer redis,
    IOptions<RelayOptions> options,
    RelayTelemetry telemetry,
    ILogger<EventRelay> logger)
{
    private readonly RelayOptions _options = options.Value;
    private readonly RedisLease _lease = new(redis, options.Value.LockKey, options.Value.LeaseTime);
    private ILogSubscription? _leading;
    private long _published;

    /// <summary>True while this relay holds the lease and publishes.</summary>
    public bool IsLeading => Volatile.Read(ref _leading) is not null;

    /// <summary>Events this relay has published (acknowledged by the bus) since it was created.</summary>
    public long PublishedEvents => Interlocked.Read(ref _published);

    /// <summary>While leading: how far the end of the log is ahead of the last published event (global positions on PostgreSQL).</summary>
    public long? Lag => Volatile.Read(ref _leading)?.Lag;

    /// <summary>Competes for the lease and relays while holding it, until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        // Each publish span starts from the events' own traces, never from whatever started this loop.
        Activity.Current = null;
        var retryEvery = TimeSpan.FromTicks(Math.Min(_options.LeaseTime.Ticks / 5, TimeSpan.TicksPerSecond));
        telemetry.Track(this);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var sentAt = Stopwatch.GetTimestamp();
                var acquired = false;
                try
                {
                    acquired = await _lease.TryAcquireAsync().WaitAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogLeaseUnreachable(e, _options.LockKey);
                }

                if (acquired)
                {
                    await LeadAsync(sentAt, ct);
                }
                else
                {
                    await Task.Delay(retryEvery, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping is not a failure.
        }
        finally
        {
            telemetry.Untrack(this);
        }
    }

    private async Task LeadAsync(long acquireSentAt, CancellationToken ct)
    {
        using var term = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ExtendDeadline(term, acquireSentAt);
        var subscription = subscriptions.Create(RelayOptions.SubscriptionName, _options.BatchSize);
        LogLeading(_lease.Holder, _options.LockKey);
        Volatile.Write(ref _leading, subscription);
        var keeping = KeepLeaseAsync(term);
        try
        {
            await subscription.RunAsync(PublishAsync, term.Token);
        }
        finally
        {
            Volatile.Write(ref _leading, null);
            await term.CancelAsync();
            await keeping;
            try
            {
                await _lease.ReleaseAsync().WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
            }
            catch (Exception e)
            {
                // It expires by itself; the successor only waits longer.
                LogLeaseUnreachable(e, _options.LockKey);
            }

            LogStoppedLeading(_lease.Holder);
        }
    }

    private async Task KeepLeaseAsync(CancellationTokenSource term)
    {
        var every = _lease.Duration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, term.Token);
                var sentAt = Stopwatch.GetTimestamp();
                try
                {
                    if (await _lease.ExtendAsync().WaitAsync(term.Token))
                    {
                        ExtendDeadline(term, sentAt);
                        continue;
                    }

                    LogLeaseLost(_lease.Holder, _options.LockKey);
                    await term.CancelAsync();
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Not renewed this time; the deadline set by the last success stops publishing if this goes on.
                    LogLeaseUnreachable(e, _options.LockKey);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The term ended.
        }
    }

    /// <summary>
    /// Publishing stops a tenth of the lease before it could expire. Redis starts the lease when it runs the command, after
    /// <paramref name="sentAt"/>, so counting from there errs on the safe side.
    /// </summary>
    private void ExtendDeadline(CancellationTokenSource term, long sentAt)
    {
        var remaining = _lease.Duration - (_lease.Duration / 10) - Stopwatch.GetElapsedTime(sentAt);
        try
        {
            term.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        }
        catch (ObjectDisposedException)
        {
            // The term is over already.
        }
    }

    private async Task PublishAsync(IReadOnlyList<RecordedEvent> batch, CancellationToken term)
    {
        // A stream belongs to one bounded context, so splitting by topic keeps each stream's order; topics go out side by side.
        var byTopic = batch.GroupBy(e => RecordedEventMessages.TopicOf(e.EventType), StringComparer.Ordinal);
        await Task.WhenAll(byTopic.Select(topic => PublishTopicAsync(topic.Key, [.. topic], term)));
        Interlocked.Add(ref _published, batch.Count);
    }

    private async Task PublishTopicAsync(string topic, IReadOnlyList<RecordedEvent> events, CancellationToken term)
    {
        // A relay that lost its lease starts no publish, even for a batch already in hand.
        term.ThrowIfCancellationRequested();
        using var activity = RelayTelemetry.StartPublish(topic, events);
        try
        {
            await publisher.PublishAsync(topic, [.. events.Select(e => e.ToTransportMessage())], term);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            activity?.AddException(e);
            throw;
        }

        telemetry.Published.Add(events.Count, MessagingTelemetry.TopicTag(topic));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {Holder} holds the lease {LockKey} and publishes")]
    private partial void LogLeading(string holder, string lockKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {Holder} stopped publishing")]
    private partial void LogStoppedLeading(string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay {Holder} lost the lease {LockKey} to another relay; it stops publishing")]
    private partial void LogLeaseLost(string holder, string lockKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay lease {LockKey}: Redis did not answer")]
    private partial void LogLeaseUnreachable(Exception e, string lockKey);
}
