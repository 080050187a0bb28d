namespace WellWon.Workers.EventProcessor;

/// <summary>The event-processor role, bound from <c>EventProcessor</c>.</summary>
public sealed class EventProcessorOptions
{
    public const string Section = "EventProcessor";

    /// <summary>Tells apart several event processors on one machine (a replica number); part of the stable consumer name.</summary>
    public string? InstanceId { get; set; }

    /// <summary>How often applied positions are written to <c>platform.projection_state</c> and the lag gauges refreshed.</summary>
    public TimeSpan StateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an idle worker looks for a requested rebuild.</summary>
    public TimeSpan RebuildPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a running rebuild records its progress (its heartbeat).</summary>
    public TimeSpan RebuildHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A rebuild whose heartbeat is older than this is taken over by another worker (its owner is presumed dead).</summary>
    public TimeSpan RebuildStaleAfter { get; set; } = TimeSpan.FromSeconds(30);
}
