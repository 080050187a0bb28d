namespace WellWon.CarrierSimulator;

/// <summary>
/// The simulator's settings (section <c>Simulator</c>). The clock: with <see cref="TimeScale"/> one real second is that much
/// shipment time (<c>01:00:00</c>: a 19-day voyage takes under 8 minutes); without it every leg takes <see cref="LegDuration"/>
/// whatever its planned length, and the waits around it a sixth of that.
/// </summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>The carrier code a leg names to be tracked here.</summary>
    public const string CarrierCode = "SIMU";

    public const string CarrierName = "WellWon Simulated Lines";

    /// <summary>The bearer key every <c>/v1</c> request must present.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Shipment time per real second; unset (or zero) to pace by <see cref="LegDuration"/> instead.</summary>
    public TimeSpan? TimeScale { get; set; }

    public TimeSpan LegDuration { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>With the reference, decides which shipments run late and by how much; the same seed replays the same voyages.</summary>
    public string Seed { get; set; } = "wellwon";

    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>The fraction of <c>/v1</c> requests answered 503, so a client's retries can be tried.</summary>
    public double FailureRate { get; set; }

    internal static IEnumerable<string> Problems(SimulatorOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.ApiKey))
        {
            yield return "Simulator:ApiKey is required: clients present it as a bearer key.";
        }

        if (o.TimeScale is { } scale && scale < TimeSpan.Zero)
        {
            yield return "Simulator:TimeScale is the shipment time per real second; it cannot be negative.";
        }

        if (o.LegDuration <= TimeSpan.Zero)
        {
            yield return "Simulator:LegDuration must be positive.";
        }

        if (o.RequestsPerMinute < 1)
        {
            yield return "Simulator:RequestsPerMinute must be at least 1.";
        }

        if (o.FailureRate is < 0 or > 1 || double.IsNaN(o.FailureRate))
        {
            yield return "Simulator:FailureRate is a fraction from 0 to 1.";
        }
    }
}
