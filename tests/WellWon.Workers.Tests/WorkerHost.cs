using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StackExchange.Redis;
using WellWon.Platform.Hosting;
using WellWon.Platform.Projections;
using WellWon.Platform.Tests.Projections;
using WellWon.Workers.EventProcessor;

namespace WellWon.Workers.Tests;

/// <summary>The real PostgreSQL and Redis that <c>./wellwon test</c> starts, named by environment variables.</summary>
public static class TestInfrastructure
{
    public static string Postgres => Require("WELLWON_TEST_PG");

    public static string Redis => Require("WELLWON_TEST_REDIS");

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set. Integration tests need the PostgreSQL and Redis that `./wellwon test` starts: run `./wellwon test`.");
}

/// <summary>
/// An event-processor worker as the Workers host composes it (<c>AddWellWonPlatform</c> + <c>AddWellWonEventProcessor</c>), over a
/// database and a Redis key prefix of the test's own, with the per-stream counters and a call counter as its projections.
/// </summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkerHost(IHost host, string database, string prefix)
    {
        _host = host;
        Database = database;
        Prefix = prefix;
    }

    public IServiceProvider Services => _host.Services;

    public string Database { get; }

    public string Prefix { get; }

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    public ProjectionStateStore State => Services.GetRequiredService<ProjectionStateStore>();

    public ApplyCounter Calls => Services.GetRequiredService<ApplyCounter>();

    /// <param name="configure">Extra services (say, a projection of the test's own); added before the event processor.</param>
    public static async Task<WorkerHost> StartAsync(int rebuildBatchSize = 200, Action<IServiceCollection>? configure = null)
    {
        var database = $"wellwon_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(TestInfrastructure.Postgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var prefix = $"wwtest:{Guid.NewGuid():N}:";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:wellwon-db"] = new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = database }.ConnectionString,
            ["ConnectionStrings:redis"] = TestInfrastructure.Redis,
            ["Messaging:RedisStreams:KeyPrefix"] = prefix,
            ["Messaging:RedisStreams:Partitions"] = "4",
            ["Messaging:RedisStreams:PollMaxDelay"] = "00:00:00.050",
            ["Relay:LockKey"] = prefix + "relay:lock",
            ["Relay:LeaseTime"] = "00:00:02",
            ["EventProcessor:StateInterval"] = "00:00:00.200",
            ["EventProcessor:RebuildPollInterval"] = "00:00:00.200",
            ["EventProcessor:RebuildHeartbeatInterval"] = "00:00:00.200",
            ["Projections:Rebuild:BatchSize"] = rebuildBatchSize.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddWellWonPlatform();
        builder.Services.AddProjection<StreamCounterProjection>();
        builder.Services.AddSingleton<ApplyCounter>();
        builder.Services.AddSingleton<IProjection>(sp => sp.GetRequiredService<ApplyCounter>());
        configure?.Invoke(builder.Services);
        builder.AddWellWonEventProcessor();

        var host = builder.Build();
        await host.StartAsync();
        return new WorkerHost(host, database, prefix);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        var redis = Services.GetRequiredService<IConnectionMultiplexer>();
        foreach (var server in redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: Prefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }

        _host.Dispose();
        await using var admin = new NpgsqlConnection(TestInfrastructure.Postgres);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
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

/// <summary>An async projection that only counts the events handed to it (it reads the counters' type too).</summary>
public sealed class ApplyCounter : IProjection
{
    private long _calls;

    public long Count => Interlocked.Read(ref _calls);

    public string Name => "test.apply-counter";

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { StreamCounterProjection.EventType };

    public Task ApplyAsync(Platform.EventStore.RecordedEvent e, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        return Task.CompletedTask;
    }
}
