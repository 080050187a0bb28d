namespace WellWon.Web.Live;

/// <summary>
/// The circuit's real-time feed from WellWon.Api's hub: one connection per circuit that comes back by itself, re-joins what the
/// screens follow and replays what it missed. Events are raised on the connection's threads: components marshal with InvokeAsync.
/// </summary>
public interface ILiveUpdates
{
    LiveState State { get; }

    event Action<LiveState>? StateChanged;

    /// <summary>Every followed group's changes, each once, in order within its group.</summary>
    event Action<LiveChange>? Changed;

    event Action<TypingSignal>? Typing;

    /// <summary>Follows a chat (counted: the last <see cref="LeaveChatAsync"/> of as many joins leaves it). Connects on first use.</summary>
    Task JoinChatAsync(Guid chatId, CancellationToken ct);

    Task LeaveChatAsync(Guid chatId, CancellationToken ct);

    Task JoinCompanyAsync(Guid companyId, CancellationToken ct);

    Task LeaveCompanyAsync(Guid companyId, CancellationToken ct);

    /// <summary>Tracks the user's own group (joined by the hub on connect) so that its changes are replayed after a reconnect too.</summary>
    Task FollowUserAsync(Guid userId, CancellationToken ct);

    /// <summary>Tells the chat's other members the user is typing; dropped silently while disconnected (it is only a hint).</summary>
    Task TypingAsync(Guid chatId, CancellationToken ct);
}

public static class LiveUpdatesExtensions
{
    /// <summary>Calls <paramref name="handler"/> for the changes of one group until the returned handle is disposed.</summary>
    public static IDisposable OnGroup(this ILiveUpdates live, string group, Action<LiveChange> handler)
    {
        void Filter(LiveChange change)
        {
            if (string.Equals(change.Group, group, StringComparison.Ordinal))
            {
                handler(change);
            }
        }

        live.Changed += Filter;
        return new Unsubscribe(() => live.Changed -= Filter);
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        private Action? _action = action;

        public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
    }
}
