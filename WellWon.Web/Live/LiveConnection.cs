using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using WellWon.Web.Session;

namespace WellWon.Web.Live;

/// <summary>
/// <see cref="ILiveUpdates"/> on one HubConnection per circuit to <c>{Api}/hubs/wellwon</c>, bearer token from
/// <see cref="IApiAccessToken"/> (the hub reads it from the query string). It reconnects for ever with back-off; after each
/// (re)connection it re-joins every followed group and asks GetMissed from the last sequence it holds, holding the group's live
/// pushes back meanwhile, so the screens get every change once and in order, or a resync when the hub no longer has them all.
/// </summary>
public sealed partial class LiveConnection : ILiveUpdates, IAsyncDisposable
{
    private const int DeliveredKept = 256;

    private readonly IApiAccessToken _token;
    private readonly LiveOptions _options;
    private readonly IConfiguration _configuration;
    private readonly ILogger<LiveConnection> _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly Lock _lock = new();
    // Group joins and resumes one at a time: a resume never races a screen's first join of the same group.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Followed> _followed = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _life = new();
    // Completed after the first attempt to connect, whichever way it went: a first join waits for it, never for a retry.
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HubConnection? _hub;
    private Task? _running;
    private int _generation;
    private LiveState _state = LiveState.Idle;

    public LiveConnection(IApiAccessToken token, IOptions<LiveOptions> options, IConfiguration configuration, ILogger<LiveConnection> logger)
    {
        _token = token;
        _options = options.Value;
        _configuration = configuration;
        _logger = logger;
        _backoff = new ReconnectBackoff(_options.ReconnectDelays);
    }

    public LiveState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    public event Action<LiveState>? StateChanged;

    public event Action<LiveChange>? Changed;

    public event Action<TypingSignal>? Typing;

    public Task JoinChatAsync(Guid chatId, CancellationToken ct) => FollowAsync(LiveGroups.Chat(chatId), GroupKind.Chat, chatId, ct);

    public Task LeaveChatAsync(Guid chatId, CancellationToken ct) => UnfollowAsync(LiveGroups.Chat(chatId), "LeaveChat", chatId, ct);

    public Task JoinCompanyAsync(Guid companyId, CancellationToken ct) => FollowAsync(LiveGroups.Company(companyId), GroupKind.Company, companyId, ct);

    public Task LeaveCompanyAsync(Guid companyId, CancellationToken ct) => UnfollowAsync(LiveGroups.Company(companyId), "LeaveCompany", companyId, ct);

    public Task FollowUserAsync(Guid userId, CancellationToken ct) => FollowAsync(LiveGroups.User(userId), GroupKind.User, userId, ct);

    public async Task TypingAsync(Guid chatId, CancellationToken ct)
    {
        var hub = _hub;
        if (hub is null || hub.State != HubConnectionState.Connected)
        {
            return;
        }

        try
        {
            await hub.InvokeAsync("Typing", chatId, ct);
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or IOException)
        {
            // A typing hint that did not go is not worth an error on screen.
            LogTypingDropped(e.Message);
        }
    }

    private async Task FollowAsync(string group, GroupKind kind, Guid id, CancellationToken ct)
    {
        Followed followed;
        lock (_lock)
        {
            if (!_followed.TryGetValue(group, out followed!))
            {
                followed = new Followed(group, kind, id);
                _followed[group] = followed;
            }

            followed.Joins++;
        }

        EnsureStarted();
        await _firstAttempt.Task.WaitAsync(ct);
        if (State == LiveState.Connected)
        {
            try
            {
                await SyncAsync(followed, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The connection dropped under the join: the resume after the reconnect joins the group again.
                LogResumeFailed(followed.Group, e.Message);
            }
        }
    }

    private async Task UnfollowAsync(string group, string hubMethod, Guid id, CancellationToken ct)
    {
        lock (_lock)
        {
            if (!_followed.TryGetValue(group, out var followed) || --followed.Joins > 0)
            {
                return;
            }

            _followed.Remove(group);
        }

        var hub = _hub;
        if (hub is { State: HubConnectionState.Connected })
        {
            try
            {
                await hub.InvokeAsync(hubMethod, id, ct);
            }
            catch (Exception e) when (e is HubException or InvalidOperationException or IOException)
            {
                LogLeaveFailed(group, e.Message);
            }
        }
    }

    private void EnsureStarted()
    {
        lock (_lock)
        {
            if (_hub is not null || _life.IsCancellationRequested)
            {
                return;
            }

            _hub = Build();
            _state = LiveState.Connecting;
        }

        RaiseState(LiveState.Connecting);
        _running = Task.Run(() => StartLoopAsync(_life.Token));
    }

    private HubConnection Build()
    {
        var hub = new HubConnectionBuilder()
            // Resolved here, not at construction: a circuit that never follows anything needs no hub address.
            .WithUrl(_options.HubUrl ?? HubAddress.Resolve(_configuration), o =>
            {
                o.AccessTokenProvider = () => _token.GetAsync(_life.Token).AsTask();
                _options.ConfigureConnection?.Invoke(o);
            })
            .WithAutomaticReconnect(_backoff)
            .Build();
        hub.On<PushedChange>("changed", OnPushed);
        hub.On<TypingSignal>("typing", OnTyping);
        hub.Reconnecting += _ =>
        {
            SetState(LiveState.Reconnecting);
            return Task.CompletedTask;
        };
        hub.Reconnected += connectionId =>
        {
            OnConnected();
            _ = Task.Run(() => ResumeAllAsync(_life.Token));
            return Task.CompletedTask;
        };
        hub.Closed += error =>
        {
            // Automatic reconnect gave up or the first start failed: start again, unless the circuit is gone.
            if (!_life.IsCancellationRequested && State != LiveState.SignedOut)
            {
                SetState(LiveState.Reconnecting);
                _running = Task.Run(() => StartLoopAsync(_life.Token));
            }

            return Task.CompletedTask;
        };
        return hub;
    }

    private async Task StartLoopAsync(CancellationToken ct)
    {
        var hub = _hub!;
        for (var attempt = 0L; !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                if (hub.State == HubConnectionState.Disconnected)
                {
                    await hub.StartAsync(ct);
                }

                OnConnected();
                await ResumeAllAsync(ct);
                _firstAttempt.TrySetResult();
                return;
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
            {
                SetState(LiveState.SignedOut);
                _firstAttempt.TrySetResult();
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                _firstAttempt.TrySetResult();
                return;
            }
            catch (Exception e)
            {
                LogStartFailed(attempt + 1, e.Message);
                SetState(LiveState.Reconnecting);
                _firstAttempt.TrySetResult();
                try
                {
                    await Task.Delay(_backoff.Delay(attempt), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // From here on, pushes of every followed group are held back until that group has been re-joined and caught up.
    private void OnConnected()
    {
        lock (_lock)
        {
            _generation++;
            foreach (var followed in _followed.Values)
            {
                followed.Resuming = true;
            }

            _state = LiveState.Connected;
        }

        RaiseState(LiveState.Connected);
    }

    private async Task ResumeAllAsync(CancellationToken ct)
    {
        Followed[] groups;
        lock (_lock)
        {
            groups = [.. _followed.Values];
        }

        foreach (var followed in groups)
        {
            try
            {
                await SyncAsync(followed, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The connection dropped again; the next Reconnected resumes from the same cursor.
                LogResumeFailed(followed.Group, e.Message);
                return;
            }
        }
    }

    /// <summary>Joins <paramref name="followed"/> on the current connection and delivers what came since its cursor, then its held pushes.</summary>
    private async Task SyncAsync(Followed followed, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            int generation;
            bool hadCursor;
            long cursor;
            lock (_lock)
            {
                generation = _generation;
                if (followed.JoinedGeneration == generation || followed.Joins == 0)
                {
                    return;
                }

                followed.Resuming = true;
                hadCursor = followed.HasCursor;
                cursor = followed.Cursor;
            }

            var hub = _hub!;
            MissedChanges? missed = null;
            long latest;
            try
            {
                switch (followed.Kind)
                {
                    case GroupKind.Chat:
                        latest = await hub.InvokeAsync<long>("JoinChat", followed.Id, ct);
                        break;
                    case GroupKind.Company:
                        latest = await hub.InvokeAsync<long>("JoinCompany", followed.Id, ct);
                        break;
                    default:
                        // The hub put the connection in its user's group on connect; only the cursor is asked here.
                        missed = await hub.InvokeAsync<MissedChanges>("GetMissed", followed.Group, hadCursor ? cursor : 0L, ct);
                        latest = missed.Latest;
                        break;
                }

                if (hadCursor && followed.Kind != GroupKind.User)
                {
                    missed = await hub.InvokeAsync<MissedChanges>("GetMissed", followed.Group, cursor, ct);
                }
            }
            catch (HubException e)
            {
                // Refused (no longer a member): stop holding its pushes; the screen's own Api calls will say why.
                LogJoinRefused(followed.Group, e.Message);
                Flush(followed, generation, [], resync: false, latest: 0);
                return;
            }
            catch
            {
                // Not joined after all: let its pushes through rather than hold them until a reconnect that may never come.
                Flush(followed, generation: null, [], resync: false, latest: 0);
                throw;
            }

            Flush(followed, generation, hadCursor ? missed?.Changes ?? [] : [], resync: hadCursor && missed is { Complete: false }, latest);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Flush(Followed followed, int? generation, IReadOnlyList<PushedChange> missed, bool resync, long latest)
    {
        var deliver = new List<LiveChange>();
        lock (_lock)
        {
            var pending = missed.Concat(followed.Held).OrderBy(c => c.Sequence).ToList();
            followed.Held.Clear();
            followed.Resuming = false;
            followed.JoinedGeneration = generation ?? followed.JoinedGeneration;
            if (resync)
            {
                deliver.Add(new LiveChange(followed.Group, latest, null));
            }

            foreach (var change in pending)
            {
                if (followed.MarkDelivered(change.Sequence))
                {
                    deliver.Add(new LiveChange(change.Group, change.Sequence, change.Change));
                }
            }

            if (generation is not null)
            {
                followed.Cursor = Math.Max(followed.Cursor, latest);
                followed.HasCursor = true;
            }
        }

        foreach (var change in deliver)
        {
            RaiseChanged(change);
        }
    }

    private void OnPushed(PushedChange change)
    {
        lock (_lock)
        {
            if (_followed.TryGetValue(change.Group, out var followed))
            {
                if (followed.Resuming)
                {
                    followed.Held.Add(change);
                    return;
                }

                if (!followed.MarkDelivered(change.Sequence))
                {
                    return;
                }
            }
        }

        RaiseChanged(new LiveChange(change.Group, change.Sequence, change.Change));
    }

    private void OnTyping(TypingSignal signal)
    {
        foreach (var handler in Typing?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<TypingSignal>)handler)(signal);
            }
            catch (Exception e)
            {
                LogHandlerFailed(e);
            }
        }
    }

    private void RaiseChanged(LiveChange change)
    {
        foreach (var handler in Changed?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<LiveChange>)handler)(change);
            }
            catch (Exception e)
            {
                // One screen's failure must not keep the change from the others.
                LogHandlerFailed(e);
            }
        }
    }

    private void SetState(LiveState state)
    {
        lock (_lock)
        {
            if (_state == state)
            {
                return;
            }

            _state = state;
        }

        RaiseState(state);
    }

    private void RaiseState(LiveState state)
    {
        foreach (var handler in StateChanged?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<LiveState>)handler)(state);
            }
            catch (Exception e)
            {
                LogHandlerFailed(e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _life.CancelAsync();
        if (_hub is { } hub)
        {
            await hub.DisposeAsync();
        }

        if (_running is { } running)
        {
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _life.Dispose();
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Typing signal dropped: {Reason}")]
    private partial void LogTypingDropped(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Leaving {Group} failed: {Reason}")]
    private partial void LogLeaveFailed(string group, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connecting to the WellWon hub failed (attempt {Attempt}): {Reason}")]
    private partial void LogStartFailed(long attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming {Group} was interrupted: {Reason}")]
    private partial void LogResumeFailed(string group, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The hub refused {Group}: {Reason}")]
    private partial void LogJoinRefused(string group, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A live update handler failed")]
    private partial void LogHandlerFailed(Exception exception);

    private enum GroupKind
    {
        User,
        Company,
        Chat,
    }

    /// <summary>A group the screens follow: how many follow it, where its sequence stands, and what is held back while it resumes.</summary>
    private sealed class Followed(string group, GroupKind kind, Guid id)
    {
        private readonly SortedSet<long> _delivered = [];

        public string Group { get; } = group;

        public GroupKind Kind { get; } = kind;

        public Guid Id { get; } = id;

        public int Joins { get; set; }

        public int JoinedGeneration { get; set; } = -1;

        public bool HasCursor { get; set; }

        public long Cursor { get; set; }

        public bool Resuming { get; set; }

        public List<PushedChange> Held { get; } = [];

        /// <summary>False for a sequence already delivered (a push that GetMissed returned too).</summary>
        public bool MarkDelivered(long sequence)
        {
            if ((_delivered.Count >= DeliveredKept && sequence < _delivered.Min) || !_delivered.Add(sequence))
            {
                return false;
            }

            if (_delivered.Count > DeliveredKept)
            {
                _delivered.Remove(_delivered.Min);
            }

            Cursor = Math.Max(Cursor, sequence);
            return true;
        }
    }
}
