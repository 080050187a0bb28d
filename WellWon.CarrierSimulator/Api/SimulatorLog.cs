namespace WellWon.CarrierSimulator.Api;

/// <summary>What the simulator tells its log (and so the dashboard's console): who is tracked, and which voyage they get.</summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(1, LogLevel.Information, "Tracking {Reference}: {Legs} leg(s), {Events} events planned, {Lateness}")]
    public static partial void Subscribed(this ILogger logger, string reference, int legs, int events, string lateness);

    [LoggerMessage(2, LogLevel.Information, "Stopped tracking {Reference}")]
    public static partial void Unsubscribed(this ILogger logger, string reference);
}
