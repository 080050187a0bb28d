using Microsoft.AspNetCore.SignalR.Client;

namespace WellWon.Web.Live;

/// <summary>Retries for ever with growing waits and a little jitter, so a restarted Api is not met by every circuit at once.</summary>
internal sealed class ReconnectBackoff(IReadOnlyList<TimeSpan> delays) : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay(retryContext.PreviousRetryCount);

    public TimeSpan Delay(long attempt)
    {
        var wait = delays.Count == 0 ? TimeSpan.FromSeconds(5) : delays[(int)Math.Min(attempt, delays.Count - 1)];
        return wait == TimeSpan.Zero ? wait : wait + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Min(1000, wait.TotalMilliseconds / 5) + 1));
    }
}
