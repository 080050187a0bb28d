using System.Diagnostics;

namespace WellWon.Platform.Messaging;

/// <summary>The calls of a handler within one delivery, the same for every transport.</summary>
public static class HandlerAttempts
{
    /// <summary>
    /// Calls <paramref name="handler"/> up to <paramref name="attempts"/> times, waiting <see cref="RetryBackoff"/> between calls with the
    /// count continuing from <paramref name="triedBefore"/> (earlier deliveries), so a message rides out an outage of the whole retry budget.
    /// Returns null when a call succeeded, else the last failure; cancellation is thrown, the message unfinished.
    /// </summary>
    public static async Task<Exception?> RunAsync(
        MessageHandler handler,
        ReceivedMessage received,
        int attempts,
        int triedBefore,
        TimeSpan baseDelay,
        TimeSpan maxDelay,
        Activity? activity,
        KeyValuePair<string, object?>[] tags,
        TimeProvider time,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await handler(received, ct);
                return null;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
                throw;
            }
            catch (Exception ex)
            {
                activity?.AddException(ex);
                if (attempt >= attempts)
                {
                    return ex;
                }

                MessagingTelemetry.Retries.Add(1, tags);
                await Task.Delay(RetryBackoff.Delay(triedBefore + attempt, baseDelay, maxDelay), time, ct);
            }
        }
    }
}
