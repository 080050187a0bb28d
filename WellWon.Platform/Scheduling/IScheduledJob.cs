namespace WellWon.Platform.Scheduling;

/// <summary>
/// Work the data-sync role does on a schedule (exchange rates, carrier tracking, integrity checks). Runs every
/// <see cref="Interval"/>, counted from the start of the previous run, and never on two instances at once; a run that fails is
/// recorded and the next one happens all the same. Registered with <c>services.AddScheduledJob&lt;T&gt;()</c>.
/// </summary>
public interface IScheduledJob
{
    /// <summary>Unique and stable: it names the job's lock and its run history.</summary>
    string Name { get; }

    TimeSpan Interval { get; }

    Task RunAsync(JobContext context, CancellationToken ct);
}

/// <summary>
/// One run of a job: its id, a service scope of its own (for scoped services such as a DbContext or the mediator), and what the
/// run reports back, recorded as JSON with the run (<see cref="Summary"/>) or as the reason it did nothing (<see cref="Skip"/>).
/// The token the job receives is cancelled when the host stops or when the run lost its lock to another instance.
/// </summary>
public sealed class JobContext(Guid runId, string job, DateTimeOffset startedAt, IServiceProvider services)
{
    public Guid RunId { get; } = runId;

    public string Job { get; } = job;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public IServiceProvider Services { get; } = services;

    /// <summary>Figures worth keeping with the run (<c>Summary["checked"] = 1200</c>); stored as a JSON object.</summary>
    public IDictionary<string, object?> Summary { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    internal string? SkippedBecause { get; private set; }

    /// <summary>Records the run as skipped (nothing to do, a source switched off) rather than ok; the job still returns normally.</summary>
    public void Skip(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        SkippedBecause = reason;
    }
}
