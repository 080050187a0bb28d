using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StackExchange.Redis;
using WellWon.Platform.Scheduling;
using WellWon.Platform.Tests.Fakes;

namespace WellWon.Platform.Tests.Scheduling;

/// <summary>A data-sync instance as far as the scheduler goes: its own host and Redis connection, the test's database and jobs.</summary>
internal sealed class SchedulerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ConnectionMultiplexer _redis;

    private SchedulerHost(IHost host, ConnectionMultiplexer redis)
    {
        _host = host;
        _redis = redis;
    }

    public IJobRunHistory History => _host.Services.GetRequiredService<IJobRunHistory>();

    public IDatabase Redis => _redis.GetDatabase();

    public static async Task<SchedulerHost> StartAsync(
        NpgsqlDataSource database, string keyPrefix, IEnumerable<IScheduledJob> jobs, string lockLease = "00:00:05")
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scheduling:KeyPrefix"] = keyPrefix,
            ["Scheduling:LockLease"] = lockLease,
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
        builder.Services.AddWellWonScheduler();
        foreach (var job in jobs)
        {
            builder.Services.AddSingleton(job);
        }

        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new SchedulerHost(host, redis);
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        await _redis.DisposeAsync();
    }
}

/// <summary>A job whose body the test gives, counting its runs, when they started and how many ran at once.</summary>
internal sealed class ProbeJob(string name, TimeSpan interval, Func<JobContext, int, CancellationToken, Task> body) : IScheduledJob
{
    private readonly Lock _gate = new();
    private readonly List<DateTimeOffset> _starts = [];
    private int _running;

    public string Name { get; } = name;

    public TimeSpan Interval { get; } = interval;

    public int MaxConcurrent { get; private set; }

    public IReadOnlyList<DateTimeOffset> Starts
    {
        get
        {
            lock (_gate)
            {
                return [.. _starts];
            }
        }
    }

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        int run;
        lock (_gate)
        {
            _starts.Add(DateTimeOffset.UtcNow);
            run = _starts.Count;
            MaxConcurrent = Math.Max(MaxConcurrent, ++_running);
        }

        try
        {
            await body(context, run, ct);
        }
        finally
        {
            lock (_gate)
            {
                _running--;
            }
        }
    }
}
