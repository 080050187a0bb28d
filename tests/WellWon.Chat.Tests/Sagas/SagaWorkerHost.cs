using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StackExchange.Redis;
using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using WellWon.Chat.Features;
using WellWon.Chat.Sagas;
using WellWon.Platform.EventStore;
using WellWon.Platform.Hosting;
using WellWon.Platform.Kernel;
using WellWon.Platform.Relay;
using WellWon.Platform.Sagas;

namespace WellWon.Chat.Tests.Sagas;

/// <summary>
/// The event processor's saga side as the Workers host composes it (platform, relay, Chat's read model and sagas, a mediator),
/// over a database and Redis key prefix the test names, so a second host can take over from a stopped one exactly as a
/// restarted worker would (same consumer name, same bus, same saga state).
/// </summary>
public sealed class SagaWorkerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private SagaWorkerHost(IHost host, string database, string prefix)
    {
        _host = host;
        Database = database;
        Prefix = prefix;
    }

    public IServiceProvider Services => _host.Services;

    public string Database { get; }

    public string Prefix { get; }

    public IEventStore Events => Services.GetRequiredService<IEventStore>();

    public SagaStore Sagas => Services.GetRequiredService<SagaStore>();

    public static string NewDatabase() => $"wellwon_chat_saga_test_{Guid.NewGuid():N}";

    public static string NewPrefix() => $"wwtest:{Guid.NewGuid():N}:";

    /// <param name="configure">Extra services: the tests add pipeline behaviours that stall or break a step.</param>
    public static async Task<SagaWorkerHost> StartAsync(string database, string prefix, Action<IServiceCollection>? configure = null, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:wellwon-db"] = TestInfrastructure.ConnectionStringFor(database),
            ["ConnectionStrings:redis"] = TestInfrastructure.Redis,
            ["Messaging:RedisStreams:KeyPrefix"] = prefix + "bus:",
            ["Messaging:RedisStreams:Partitions"] = "2",
            ["Messaging:RedisStreams:PollMaxDelay"] = "00:00:00.050",
            ["Messaging:RedisStreams:HandlerAttempts"] = "2",
            ["Messaging:RedisStreams:MaxDeliveries"] = "10",
            ["Messaging:RedisStreams:RetryBaseDelay"] = "00:00:00.020",
            ["Messaging:RedisStreams:RetryMaxDelay"] = "00:00:00.100",
            ["Messaging:RedisStreams:LeaseTime"] = "00:00:01",
            ["Messaging:RedisStreams:ClaimMinIdleTime"] = "00:00:01",
            ["Relay:LockKey"] = prefix + "relay:lock",
            ["Relay:LeaseTime"] = "00:00:01",
            ["RealTime:KeyPrefix"] = prefix + "realtime:",
            // One instance name for every host of a test: the second is the first one restarted.
            ["Sagas:InstanceId"] = "test",
            ["Sagas:MaxAttempts"] = "3",
            ["Sagas:StepTimeout"] = "00:00:30",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:WellWon.Platform.Sagas"] = "Critical",
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddWellWonPlatform();
        builder.Services.AddWellWonRelay();
        builder.Services.AddChatSagas();
        builder.Services.AddMediator(o =>
        {
            o.ServiceLifetime = ServiceLifetime.Scoped;
            o.Assemblies = [typeof(CreateCompanyChat)];
        });
        configure?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new SagaWorkerHost(host, database, prefix);
    }

    /// <summary>Appends company events to the company's stream, as the Companies context would (tenant = the company).</summary>
    public async Task<IReadOnlyList<Guid>> AppendCompanyEventsAsync(Guid companyId, params IDomainEvent[] events)
    {
        var registry = Services.GetRequiredService<EventTypeRegistry>();
        var data = events.Select(e => new EventData(
            Guid.CreateVersion7(),
            registry.NameOf(e.GetType()),
            registry.Serialize(e),
            new EventMetadata { CorrelationId = Guid.NewGuid(), TenantId = companyId })).ToList();
        await Events.AppendAsync($"companies-company-{companyId:N}", ExpectedVersion.Any, data, TestContext.Current.CancellationToken);
        return [.. data.Select(d => d.EventId)];
    }

    /// <summary>The company chat's events, in order.</summary>
    public async Task<IReadOnlyList<IDomainEvent>> ChatEventsAsync(Guid companyId)
    {
        var registry = Services.GetRequiredService<EventTypeRegistry>();
        var found = new List<IDomainEvent>();
        await foreach (var e in Events.ReadStreamAsync(StreamName.For<Conversation>(ChatIds.CompanyChat(companyId)), 0, ReadDirection.Forwards, 1000, TestContext.Current.CancellationToken))
        {
            found.Add(registry.Deserialize(e.EventType, e.Data)!);
        }

        return found;
    }

    public Task<SagaInstance?> SagaAsync(Guid companyId) => Sagas.LoadAsync(new CompanyChatSaga().Type, companyId, TestContext.Current.CancellationToken);

    /// <summary>Stops the host as a shutdown would: in-flight steps are cancelled, their messages stay unacknowledged.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }

    /// <summary>Removes what a test left in Redis and PostgreSQL.</summary>
    public static async Task CleanUpAsync(string database, string prefix)
    {
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis))
        {
            await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: prefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }

        await TestInfrastructure.DropDatabaseAsync(database);
    }

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

    public static string Names(IEnumerable<IDomainEvent> events) => string.Join(", ", events.Select(e => e switch
    {
        MemberJoined j => $"joined {j.UserId.ToString()[..4]}",
        MemberLeft l => $"left {l.UserId.ToString()[..4]}",
        _ => e.GetType().Name,
    }));

    internal static NpgsqlDataSource DataSource(string database) => NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(database));
}

/// <summary>Holds a step of <typeparamref name="TCommand"/> at a point of the test's choosing, or breaks it.</summary>
public sealed class StepGate<TCommand> : IPipelineBehavior<TCommand, Unit> where TCommand : ICommand
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>"before": stall before the command runs; "after": stall after it ran; "throw": fail; "hang": outlast the step timeout.</summary>
    public string Mode { get; init; } = "before";

    public Task Reached => _reached.Task;

    public int Calls { get; private set; }

    public async ValueTask<Unit> Handle(TCommand message, MessageHandlerDelegate<TCommand, Unit> next, CancellationToken cancellationToken)
    {
        Calls++;
        switch (Mode)
        {
            case "before":
                _reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case "after":
                await next(message, cancellationToken);
                _reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case "throw":
                throw new InvalidOperationException("The customs gateway is down");
            case "hang":
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }

        return await next(message, cancellationToken);
    }
}
