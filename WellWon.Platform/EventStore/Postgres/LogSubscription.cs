using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WellWon.Platform.EventStore.Postgres;

/// <summary>How a <see cref="LogSubscription"/> reads, waits and recovers.</summary>
public sealed record LogSubscriptionOptions
{
    /// <summary>Events handed to the handler at most at once.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>First wait when the log has nothing new; it doubles up to <see cref="MaxPollInterval"/> and a notification resets it.</summary>
    public TimeSpan MinPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest a lost notification (or a stall that ends without one) delays a subscriber.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait before trying again after a failure of the database or of the handler.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    public string NotificationChannel { get; init; } = PostgresEventStore.NotificationChannel;
}

/// <summary>
/// A checkpointed reader of the whole log: it catches up from its checkpoint in batches, then follows the log live, woken by
/// LISTEN/NOTIFY and polling with a back-off in case a notification is lost. Each batch goes to the handler, and only after the
/// handler succeeds is the checkpoint saved, so delivery is at least once and in log order (per stream: in version order).
/// A failing handler or a lost connection is retried from the last checkpoint; nothing is ever skipped.
/// </summary>
public sealed partial class LogSubscription(
    string name,
    PostgresEventStore store,
    ICheckpointStore checkpoints,
    NpgsqlDataSource dataSource,
    EventStoreTelemetry telemetry,
    LogSubscriptionOptions options,
    ILogger<LogSubscription> logger) : ILogSubscription
{
    private static readonly TimeSpan HeadRefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>First wait after a notification whose commit is not readable yet; it doubles until it reaches the poll interval.</summary>
    private static readonly TimeSpan VisibilityFirstWait = TimeSpan.FromMilliseconds(10);

    private readonly Lock _gate = new();
    private LogPosition _position;
    private LogHead _head;

    public string Name { get; } = name;

    /// <summary>The position of the last event handled and checkpointed.</summary>
    public LogPosition Position
    {
        get { lock (_gate) { return _position; } }
        private set { lock (_gate) { _position = value; } }
    }

    /// <summary>The end of the log as last seen (refreshed about once a second while running).</summary>
    public LogHead Head
    {
        get { lock (_gate) { return _head; } }
        private set { lock (_gate) { _head = value; } }
    }

    /// <summary>Global positions between the newest committed event and the last one handled: the lag metric.</summary>
    public long Lag
    {
        get
        {
            lock (_gate)
            {
                return Math.Max(0, _head.LatestPosition - _position.Position);
            }
        }
    }

    /// <summary>Runs until <paramref name="ct"/> is cancelled, handing each batch of new events to <paramref name="handle"/>.</summary>
    public async Task RunAsync(Func<IReadOnlyList<RecordedEvent>, CancellationToken, Task> handle, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Validate(options);
        telemetry.Track(this);
        await using var listener = new NotificationListener(dataSource, options.NotificationChannel, this);
        try
        {
            Position = await WithRetryAsync(() => checkpoints.LoadAsync(Name, ct), ct);
            LogStarted(Name, Position.TransactionId, Position.Position);

            var idleWait = options.MinPollInterval;
            var notified = false;
            var visibilityWait = VisibilityFirstWait;
            var failures = 0;
            var headRefreshedAt = DateTimeOffset.MinValue;
            while (!ct.IsCancellationRequested)
            {
                var handling = false;
                try
                {
                    // Listen before reading, so a commit after this read always wakes the wait below.
                    await listener.EnsureListeningAsync(ct);
                    var batch = await store.ReadAllAsync(Position, options.BatchSize, ct);
                    if (DateTimeOffset.UtcNow - headRefreshedAt > HeadRefreshInterval)
                    {
                        Head = await store.GetHeadAsync(ct);
                        headRefreshedAt = DateTimeOffset.UtcNow;
                    }

                    if (batch.Count > 0)
                    {
                        handling = true;
                        await handle(batch, ct);
                        handling = false;
                        await checkpoints.SaveAsync(Name, batch[^1].LogPosition, ct);
                        Position = batch[^1].LogPosition;
                        idleWait = options.MinPollInterval;
                        notified = false;
                        failures = 0;
                        continue;
                    }

                    failures = 0;
                    if (notified && visibilityWait < idleWait)
                    {
                        // A commit was announced but is not readable yet: a transaction opened earlier elsewhere on the server
                        // is still running (the read rule). Look again soon instead of after a whole poll interval.
                        await listener.WaitAsync(visibilityWait, ct);
                        visibilityWait = TimeSpan.FromTicks(visibilityWait.Ticks * 2);
                        continue;
                    }

                    notified = await listener.WaitAsync(idleWait, ct);
                    visibilityWait = VisibilityFirstWait;
                    idleWait = notified
                        ? options.MinPollInterval
                        : TimeSpan.FromTicks(Math.Min(idleWait.Ticks * 2, options.MaxPollInterval.Ticks));
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    failures++;
                    if (handling)
                    {
                        LogHandlerFailed(e, Name, failures);
                    }
                    else
                    {
                        LogReadFailed(e, Name, failures);
                    }

                    await Task.Delay(RetryDelay(failures), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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

    private async Task<T> WithRetryAsync<T>(Func<Task<T>> action, CancellationToken ct)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await action();
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogReadFailed(e, Name, failures);
                await Task.Delay(RetryDelay(failures), ct);
            }
        }
    }

    private TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(options.MinPollInterval.Ticks << Math.Min(failures, 16), options.MaxRetryDelay.Ticks));

    private static void Validate(LogSubscriptionOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MinPollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPollInterval, options.MinPollInterval);
        if (!ChannelName().IsMatch(options.NotificationChannel))
        {
            throw new ArgumentException($"'{options.NotificationChannel}' is not a plain channel name.", nameof(options));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex ChannelName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {Name} starts after ({TransactionId}, {Position})")]
    private partial void LogStarted(string name, ulong transactionId, long position);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscription {Name}: the handler failed ({Failures} in a row); the batch will be handed over again")]
    private partial void LogHandlerFailed(Exception e, string name, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Name}: reading the log failed ({Failures} in a row); retrying")]
    private partial void LogReadFailed(Exception e, string name, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Name}: lost the notification connection; polling until it is back")]
    private partial void LogListenerLost(Exception e, string name);

    /// <summary>A dedicated connection that LISTENs on the channel; when it breaks the subscription polls until it is re-opened.</summary>
    private sealed class NotificationListener(NpgsqlDataSource dataSource, string channel, LogSubscription owner) : IAsyncDisposable
    {
        private NpgsqlConnection? _connection;

        public async Task EnsureListeningAsync(CancellationToken ct)
        {
            if (_connection is { State: System.Data.ConnectionState.Open })
            {
                return;
            }

            await DropAsync();
            try
            {
                _connection = await dataSource.OpenConnectionAsync(ct);
                await using var listen = new NpgsqlCommand($"LISTEN {channel}", _connection);
                await listen.ExecuteNonQueryAsync(ct);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                owner.LogListenerLost(e, owner.Name);
                await DropAsync();
            }
        }

        /// <summary>True when a notification arrived (including one that came while the subscriber was busy reading).</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
        {
            if (_connection is null)
            {
                await Task.Delay(timeout, ct);
                return false;
            }

            try
            {
                return await _connection.WaitAsync(timeout, ct);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                owner.LogListenerLost(e, owner.Name);
                await DropAsync();
                return false;
            }
        }

        public ValueTask DisposeAsync() => DropAsync();

        private async ValueTask DropAsync()
        {
            if (_connection is null)
            {
                return;
            }

            try
            {
                await _connection.DisposeAsync();
            }
            catch (Exception)
            {
                // A broken connection may throw on close; it is being thrown away anyway.
            }

            _connection = null;
        }
    }
}

/// <summary>Creates named <see cref="LogSubscription"/>s (the relay, a projection runner) from the registered event store.</summary>
public sealed class LogSubscriptionFactory(
    PostgresEventStore store,
    ICheckpointStore checkpoints,
    NpgsqlDataSource dataSource,
    EventStoreTelemetry telemetry,
    ILoggerFactory loggers) : ILogSubscriptionFactory
{
    /// <param name="name">Stable: it names the checkpoint, so renaming it starts the subscriber from the beginning.</param>
    public LogSubscription Create(string name, LogSubscriptionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new LogSubscription(name, store, checkpoints, dataSource, telemetry, options ?? new LogSubscriptionOptions(), loggers.CreateLogger<LogSubscription>());
    }

    ILogSubscription ILogSubscriptionFactory.Create(string name, int batchSize) =>
        Create(name, new LogSubscriptionOptions { BatchSize = batchSize });
}
