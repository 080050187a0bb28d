using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Messaging;
using WellWon.Platform.Messaging.RedisStreams;
using WellWon.Platform.Relay;
using WellWon.Platform.Tests.Fakes;

namespace WellWon.Platform.Tests.Relay;

/// <summary>The bus of one test: a Redis key prefix of its own, and the relay's lease key under it.</summary>
public sealed record TestBus(string Prefix, TimeSpan LeaseTime, int BatchSize = 100, int Partitions = 4)
{
    public static TestBus Create(TimeSpan leaseTime, int batchSize = 100) => new($"wwtest:{Guid.NewGuid():N}:", leaseTime, batchSize);

    public string LockKey => Prefix + "relay:lock";

    public IConfiguration Configuration => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Relay:LockKey"] = LockKey,
        ["Relay:LeaseTime"] = LeaseTime.ToString("c", CultureInfo.InvariantCulture),
        ["Relay:BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["Messaging:RedisStreams:KeyPrefix"] = Prefix,
        ["Messaging:RedisStreams:Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
        ["Messaging:RedisStreams:PollMaxDelay"] = "00:00:00.050",
        ["Messaging:RedisStreams:LeaseTime"] = "00:00:02",
        ["Messaging:RedisStreams:ClaimMinIdleTime"] = "00:00:02",
    }).Build();

    /// <summary>Every message on <paramref name="topic"/>, partition by partition, in stream order.</summary>
    public async Task<List<TransportMessage>> ReadTopicAsync(string topic)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis);
        var messages = new List<TransportMessage>();
        for (var p = 0; p < Partitions; p++)
        {
            var entries = await redis.GetDatabase().StreamRangeAsync($"{Prefix}{topic}:{p}");
            messages.AddRange(entries.Select(e => RedisStreamsEntry.TryDecode(e.Values)!));
        }

        return messages;
    }

    public async Task DeleteKeysAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis);
        foreach (var server in redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: Prefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }
    }
}

/// <summary>
/// One process's share of the flow, as a host composes it: a Redis connection of its own, the event store over the test database,
/// the transport and the relay (run on demand, not as a hosted service, so a test can stop or cut it off at will).
/// </summary>
public sealed class RelayNode : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private RelayNode(ServiceProvider services, ConnectionMultiplexer redis)
    {
        Services = services;
        Redis = redis;
    }

    public ServiceProvider Services { get; }

    public ConnectionMultiplexer Redis { get; }

    public EventRelay Relay => Services.GetRequiredService<EventRelay>();

    /// <param name="wrapPublisher">Stands between the relay and the real publisher (to fail after the bus acknowledged, say).</param>
    public static async Task<RelayNode> CreateAsync(NpgsqlDataSource db, TestBus bus, Func<IMessagePublisher, IMessagePublisher>? wrapPublisher = null)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis);
        var configuration = bus.Configuration;
        var collection = new ServiceCollection()
            .AddSingleton(configuration)
            .AddLogging()
            .AddSingleton(db)
            .AddPostgresEventStore()
            .AddSingleton<IConnectionMultiplexer>(redis);
        if (wrapPublisher is not null)
        {
            // Registered first: the transport only adds its publisher when none is there.
            collection.AddSingleton<RedisStreamsPublisher>();
            collection.AddSingleton(sp => wrapPublisher(sp.GetRequiredService<RedisStreamsPublisher>()));
        }

        var services = collection
            .AddRedisStreamsTransport(configuration)
            .AddWellWonRelay()
            .BuildServiceProvider(validateScopes: true);
        return new RelayNode(services, redis);
    }

    public static async Task<RelayNode> StartAsync(NpgsqlDataSource db, TestBus bus, Func<IMessagePublisher, IMessagePublisher>? wrapPublisher = null)
    {
        var node = await CreateAsync(db, bus, wrapPublisher);
        node.Start();
        return node;
    }

    public void Start() => _running = Task.Run(() => Relay.RunAsync(_stop.Token));

    /// <summary>Stops the relay as a shutdown or a kill would: mid-batch if it is in one.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    /// <summary>What a crashed process or a network partition looks like to Redis: no renewal, no release, no publish.</summary>
    public void CutOffRedis() => Redis.Dispose();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Services.DisposeAsync();
        await Redis.DisposeAsync();
        _stop.Dispose();
    }
}
