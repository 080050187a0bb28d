namespace WellWon.CarrierSimulator.Timeline;

/// <summary>How much real time a stretch of a voyage takes on the simulator's compressed clock.</summary>
public sealed record Pace(TimeSpan? TimeScale, TimeSpan LegDuration)
{
    // A wait (pickup, transshipment, final delivery) takes a sixth of a leg when legs are paced by duration.
    private const int WaitsPerLeg = 6;

    public static Pace From(SimulatorOptions options) =>
        new(options.TimeScale is { } scale && scale > TimeSpan.Zero ? scale : null, options.LegDuration);

    /// <summary>The real time of a leg planned to last <paramref name="planned"/>.</summary>
    public TimeSpan Leg(TimeSpan planned) => TimeScale is { } scale ? Scaled(planned, scale) : LegDuration;

    /// <summary>The real time of a wait planned to last <paramref name="planned"/>.</summary>
    public TimeSpan Wait(TimeSpan planned) => TimeScale is { } scale ? Scaled(planned, scale) : LegDuration / WaitsPerLeg;

    // Overlapping or zero-length plans still take a moment, so events keep their order.
    private static TimeSpan Scaled(TimeSpan planned, TimeSpan scale) =>
        TimeSpan.FromSeconds(Math.Max(planned.Ticks, TimeSpan.TicksPerHour) / (double)scale.Ticks);
}
