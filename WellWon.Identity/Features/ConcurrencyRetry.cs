using WellWon.Platform.EventStore;

namespace WellWon.Identity.Features;

/// <summary>
/// Re-runs a load-decide-save step that lost an optimistic-concurrency race (two logins of one account at once), a few times;
/// the step reloads the aggregate each time, so its rules see the winner's events.
/// </summary>
public static class ConcurrencyRetry
{
    public const int Attempts = 3;

    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> step, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step(ct);
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
            }
        }
    }
}
