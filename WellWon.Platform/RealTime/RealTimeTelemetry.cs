using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WellWon.Platform.RealTime;

/// <summary>
/// Spans and instruments of the real-time push. The push span is a child of whatever is current (the projection that changed
/// the read model), so the trace that began with the user's request ends with the push back to the browsers.
/// </summary>
public static class RealTimeTelemetry
{
    public static readonly ActivitySource Source = new(Microsoft.Extensions.Hosting.Extensions.TelemetryName);

    private static readonly Meter Meter = new(Microsoft.Extensions.Hosting.Extensions.TelemetryName);

    public static readonly Counter<long> Pushed =
        Meter.CreateCounter<long>("wellwon.realtime.pushed", "{notification}", "Change notifications published to a group.");

    public static readonly UpDownCounter<long> Connections =
        Meter.CreateUpDownCounter<long>("wellwon.realtime.connections", "{connection}", "Open real-time (SignalR) connections.");

    public static Activity? StartPush(ChangeAudience audience, ChangeNotification notification)
    {
        var activity = Source.StartActivity($"signalr push {notification.Entity}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "signalr");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", audience.Group);
            activity.SetTag("wellwon.realtime.audience", AudienceTag(audience.Kind));
            activity.SetTag("wellwon.realtime.entity", notification.Entity);
            activity.SetTag("wellwon.realtime.entity_id", notification.Id);
            activity.SetTag("wellwon.realtime.version", notification.Version);
        }

        return activity;
    }

    public static void RecordPushed(ChangeAudience audience, ChangeNotification notification) =>
        Pushed.Add(1, new KeyValuePair<string, object?>("wellwon.realtime.entity", notification.Entity),
            new KeyValuePair<string, object?>("wellwon.realtime.audience", AudienceTag(audience.Kind)));

    private static string AudienceTag(ChangeAudienceKind kind) => kind switch
    {
        ChangeAudienceKind.User => "user",
        ChangeAudienceKind.Company => "company",
        _ => "chat",
    };
}
