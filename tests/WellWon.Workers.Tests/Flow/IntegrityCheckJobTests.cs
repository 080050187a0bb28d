using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using WellWon.Identity.ReadModel;
using WellWon.Platform.Projections;
using WellWon.Platform.Scheduling;
using WellWon.Workers.DataSync;

namespace WellWon.Workers.Tests.Flow;

/// <summary>The data-sync role's integrity check of <c>identity.user_profiles</c>, run by its scheduler in the Workers' Program.</summary>
public sealed class IntegrityCheckJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_data_sync_role_checks_user_profiles_on_its_interval_and_reports_drift_in_the_run_the_log_and_the_gauge()
    {
        var logs = new WarningLog();
        await using var hosts = await FlowHosts.StartAsync(
            "data-sync",
            new Dictionary<string, string?> { ["DataSync:IntegrityCheck:Interval"] = "00:00:01" },
            services => services.AddSingleton<ILoggerProvider>(logs));
        var worker = hosts.Worker.Services;

        // The data-sync process knows Identity's read model (Program adds it for every role) and the job, at the configured interval.
        Assert.IsType<UserProfileProjection>(worker.GetRequiredService<ProjectionRegistry>().Find(UserProfileProjection.ProjectionName));
        var job = Assert.Single(worker.GetServices<IScheduledJob>().OfType<UserProfilesIntegrityCheck>());
        Assert.Equal(TimeSpan.FromSeconds(1), job.Interval);

        var drift = new ConcurrentQueue<long>();
        using var listener = DriftListener(worker, drift);

        var users = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            users.Add((await hosts.SignUpAsync()).Id);
        }

        var history = worker.GetRequiredService<IJobRunHistory>();
        var clean = await RunAfterAsync(history, job.Name, DateTimeOffset.UtcNow, r => Figure(r, "rowsCompared") == 3 && Figure(r, "missing") + Figure(r, "extra") + Figure(r, "different") == 0);
        Assert.Equal(UserProfileProjection.ProjectionName, clean.Summary!.Value.GetProperty("projection").GetString());

        // A row gone, a row edited by hand, a row the log never made.
        await ExecuteAsync(hosts, $"""
            DELETE FROM identity.user_profiles WHERE id = '{users[0]}';
            UPDATE identity.user_profiles SET first_name = 'Edited by hand' WHERE id = '{users[1]}';
            INSERT INTO identity.user_profiles (id, version, user_number, user_type, email, first_name, last_name, created_at, updated_at)
            VALUES ('{Guid.NewGuid()}', 0, 999, 'investor', 'ghost@example.com', 'Ghost', 'Row', now(), now());
            """);
        var tamperedAt = DateTimeOffset.UtcNow;

        var drifted = await RunAfterAsync(history, job.Name, tamperedAt, _ => true);
        Assert.Equal(4, Figure(drifted, "rowsCompared"));
        Assert.Equal(1, Figure(drifted, "missing"));
        Assert.Equal(1, Figure(drifted, "extra"));
        Assert.Equal(1, Figure(drifted, "different"));
        Assert.Contains(3L, drift);
        Assert.Contains(0L, drift);
        Assert.Contains(logs.Entries, m => m.Contains("identity.user-profiles has drifted from the log: 3 rows", StringComparison.Ordinal));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"clean run: {clean.Summary}; run after tampering: {drifted.Summary} in {(drifted.FinishedAt - drifted.StartedAt)!.Value.TotalMilliseconds:F0} ms");
    }

    /// <summary>The first finished run of <paramref name="job"/> that started after <paramref name="after"/> and satisfies <paramref name="accept"/>.</summary>
    private static async Task<JobRun> RunAfterAsync(IJobRunHistory history, string job, DateTimeOffset after, Func<JobRun, bool> accept)
    {
        JobRun? found = null;
        await WorkerHost.Until(async () =>
        {
            var runs = await history.RecentAsync(job, 20, Ct);
            Assert.DoesNotContain(runs, r => r.Status == JobRunStatus.Failed);
            found = runs.Where(r => r.StartedAt > after && r.Status == JobRunStatus.Ok && accept(r)).MinBy(r => r.StartedAt);
            return found is not null;
        }, TimeSpan.FromSeconds(20), $"a run of {job} after {after:O}");
        return found!;
    }

    private static long Figure(JobRun run, string name) => run.Summary!.Value.GetProperty(name).GetInt64();

    private static async Task ExecuteAsync(FlowHosts hosts, string sql)
    {
        await using var connection = new NpgsqlConnection(hosts.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>Values the worker records on <c>wellwon.integrity.drift</c> for the profiles.</summary>
    private static MeterListener DriftListener(IServiceProvider worker, ConcurrentQueue<long> values)
    {
        var meter = worker.GetRequiredService<IMeterFactory>().Create("WellWon");
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name == "wellwon.integrity.drift")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "projection" && Equals(tag.Value, UserProfileProjection.ProjectionName))
                {
                    values.Enqueue(value);
                }
            }
        });
        listener.Start();
        return listener;
    }

    /// <summary>Warnings and worse the worker logs.</summary>
    private sealed class WarningLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(this);

        public void Dispose()
        {
            // Nothing to release: the entries are plain strings.
        }

        private sealed class Collector(WarningLog owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    owner.Entries.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
