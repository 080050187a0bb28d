using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.EventStore;
using WellWon.Platform.Sagas;

namespace WellWon.Logistics.Tests.Hosts;

/// <summary>The event-processor worker as its Program builds it (relay, projections, pushes, the saga host), on the test's database and Redis prefix.</summary>
public sealed class LogisticsWorker(string database, string prefix) : WebApplicationFactory<Program>
{
    private bool _stopped;

    public IEventStore Events => Services.GetRequiredService<IEventStore>();

    public SagaStore Sagas => Services.GetRequiredService<SagaStore>();

    public LogisticsWorker Start()
    {
        _ = Services;
        return this;
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await base.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The settings an Api and a worker of one test share: one database, one Redis prefix, a fast bus.</summary>
    public static Dictionary<string, string?> SharedSettings(string database, string prefix) => new()
    {
        ["ConnectionStrings:wellwon-db"] = TestInfrastructure.ConnectionStringFor(database),
        ["ConnectionStrings:redis"] = TestInfrastructure.Redis,
        ["Identity:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(prefix))),
        ["Messaging:RedisStreams:KeyPrefix"] = prefix + "bus:",
        ["Messaging:RedisStreams:Partitions"] = "2",
        ["Messaging:RedisStreams:PollMaxDelay"] = "00:00:00.050",
        ["Messaging:RedisStreams:RetryBaseDelay"] = "00:00:00.020",
        ["Messaging:RedisStreams:RetryMaxDelay"] = "00:00:00.200",
        ["Messaging:RedisStreams:LeaseTime"] = "00:00:01",
        ["Messaging:RedisStreams:ClaimMinIdleTime"] = "00:00:01",
        ["Relay:LockKey"] = prefix + "relay:lock",
        ["Relay:LeaseTime"] = "00:00:01",
        ["RealTime:KeyPrefix"] = prefix + "realtime:",
        ["Idempotency:KeyPrefix"] = prefix + "idempotency:",
        ["Scheduling:KeyPrefix"] = prefix + "jobs:",
        ["EventProcessor:StateInterval"] = "00:00:00.200",
        ["EventProcessor:InstanceId"] = "test",
        ["Sagas:InstanceId"] = "test",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit)
            {
                Assert.Fail($"Not within {limit.TotalSeconds:F0} s: {what}");
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Worker:Role", "event-processor");
        foreach (var (key, value) in SharedSettings(database, prefix))
        {
            builder.UseSetting(key, value);
        }
    }
}
