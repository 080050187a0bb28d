namespace WellWon.Platform.RealTime;

/// <summary>
/// Pushes a change notification to everyone in an audience who is connected, and keeps it for a while so that a client that
/// reconnects can ask for what it missed. Called after a read model changed (typically by a projection in the event processor);
/// works from any process that registered it, with or without the hub endpoint.
/// </summary>
public interface IChangeNotifier
{
    Task NotifyAsync(ChangeAudience audience, ChangeNotification notification, CancellationToken ct);
}
