using WellWon.Platform.Scheduling;
using WellWon.Platform.Tests.Infrastructure;

namespace WellWon.Platform.Tests.Scheduling;

public sealed class JobSchedulerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    // Starts are taken on the test's clock after the run began; on a loaded 2-core machine that lags by tens of ms.
    private static readonly TimeSpan Jitter = TimeSpan.FromMilliseconds(100);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewPrefix() => $"wwtest:{Guid.NewGuid():N}:jobs:";

    private static string NewJob(string what) => $"{what}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_job_runs_on_its_interval_and_each_run_is_recorded()
    {
        var interval = TimeSpan.FromMilliseconds(250);
        var job = new ProbeJob(NewJob("rates"), interval, (context, run, _) =>
        {
            context.Summary["run"] = run;
            return Task.CompletedTask;
        });
        await using var scheduler = await SchedulerHost.StartAsync(database.DataSource, NewPrefix(), [job]);

        var runs = await WaitForRunsAsync(scheduler.History, job.Name, 4, r => r.Status != JobRunStatus.Running);
        await scheduler.DisposeAsync();

        AssertSpacedBy(job.Starts, interval, atMost: interval + TimeSpan.FromMilliseconds(500));
        Assert.All(runs, r =>
        {
            Assert.Equal(JobRunStatus.Ok, r.Status);
            Assert.NotNull(r.FinishedAt);
            Assert.True(r.FinishedAt >= r.StartedAt);
            Assert.Null(r.Error);
        });
        // Newest first, each with the summary its run wrote.
        Assert.Equal([4, 3, 2, 1], runs.Take(4).Select(r => r.Summary!.Value.GetProperty("run").GetInt32()));
    }

    [Fact]
    public async Task Two_schedulers_on_one_Redis_run_a_job_once_per_interval_between_them()
    {
        var interval = TimeSpan.FromMilliseconds(300);
        var prefix = NewPrefix();
        var name = NewJob("tracking");
        // One job object behind both instances, so it sees every run wherever it happens.
        var job = new ProbeJob(name, interval, (_, _, ct) => Task.Delay(80, ct));
        await using var first = await SchedulerHost.StartAsync(database.DataSource, prefix, [job]);
        await using var second = await SchedulerHost.StartAsync(database.DataSource, prefix, [job]);

        var history = first.History;
        var started = DateTimeOffset.UtcNow;
        await WaitForRunsAsync(history, name, 8, r => r.Status == JobRunStatus.Ok);
        var elapsed = DateTimeOffset.UtcNow - started;
        await first.DisposeAsync();
        await second.DisposeAsync();

        Assert.Equal(1, job.MaxConcurrent);
        AssertSpacedBy(job.Starts, interval, atMost: interval + TimeSpan.FromMilliseconds(500));
        // No more runs than intervals, and every run recorded once, whichever instance ran it.
        Assert.InRange(job.Starts.Count, 8, (int)(elapsed / interval) + 2);
        Assert.Equal(job.Starts.Count, (await history.RecentAsync(name, 100, Ct)).Count);
    }

    [Fact]
    public async Task A_failing_run_is_recorded_with_its_error_and_the_next_run_happens()
    {
        var job = new ProbeJob(NewJob("customs"), TimeSpan.FromMilliseconds(200), (_, run, _) =>
            run == 1 ? throw new InvalidOperationException("The customs gateway answered 503.") : Task.CompletedTask);
        await using var scheduler = await SchedulerHost.StartAsync(database.DataSource, NewPrefix(), [job]);

        var runs = await WaitForRunsAsync(scheduler.History, job.Name, 2, r => r.Status != JobRunStatus.Running);

        var failed = runs[^1];
        Assert.Equal(JobRunStatus.Failed, failed.Status);
        Assert.Contains("InvalidOperationException: The customs gateway answered 503.", failed.Error);
        Assert.NotNull(failed.FinishedAt);
        Assert.Equal(JobRunStatus.Ok, runs[^2].Status);
    }

    [Fact]
    public async Task A_job_that_skips_is_recorded_as_skipped_with_its_reason()
    {
        var job = new ProbeJob(NewJob("fx"), TimeSpan.FromMinutes(10), (context, _, _) =>
        {
            context.Skip("the rates source is switched off");
            return Task.CompletedTask;
        });
        await using var scheduler = await SchedulerHost.StartAsync(database.DataSource, NewPrefix(), [job]);

        var run = Assert.Single(await WaitForRunsAsync(scheduler.History, job.Name, 1, r => r.Status != JobRunStatus.Running));

        Assert.Equal(JobRunStatus.Skipped, run.Status);
        Assert.Equal("the rates source is switched off", run.Summary!.Value.GetProperty("skipped").GetString());
    }

    [Fact]
    public async Task A_run_that_loses_its_lock_is_cancelled_and_recorded_as_failed()
    {
        var prefix = NewPrefix();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = new ProbeJob(NewJob("integrity"), TimeSpan.FromMinutes(10), async (_, _, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
        });
        await using var scheduler = await SchedulerHost.StartAsync(database.DataSource, prefix, [job], lockLease: "00:00:00.600");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // As if the lease had run out and another instance had taken the job.
        await scheduler.Redis.StringSetAsync($"{prefix}{{{job.Name}}}:lock", "another-instance", TimeSpan.FromSeconds(30));

        var run = Assert.Single(await WaitForRunsAsync(scheduler.History, job.Name, 1, r => r.Status != JobRunStatus.Running));
        Assert.Equal(JobRunStatus.Failed, run.Status);
        Assert.Contains("lost its lock", run.Error);
    }

    private static void AssertSpacedBy(IReadOnlyList<DateTimeOffset> starts, TimeSpan interval, TimeSpan atMost)
    {
        // One late start (JIT, GC, a loaded machine) makes the next gap look short, so single gaps only rule out a run
        // that did not wait at all; the mean gap must be the interval. Two instances sharing a job are checked separately.
        for (var i = 1; i < starts.Count; i++)
        {
            var gap = starts[i] - starts[i - 1];
            Assert.True(gap >= interval / 3, $"Runs {i} and {i + 1} started {gap.TotalMilliseconds:F0} ms apart: the second did not wait.");
            Assert.True(gap <= atMost, $"Runs {i} and {i + 1} started {gap.TotalMilliseconds:F0} ms apart, far more than the interval.");
        }

        var mean = (starts[^1] - starts[0]) / (starts.Count - 1);
        Assert.True(mean >= interval - Jitter, $"Runs started {mean.TotalMilliseconds:F0} ms apart on average, less than the interval.");
    }

    private static async Task<List<JobRun>> WaitForRunsAsync(IJobRunHistory history, string job, int count, Func<JobRun, bool> done)
    {
        var giveUp = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var runs = (await history.RecentAsync(job, 100, Ct)).Where(done).ToList();
            if (runs.Count >= count || DateTimeOffset.UtcNow > giveUp)
            {
                Assert.True(runs.Count >= count, $"Expected {count} finished runs of {job}, found {runs.Count}.");
                return runs;
            }

            await Task.Delay(50, Ct);
        }
    }
}
