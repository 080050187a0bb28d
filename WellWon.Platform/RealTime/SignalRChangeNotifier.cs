using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace WellWon.Platform.RealTime;

/// <summary>
/// Records the notification for resuming clients, then publishes it to the group through the hub context. With the Redis
/// backplane the publish is a Redis message, so this works in a process that has no hub endpoint (the event processor): every
/// Api instance holding a connection of the group delivers it.
/// </summary>
public sealed class SignalRChangeNotifier(IHubContext<WellWonHub> hub, RedisChangeLog changeLog) : IChangeNotifier
{
    public async Task NotifyAsync(ChangeAudience audience, ChangeNotification notification, CancellationToken ct)
    {
        using var activity = RealTimeTelemetry.StartPush(audience, notification);
        try
        {
            // Recorded first: a client that reconnects between the two steps finds it in GetMissed rather than losing it.
            var sequence = await changeLog.AppendAsync(audience, notification, ct);
            activity?.SetTag("wellwon.realtime.sequence", sequence);
            await hub.Clients.Group(audience.Group)
                .SendAsync(WellWonHub.ChangedMethod, new PushedChange(audience.Group, sequence, notification), ct);
            RealTimeTelemetry.RecordPushed(audience, notification);
        }
        catch (Exception e) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.Message);
            activity.AddException(e);
            throw;
        }
    }
}
