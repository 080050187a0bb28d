using System.Diagnostics;

namespace WellWon.Reliability.Tests.Traffic;

/// <summary>One clock for a scenario, so the traffic's outcomes and the scenario's actions (kill, restart, stop) line up.</summary>
public sealed class ScenarioClock
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public TimeSpan Now => Stopwatch.GetElapsedTime(_started);
}
