using Microsoft.Extensions.Configuration;

namespace WellWon.AppHost;

/// <summary>
/// Carrier tracking's pace, read from the AppHost's own configuration and passed on only when given, so <c>./wellwon up</c> keeps
/// the services' defaults: <c>Logistics:Tracking:Interval</c> (how often data-sync reads the feeds) and
/// <c>Logistics:Tracking:DelayThreshold</c> (how far an ETA may slip before a shipment counts as delayed).
/// </summary>
internal sealed class TrackingSettings(IReadOnlyDictionary<string, string> given)
{
    private static readonly string[] PassedOn = ["Interval", "DelayThreshold"];

    public static TrackingSettings From(IDistributedApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Logistics:Tracking");
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in PassedOn)
        {
            if (section[name] is { Length: > 0 } value)
            {
                given[name] = value;
            }
        }

        return new TrackingSettings(given);
    }

    /// <summary>Gives a service the tracking settings the AppHost was given (the Api revises ETAs too, data-sync polls).</summary>
    public IResourceBuilder<ProjectResource> ApplyTo(IResourceBuilder<ProjectResource> project)
    {
        foreach (var (name, value) in given)
        {
            project.WithEnvironment($"Logistics__Tracking__{name}", value);
        }

        return project;
    }
}
