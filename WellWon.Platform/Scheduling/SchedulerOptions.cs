using Microsoft.Extensions.Options;

namespace WellWon.Platform.Scheduling;

/// <summary>Settings of the job scheduler, section <c>Scheduling</c>.</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>How long a job's lock lasts without renewal; a crashed instance holds a job up for at most this long.</summary>
    public TimeSpan LockLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Prefix of the Redis keys of the jobs' locks and due times.</summary>
    public string KeyPrefix { get; set; } = "wellwon:jobs:";

    /// <summary>Runs older than this are deleted from <c>platform.job_runs</c> as new ones finish.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(30);
}

internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        List<string> failures = [];
        if (options.LockLease < TimeSpan.FromMilliseconds(300))
        {
            failures.Add($"Scheduling:LockLease must be at least 300 ms (was {options.LockLease}).");
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix))
        {
            failures.Add("Scheduling:KeyPrefix must not be empty.");
        }

        if (options.HistoryRetention < TimeSpan.FromHours(1))
        {
            failures.Add($"Scheduling:HistoryRetention must be at least an hour (was {options.HistoryRetention}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
