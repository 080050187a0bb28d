using System.Diagnostics;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using WellWon.Chat.Sagas;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Sagas;

namespace WellWon.Chat.Tests.Hosts;

/// <summary>
/// The event-processor worker as its Program builds it (relay, projections, the saga host), over a database and Redis key prefix
/// the test names, so an Api can run beside it and a second worker can take over from a stopped one exactly as a restarted
/// process would (same consumer names, same bus, same saga state).
/// </summary>
public sealed class ChatWorker(string database, string prefix, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    private bool _stopped;

    public string Database { get; } = database;

    public string Prefix { get; } = prefix;

    public IEventStore Events => Services.GetRequiredService<IEventStore>();

    public SagaStore Sagas => Services.GetRequiredService<SagaStore>();

    /// <summary>Builds and starts the worker (migrations first, then its hosted services).</summary>
    public ChatWorker Start()
    {
        _ = Services;
        return this;
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
        var stream = StreamName.For<Conversation>(ChatIds.CompanyChat(companyId));
        await foreach (var e in Events.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 1000, TestContext.Current.CancellationToken))
        {
            found.Add(registry.Deserialize(e.EventType, e.Data)!);
        }

        return found;
    }

    public Task<SagaInstance?> SagaAsync(Guid companyId) => Sagas.LoadAsync(new CompanyChatSaga().Type, companyId, TestContext.Current.CancellationToken);

    /// <summary>Stops the worker as a shutdown would: in-flight steps are cancelled and their messages stay unacknowledged.</summary>
    public async Task StopAsync() => await DisposeAsync();

    public override async ValueTask DisposeAsync()
    {
        // Stopping twice (a test stops it, then its using ends) must not dispose the host twice.
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
        // The same key for every host of a test, as the AppHost gives one secret to all.
        ["Identity:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(prefix))),
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
        ["Idempotency:KeyPrefix"] = prefix + "idempotency:",
        ["Scheduling:KeyPrefix"] = prefix + "jobs:",
        ["EventProcessor:StateInterval"] = "00:00:00.200",
        // One instance name for every worker of a test: the second is the first one restarted.
        ["EventProcessor:InstanceId"] = "test",
        ["Sagas:InstanceId"] = "test",
        ["Sagas:MaxAttempts"] = "3",
        ["Logging:LogLevel:Default"] = "Warning",
    };

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

    /// <summary>A conversation's history in short: "ConversationStarted, joined 1a2b, left 1a2b".</summary>
    public static string Names(IEnumerable<IDomainEvent> events) => string.Join(", ", events.Select(e => e switch
    {
        MemberJoined j => $"joined {j.UserId.ToString()[..4]}",
        MemberLeft l => $"left {l.UserId.ToString()[..4]}",
        _ => e.GetType().Name,
    }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Worker:Role", "event-processor");
        foreach (var (key, value) in SharedSettings(Database, Prefix).Concat(settings ?? new Dictionary<string, string?>()))
        {
            builder.UseSetting(key, value);
        }

        if (configure is not null)
        {
            builder.ConfigureServices(configure);
        }
    }
}

/// <summary>Holds a step of <typeparamref name="TCommand"/> at a point of the test's choosing, or breaks it.</summary>
public sealed class StepGate<TCommand> : IPipelineBehavior<TCommand, Unit> where TCommand : ICommand
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    /// <summary>"before": stall before the command runs; "after": stall after it ran; "throw": fail; "hang": outlast the step timeout.</summary>
    public string Mode { get; init; } = "before";

    public Task Reached => _reached.Task;

    public int Calls => Volatile.Read(ref _calls);

    public async ValueTask<Unit> Handle(TCommand message, MessageHandlerDelegate<TCommand, Unit> next, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
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
