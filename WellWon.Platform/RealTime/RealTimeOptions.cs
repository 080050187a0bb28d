using Microsoft.Extensions.Options;

namespace WellWon.Platform.RealTime;

/// <summary>Settings of the real-time push, section <c>RealTime</c>.</summary>
public sealed class RealTimeOptions
{
    public const string SectionName = "RealTime";

    /// <summary>How many recent notifications each group keeps for clients that reconnect.</summary>
    public int ResumeDepth { get; set; } = 100;

    /// <summary>How long a group's recent notifications are kept after its last one; a client away longer reloads instead.</summary>
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Prefix of the Redis keys that hold the groups' sequences and recent notifications.</summary>
    public string KeyPrefix { get; set; } = "wellwon:realtime:";
}

internal sealed class RealTimeOptionsValidator : IValidateOptions<RealTimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RealTimeOptions options)
    {
        List<string> failures = [];
        if (options.ResumeDepth is < 1 or > 10_000)
        {
            failures.Add($"RealTime:ResumeDepth must be between 1 and 10000 (was {options.ResumeDepth}).");
        }

        if (options.ResumeWindow < TimeSpan.FromSeconds(1))
        {
            failures.Add($"RealTime:ResumeWindow must be at least one second (was {options.ResumeWindow}).");
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix))
        {
            failures.Add("RealTime:KeyPrefix must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
