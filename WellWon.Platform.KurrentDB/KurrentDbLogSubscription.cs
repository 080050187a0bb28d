using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.KurrentDB.Protocol;
using ReadOptions = WellWon.Platform.KurrentDB.Protocol.ReadReq.Types.Options;

namespace WellWon.Platform.KurrentDB;

/// <summary>How a <see cref="KurrentDbLogSubscription"/> batches and recovers.</summary>
public sealed record KurrentDbSubscriptionOptions
{
    /// <summary>Events handed to the handler at most at once (also the server's search window while catching up).</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>First wait before resubscribing after a drop; it doubles with each failure in a row up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// A catch-up subscription to <c>$all</c> (system events filtered out on the server) from the checkpoint WellWon keeps in
/// PostgreSQL. Each batch goes to the handler and only then is its last position saved, so delivery is at least once and in
/// log order. The server's checkpoints (sent while it scans past filtered-out events, and when it goes live) are saved too,
/// when no event is pending, so a long run of system events never leaves the checkpoint behind.
/// Whatever ends the call — the server dropping it, Unavailable, Cancelled, DeadlineExceeded, a reset connection, the stream
/// simply ending, or the handler failing — the subscription waits (doubling, capped) and subscribes again after the last
/// saved position: the server sends only events after it, so nothing is skipped and nothing checkpointed comes twice.
/// </summary>
public sealed partial class KurrentDbLogSubscription(
    string name,
    KurrentDbConnection connection,
    KurrentDbEventStore store,
    ICheckpointStore checkpoints,
    EventStoreTelemetry telemetry,
    KurrentDbSubscriptionOptions options,
    ILogger<KurrentDbLogSubscription> logger) : ILogSubscription
{
    private static readonly TimeSpan HeadRefreshInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private LogPosition _position;
    private LogPosition _head;
    private DateTimeOffset _headRefreshedAt = DateTimeOffset.MinValue;
    private int _subscriptions;
    private volatile bool _live;

    public string Name { get; } = name;

    public LogPosition Position
    {
        get { lock (_gate) { return _position; } }
        private set { lock (_gate) { _position = value; } }
    }

    /// <summary>Bytes of the transaction log between its last record and <see cref="Position"/> (refreshed about once a second while running).</summary>
    public long Lag
    {
        get
        {
            lock (_gate)
            {
                return Math.Max(0, _head.Position - _position.Position);
            }
        }
    }

    /// <summary>How many times a subscription call was opened (1 + the resubscriptions after drops).</summary>
    public int Subscriptions => Volatile.Read(ref _subscriptions);

    /// <summary>True between the server's "caught up" and the next drop: events now arrive as they are written.</summary>
    public bool IsLive => _live;

    public async Task RunAsync(Func<IReadOnlyList<RecordedEvent>, CancellationToken, Task> handle, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        telemetry.Track(this);
        try
        {
            Position = await LoadCheckpointAsync(ct);
            LogStarted(Name, Position.TransactionId, Position.Position);
            var failures = 0;
            while (!ct.IsCancellationRequested)
            {
                var progress = new Progress();
                try
                {
                    await FollowAsync(handle, progress, ct);
                    LogStreamEnded(Name);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception) when (ct.IsCancellationRequested)
                {
                    // Stopping ends the call with Cancelled: not a drop.
                    break;
                }
                catch (HandlerFailedException e)
                {
                    LogHandlerFailed(e.InnerException!, Name, failures + 1);
                }
                catch (Exception e)
                {
                    var failure = KurrentDbErrors.Map(e);
                    if (progress.Node is { } node)
                    {
                        connection.OnFailure(node, failure);
                    }

                    LogDropped(failure, Name, Reason(failure), failures + 1);
                }
                finally
                {
                    _live = false;
                }

                failures = progress.Handled ? 1 : failures + 1;
                await Task.Delay(RetryDelay(failures), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            telemetry.Untrack(this);
        }
    }

    /// <summary>One subscription call, from <see cref="Position"/> until it ends (normally only by failing).</summary>
    private async Task FollowAsync(Func<IReadOnlyList<RecordedEvent>, CancellationToken, Task> handle, Progress progress, CancellationToken ct)
    {
        progress.Node = await connection.GetNodeAsync(ct);
        var from = Position;
        var request = KurrentDbEventStore.Request(new ReadOptions
        {
            All = KurrentDbWire.From(from),
            ReadDirection = ReadOptions.Types.ReadDirection.Forwards,
            Subscription = new ReadOptions.Types.SubscriptionOptions(),
            Filter = KurrentDbEventStore.NonSystemEvents((uint)Math.Clamp(options.BatchSize, 32, 1000), checkpointEvery: 1),
        });

        using var callLifetime = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var call = progress.Node.Client.Read(request, connection.SubscriptionOptions(callLifetime.Token));
        Interlocked.Increment(ref _subscriptions);
        LogSubscribing(Name, from.TransactionId, from.Position);

        // The server's messages are read ahead into a bounded buffer, so the handler gets every event that has already arrived as one batch.
        var buffer = Channel.CreateBounded<ReadResp>(new BoundedChannelOptions(options.BatchSize * 2) { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(call.ResponseStream, buffer.Writer, callLifetime.Token);
        try
        {
            var batch = new List<RecordedEvent>(options.BatchSize);
            while (await buffer.Reader.WaitToReadAsync(ct))
            {
                while (batch.Count < options.BatchSize && buffer.Reader.TryRead(out var response))
                {
                    switch (response.ContentCase)
                    {
                        case ReadResp.ContentOneofCase.Event:
                            var e = KurrentDbWire.ToRecorded(response.Event.Event);
                            // The server sends only events after the position asked for; this guards the checkpoint against any that is not.
                            if (e.LogPosition > Position && !e.EventType.StartsWith('$'))
                            {
                                batch.Add(e);
                            }

                            break;
                        case ReadResp.ContentOneofCase.Checkpoint:
                            await HandleAsync(handle, batch, progress, ct);
                            await AdvanceAsync(KurrentDbWire.ToLogPosition(response.Checkpoint.CommitPosition, response.Checkpoint.PreparePosition), ct);
                            break;
                        case ReadResp.ContentOneofCase.CaughtUp:
                            await HandleAsync(handle, batch, progress, ct);
                            if (response.CaughtUp.Position is { } at)
                            {
                                await AdvanceAsync(KurrentDbWire.ToLogPosition(at.CommitPosition, at.PreparePosition), ct);
                            }

                            _live = true;
                            LogCaughtUp(Name, Position.TransactionId, Position.Position);
                            break;
                        case ReadResp.ContentOneofCase.FellBehind:
                            _live = false;
                            break;
                        case ReadResp.ContentOneofCase.Confirmation:
                            LogConfirmed(Name, response.Confirmation.SubscriptionId);
                            break;
                    }
                }

                await HandleAsync(handle, batch, progress, ct);
            }
        }
        finally
        {
            // Ends the call (if the server has not) before the next subscription starts.
            await callLifetime.CancelAsync();
            await pump;
        }
    }

    private async Task HandleAsync(Func<IReadOnlyList<RecordedEvent>, CancellationToken, Task> handle, List<RecordedEvent> batch, Progress progress, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        RecordedEvent[] events = [.. batch];
        batch.Clear();
        try
        {
            await handle(events, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new HandlerFailedException(e);
        }

        await checkpoints.SaveAsync(Name, events[^1].LogPosition, ct);
        Position = events[^1].LogPosition;
        progress.Handled = true;
        await RefreshHeadAsync(ct);
    }

    /// <summary>Moves the checkpoint to a position the server vouches for (everything before it was sent or filtered out).</summary>
    private async Task AdvanceAsync(LogPosition checkpoint, CancellationToken ct)
    {
        if (checkpoint <= Position)
        {
            return;
        }

        await checkpoints.SaveAsync(Name, checkpoint, ct);
        Position = checkpoint;
        await RefreshHeadAsync(ct);
    }

    private async Task RefreshHeadAsync(CancellationToken ct)
    {
        if (DateTimeOffset.UtcNow - _headRefreshedAt < HeadRefreshInterval)
        {
            return;
        }

        _headRefreshedAt = DateTimeOffset.UtcNow;
        try
        {
            var head = await store.GetHeadAsync(ct);
            lock (_gate)
            {
                _head = head;
            }
        }
        catch (Exception e) when (e is KurrentDbException or RpcException)
        {
            // Only the lag figure waits for the next refresh.
        }
    }

    private static async Task PumpAsync(IAsyncStreamReader<ReadResp> stream, ChannelWriter<ReadResp> writer, CancellationToken ct)
    {
        try
        {
            while (await stream.MoveNext(ct))
            {
                await writer.WriteAsync(stream.Current, ct);
            }

            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    private async Task<LogPosition> LoadCheckpointAsync(CancellationToken ct)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await checkpoints.LoadAsync(Name, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogDropped(e, Name, "the checkpoint could not be loaded", failures);
                await Task.Delay(RetryDelay(failures), ct);
            }
        }
    }

    private TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(options.MinRetryDelay.Ticks << Math.Min(failures - 1, 16), options.MaxRetryDelay.Ticks));

    private static string Reason(Exception e) => e switch
    {
        KurrentDbException k => $"{k.Error}{(k.Status is { } status ? $" ({status})" : "")}",
        _ => e.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {Name} starts after ({CommitPosition}, {PreparePosition}) of $all")]
    private partial void LogStarted(string name, ulong commitPosition, long preparePosition);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Subscription {Name} subscribes to $all after ({CommitPosition}, {PreparePosition})")]
    private partial void LogSubscribing(string name, ulong commitPosition, long preparePosition);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Subscription {Name} confirmed by the server as {SubscriptionId}")]
    private partial void LogConfirmed(string name, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {Name} caught up at ({CommitPosition}, {PreparePosition}) and is live")]
    private partial void LogCaughtUp(string name, ulong commitPosition, long preparePosition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Name}: the server ended the stream; subscribing again after the checkpoint")]
    private partial void LogStreamEnded(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Name} dropped: {Reason} ({Failures} in a row); subscribing again after the checkpoint")]
    private partial void LogDropped(Exception e, string name, string reason, int failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscription {Name}: the handler failed ({Failures} in a row); the batch will be handed over again")]
    private partial void LogHandlerFailed(Exception e, string name, int failures);

    /// <summary>What one subscription call achieved, for the recovery that follows it.</summary>
    private sealed class Progress
    {
        public KurrentDbNode? Node { get; set; }

        public bool Handled { get; set; }
    }

    private sealed class HandlerFailedException(Exception inner) : Exception("The subscription's handler failed.", inner);
}

/// <summary>Creates named <see cref="KurrentDbLogSubscription"/>s; the checkpoints stay in WellWon's <see cref="ICheckpointStore"/> (PostgreSQL).</summary>
public sealed class KurrentDbLogSubscriptionFactory(
    KurrentDbConnection connection,
    KurrentDbEventStore store,
    ICheckpointStore checkpoints,
    EventStoreTelemetry telemetry,
    ILoggerFactory loggers) : ILogSubscriptionFactory
{
    /// <param name="name">Stable: it names the checkpoint, so renaming it starts the subscriber from the beginning.</param>
    public KurrentDbLogSubscription Create(string name, KurrentDbSubscriptionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new KurrentDbLogSubscription(name, connection, store, checkpoints, telemetry, options ?? new KurrentDbSubscriptionOptions(), loggers.CreateLogger<KurrentDbLogSubscription>());
    }

    ILogSubscription ILogSubscriptionFactory.Create(string name, int batchSize) => Create(name, new KurrentDbSubscriptionOptions { BatchSize = batchSize });
}
