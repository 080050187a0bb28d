using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WellWon.Platform.Scheduling;

/// <summary>
/// Runs every registered <see cref="IScheduledJob"/> on its interval, each in a loop of its own. Before a run it asks
/// <see cref="RedisJobLease"/> whether the job is due and free, so however many data-sync instances run, a job runs once per
/// interval and never twice at once; while it runs, the lock is renewed, and losing it cancels the run. Every run is recorded in
/// <c>platform.job_runs</c>; a failure is logged and recorded and never stops the loop.
/// </summary>
public sealed partial class JobScheduler(
    IEnumerable<IScheduledJob> jobs,
    RedisJobLease lease,
    PostgresJobRunHistory history,
    IServiceScopeFactory scopes,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<JobScheduler> logger) : BackgroundService
{
    // How long to wait after Redis could not be asked, at most; a job with a shorter interval retries sooner.
    private static readonly TimeSpan UnavailableRetry = TimeSpan.FromSeconds(5);

    // A run's bookkeeping after the host was told to stop still gets this long.
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = jobs.ToList();
        var invalid = all.FirstOrDefault(j => string.IsNullOrWhiteSpace(j.Name) || j.Interval <= TimeSpan.Zero);
        if (invalid is not null)
        {
            throw new InvalidOperationException($"Scheduled job {invalid.GetType().Name} needs a name and a positive interval.");
        }

        var duplicate = all.GroupBy(j => j.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two scheduled jobs are named '{duplicate.Key}'; a name identifies a job's lock and history.");
        }

        return Task.WhenAll(all.Select(job => Task.Run(() => LoopAsync(job, stoppingToken), CancellationToken.None)));
    }

    private async Task LoopAsync(IScheduledJob job, CancellationToken stoppingToken)
    {
        LogScheduled(job.Name, job.Interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var runId = Guid.CreateVersion7();
                var owner = runId.ToString("N");
                if (await lease.TryStartAsync(job.Name, owner, job.Interval, stoppingToken) is { } notYet)
                {
                    wait = notYet;
                }
                else
                {
                    await RunAsync(job, runId, owner, stoppingToken);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLeaseUnavailable(e, job.Name);
                wait = job.Interval < UnavailableRetry ? job.Interval : UnavailableRetry;
            }

            try
            {
                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunAsync(IScheduledJob job, Guid runId, string owner, CancellationToken stoppingToken)
    {
        var startedAt = clock.GetUtcNow();
        var elapsed = Stopwatch.StartNew();
        using var activity = SchedulingTelemetry.StartRun(job.Name, runId);
        await RecordAsync(() => history.StartedAsync(runId, job.Name, startedAt, stoppingToken), job.Name);

        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var stopRenewing = new CancellationTokenSource();
        var lockLost = false;
        var renewal = RenewAsync(job.Name, owner, () => { lockLost = true; run.Cancel(); }, stopRenewing.Token);

        var status = JobRunStatus.Ok;
        string? error = null;
        JobContext? context = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            context = new JobContext(runId, job.Name, startedAt, scope.ServiceProvider);
            await job.RunAsync(context, run.Token);
            if (context.SkippedBecause is { } reason)
            {
                status = JobRunStatus.Skipped;
                context.Summary["skipped"] = reason;
            }
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            status = JobRunStatus.Failed;
            error = lockLost ? "The run lost its lock to another instance and was cancelled." : "The host stopped during the run.";
            LogRunCancelled(job.Name, error);
        }
        catch (Exception e)
        {
            status = JobRunStatus.Failed;
            error = e.ToString();
            LogRunFailed(e, job.Name);
        }
        finally
        {
            await stopRenewing.CancelAsync();
            await renewal;
        }

        activity?.SetTag("wellwon.job.status", status.ToString().ToLowerInvariant());
        if (status == JobRunStatus.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error);
        }

        using var bookkeeping = new CancellationTokenSource(RecordTimeout);
        var finishedAt = clock.GetUtcNow();
        await RecordAsync(
            () => history.FinishedAsync(runId, job.Name, startedAt, finishedAt, status, context?.Summary ?? new Dictionary<string, object?>(), error, bookkeeping.Token),
            job.Name);
        try
        {
            await lease.ReleaseAsync(job.Name, owner);
        }
        catch (Exception e)
        {
            // The lock then simply expires at the end of its lease.
            LogLeaseUnavailable(e, job.Name);
        }

        SchedulingTelemetry.RecordRun(job.Name, status, elapsed.Elapsed);
    }

    private async Task RenewAsync(string job, string owner, Action lost, CancellationToken stop)
    {
        var every = options.Value.LockLease / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, clock, stop);
                if (!await lease.RenewAsync(job, owner, stop))
                {
                    LogLockLost(job);
                    lost();
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Redis did not answer; the next renewal either succeeds in time or finds the lock gone and cancels the run.
                LogLeaseUnavailable(e, job);
            }
        }
    }

    // The run history is for people; failing to write it must not stop a job or the loop.
    private async Task RecordAsync(Func<Task> write, string job)
    {
        try
        {
            await write();
        }
        catch (Exception e)
        {
            LogHistoryUnavailable(e, job);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} scheduled every {Interval}")]
    private partial void LogScheduled(string job, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} failed; it runs again at its next interval")]
    private partial void LogRunFailed(Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} was cancelled: {Reason}")]
    private partial void LogRunCancelled(string job, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} lost its lock while running")]
    private partial void LogLockLost(string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach Redis for the lock of job {Job}")]
    private partial void LogLeaseUnavailable(Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a run of job {Job} in platform.job_runs")]
    private partial void LogHistoryUnavailable(Exception exception, string job);
}
