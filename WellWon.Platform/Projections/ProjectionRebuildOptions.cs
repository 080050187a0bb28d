namespace WellWon.Platform.Projections;

/// <summary>How rebuilds and integrity checks replay the log, bound from <c>Projections:Rebuild</c>.</summary>
public sealed class ProjectionRebuildOptions
{
    public const string Section = "Projections:Rebuild";

    /// <summary>Events read from the log at once.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Streams of one batch applied side by side (each stream's events stay in order). The event processor already applies
    /// different streams concurrently, so a projection meets nothing here that it does not meet live.
    /// </summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>The longest the swap waits for a lock before it gives up and tries again (it never queues readers for long).</summary>
    public TimeSpan SwapLockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public int SwapAttempts { get; set; } = 3;

    /// <summary>How long an integrity check waits for the event processor to reach the events it replayed, before comparing.</summary>
    public TimeSpan SettleTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
