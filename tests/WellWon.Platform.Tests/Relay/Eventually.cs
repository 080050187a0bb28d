using System.Diagnostics;

namespace WellWon.Platform.Tests.Relay;

internal static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>; returns the wait.</summary>
    public static async Task<TimeSpan> Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"Not within {timeout.TotalSeconds:F1} s: {what}");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        return watch.Elapsed;
    }

    public static async Task<TimeSpan> Until(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"Not within {timeout.TotalSeconds:F1} s: {what}");
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        return watch.Elapsed;
    }
}
