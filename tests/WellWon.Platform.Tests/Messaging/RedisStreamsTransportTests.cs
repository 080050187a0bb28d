using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WellWon.Platform.Messaging;
using WellWon.Platform.Messaging.RedisStreams;

namespace WellWon.Platform.Tests.Messaging;

/// <summary>The conformance suite against the real Redis of the test run, plus what only the Redis adapter has.</summary>
public sealed class RedisStreamsTransportTests : TransportConformanceTests
{
    private const int Partitions = 4;

    protected override async Task<TransportUnderTest> CreateTransportAsync(TransportTestSettings settings) =>
        await RedisStreamsTransport.CreateAsync(settings, Partitions);

    [Fact]
    public async Task A_process_configured_with_another_partition_count_refuses_the_topic()
    {
        var prefix = $"wwtest:{Guid.NewGuid():N}:";
        await using var four = await RedisStreamsTransport.CreateAsync(TransportTestSettings.Fast, 4, prefix);
        await using var eight = await RedisStreamsTransport.CreateAsync(TransportTestSettings.Fast, 8, prefix);
        var topic = NewName("topic");
        await four.Publisher.PublishAsync(topic, [NewMessage("k", 0)], TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            eight.Publisher.PublishAsync(topic, [NewMessage("k", 1)], TestContext.Current.CancellationToken));
        Assert.Contains("4 partitions", error.Message);
    }

    internal sealed class RedisStreamsTransport(ServiceProvider services, ConnectionMultiplexer redis, string prefix, int partitions)
        : TransportUnderTest
    {
        public override IMessagePublisher Publisher => services.GetRequiredService<IMessagePublisher>();

        public override IMessageConsumer Consumer => services.GetRequiredService<IMessageConsumer>();

        public override IDeadLetterStore DeadLetters => services.GetRequiredService<IDeadLetterStore>();

        public static async Task<RedisStreamsTransport> CreateAsync(TransportTestSettings settings, int partitions, string? prefix = null)
        {
            var connection = Environment.GetEnvironmentVariable("WELLWON_TEST_REDIS");
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new InvalidOperationException(
                    "WELLWON_TEST_REDIS is not set. Run the tests with ./wellwon test, which starts a private Redis and sets it.");
            }

            prefix ??= $"wwtest:{Guid.NewGuid():N}:";
            var redis = await ConnectionMultiplexer.ConnectAsync(connection);
            static string Span(TimeSpan t) => t.ToString("c", CultureInfo.InvariantCulture);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Messaging:RedisStreams:KeyPrefix"] = prefix,
                ["Messaging:RedisStreams:Partitions"] = partitions.ToString(CultureInfo.InvariantCulture),
                ["Messaging:RedisStreams:ClaimMinIdleTime"] = Span(settings.ClaimMinIdle),
                ["Messaging:RedisStreams:LeaseTime"] = Span(settings.ClaimMinIdle),
                ["Messaging:RedisStreams:MaxDeliveries"] = settings.MaxDeliveries.ToString(CultureInfo.InvariantCulture),
                ["Messaging:RedisStreams:HandlerAttempts"] = settings.HandlerAttempts.ToString(CultureInfo.InvariantCulture),
                ["Messaging:RedisStreams:RetryBaseDelay"] = Span(settings.RetryBaseDelay),
                ["Messaging:RedisStreams:RetryMaxDelay"] = Span(settings.RetryMaxDelay),
                ["Messaging:RedisStreams:PollMaxDelay"] = "00:00:00.050",
            }).Build();

            var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton<IConnectionMultiplexer>(redis)
                .AddRedisStreamsTransport(configuration)
                .BuildServiceProvider(validateScopes: true);
            _ = services.GetRequiredService<IOptions<RedisStreamsOptions>>().Value; // validates, as ValidateOnStart does in a host
            return new RedisStreamsTransport(services, redis, prefix, partitions);
        }

        public override async Task<IReadOnlyList<TransportMessage>> ReadTopicAsync(string topic, CancellationToken ct)
        {
            var topology = services.GetRequiredService<RedisStreamsTopology>();
            var messages = new List<TransportMessage>();
            for (var p = 0; p < partitions; p++)
            {
                var entries = await redis.GetDatabase().StreamRangeAsync(topology.Stream(topic, p));
                messages.AddRange(entries.Select(e => RedisStreamsEntry.TryDecode(e.Values)
                    ?? throw new InvalidOperationException($"Entry {e.Id} is not a message.")));
            }

            return messages;
        }

        public override async ValueTask DisposeAsync()
        {
            await services.DisposeAsync();
            var db = redis.GetDatabase();
            foreach (var server in redis.GetServers())
            {
                await foreach (var key in server.KeysAsync(pattern: prefix + "*"))
                {
                    await db.KeyDeleteAsync(key);
                }
            }

            await redis.DisposeAsync();
        }
    }
}
