using Microsoft.Extensions.Options;

namespace WellWon.Platform.Relay;

/// <summary>The relay from the event store to the bus, bound from <c>Relay</c>.</summary>
public sealed class RelayOptions
{
    public const string Section = "Relay";

    /// <summary>The log subscription's name: it names the relay's checkpoint, so renaming it republishes the whole log.</summary>
    public const string SubscriptionName = "relay";

    /// <summary>The Redis key of the lease that lets one relay publish at a time.</summary>
    public string LockKey { get; set; } = "wellwon:relay:lock";

    /// <summary>
    /// How long the lease lives without renewal; it is renewed every third of it. A dead relay is replaced within about this
    /// long, and a relay that cannot renew stops publishing a tenth of it before the lease can have passed to another.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events read from the log and published at once (split by topic).</summary>
    public int BatchSize { get; set; } = 500;
}

internal sealed class RelayOptionsValidator : IValidateOptions<RelayOptions>
{
    public ValidateOptionsResult Validate(string? name, RelayOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.LockKey))
        {
            failures.Add("Relay:LockKey must not be empty.");
        }

        if (options.LeaseTime < TimeSpan.FromMilliseconds(300))
        {
            failures.Add($"Relay:LeaseTime must be at least 300 ms (is {options.LeaseTime}).");
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add($"Relay:BatchSize must be 1..10000 (is {options.BatchSize}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
