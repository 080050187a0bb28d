using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WellWon.Platform.Scheduling;

/// <summary>A span per job run (a trace of its own: a run is caused by the clock, not by a request) and counters of outcomes.</summary>
public static class SchedulingTelemetry
{
    public static readonly ActivitySource Source = new(Microsoft.Extensions.Hosting.Extensions.TelemetryName);

    private static readonly Meter Meter = new(Microsoft.Extensions.Hosting.Extensions.TelemetryName);

    public static readonly Counter<long> Runs =
        Meter.CreateCounter<long>("wellwon.jobs.runs", "{run}", "Scheduled job runs by job and outcome (ok, failed, skipped).");

    public static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("wellwon.jobs.duration", "s", "How long scheduled job runs take.");

    public static Activity? StartRun(string job, Guid runId)
    {
        var activity = Source.StartActivity($"job {job}", ActivityKind.Internal, parentContext: default);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("wellwon.job.name", job);
            activity.SetTag("wellwon.job.run_id", runId.ToString());
        }

        return activity;
    }

    public static void RecordRun(string job, JobRunStatus status, TimeSpan elapsed)
    {
        var tags = new TagList { { "wellwon.job.name", job }, { "wellwon.job.status", status.ToString().ToLowerInvariant() } };
        Runs.Add(1, tags);
        Duration.Record(elapsed.TotalSeconds, tags);
    }
}
