namespace WellWon.Platform.Messaging;

/// <summary>Exponential back-off between handler attempts: base, 2×base, 4×base … capped at max.</summary>
public static class RetryBackoff
{
    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var ticks = Math.Min(baseDelay.Ticks * factor, maxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
