using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WellWon.Platform.Messaging;
using WellWon.Platform.Messaging.Kafka;
using WellWon.Platform.Tests.Messaging;

namespace WellWon.Platform.Kafka.Tests;

/// <summary>
/// The transport conformance suite against Kafka: the broker at <c>WELLWON_TEST_KAFKA</c> (<c>host:port</c>), or librdkafka's
/// in-process mock cluster with <c>WELLWON_TEST_KAFKA=mock</c> (no admin API there, so topics are auto-created, and no compaction).
/// Unset, every test reports a skip that names the variable.
/// </summary>
public sealed class KafkaTransportTests : TransportConformanceTests
{
    // Kafka counts no deliveries on the broker: a partition's next owner starts its count at 1.
    protected override bool CountsDeliveriesAcrossConsumers => false;

    // A consumer that leaves hands its partitions over at the rebalance its leaving starts; there is no idle time to wait out.
    protected override bool ClaimsOnlyAfterIdleTime => false;

    protected override Task<TransportUnderTest> CreateTransportAsync(TransportTestSettings settings) =>
        Task.FromResult<TransportUnderTest>(KafkaTransportUnderTest.Create(settings));
}

internal sealed class KafkaTransportUnderTest(ServiceProvider services) : TransportUnderTest
{
    public const string Variable = "WELLWON_TEST_KAFKA";

    public override IMessagePublisher Publisher => services.GetRequiredService<IMessagePublisher>();

    public override IMessageConsumer Consumer => services.GetRequiredService<IMessageConsumer>();

    public override IDeadLetterStore DeadLetters => services.GetRequiredService<IDeadLetterStore>();

    public static KafkaTransportUnderTest Create(TransportTestSettings settings)
    {
        var target = Environment.GetEnvironmentVariable(Variable);
        Assert.SkipWhen(string.IsNullOrWhiteSpace(target),
            $"{Variable} is not set: the Kafka conformance tests need a broker ({Variable}=host:port, or {Variable}=mock for librdkafka's mock cluster).");
        var mock = string.Equals(target, "mock", StringComparison.OrdinalIgnoreCase);
        static string Span(TimeSpan t) => t.ToString("c", CultureInfo.InvariantCulture);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = mock ? MockKafkaCluster.BootstrapServers : target,
            // Each transport its own topics, so tests run side by side and leave nothing another run reads.
            ["Messaging:Kafka:TopicPrefix"] = $"wwtest-{Guid.NewGuid():N}.",
            ["Messaging:Kafka:CreateTopics"] = mock ? "false" : "true",
            ["Messaging:Kafka:Partitions"] = "4",
            ["Messaging:Kafka:ReplicationFactor"] = "-1",
            ["Messaging:Kafka:MaxDeliveries"] = settings.MaxDeliveries.ToString(CultureInfo.InvariantCulture),
            ["Messaging:Kafka:HandlerAttempts"] = settings.HandlerAttempts.ToString(CultureInfo.InvariantCulture),
            ["Messaging:Kafka:RetryBaseDelay"] = Span(settings.RetryBaseDelay),
            ["Messaging:Kafka:RetryMaxDelay"] = Span(settings.RetryMaxDelay),
            ["Messaging:Kafka:CommitInterval"] = "00:00:00.100",
            ["Messaging:Kafka:RevokeGracePeriod"] = "00:00:01",
            // The mock answers a JoinGroup only when its rebalance times out, which these bound; a real broker answers at once.
            ["Messaging:Kafka:Client:session.timeout.ms"] = mock ? "6000" : null,
            ["Messaging:Kafka:Client:max.poll.interval.ms"] = mock ? "7000" : null,
            ["Messaging:Kafka:Client:heartbeat.interval.ms"] = mock ? "1000" : null,
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddKafkaTransport(configuration)
            .BuildServiceProvider(validateScopes: true);
        _ = services.GetRequiredService<IOptions<KafkaOptions>>().Value; // validates, as ValidateOnStart does in a host
        return new KafkaTransportUnderTest(services);
    }

    public override async Task<IReadOnlyList<TransportMessage>> ReadTopicAsync(string topic, CancellationToken ct)
    {
        var clients = services.GetRequiredService<KafkaClients>();
        var kafkaTopic = services.GetRequiredService<KafkaTopicNames>().Topic(topic);
        return await Task.Run(() =>
        {
            var timeout = TimeSpan.FromSeconds(10);
            var metadata = clients.Admin.GetMetadata(kafkaTopic, timeout).Topics.Single();
            using var reader = new ConsumerBuilder<byte[], byte[]>(clients.ReaderConfig()).Build();
            var messages = new List<TransportMessage>();
            foreach (var partition in metadata.Partitions)
            {
                var tp = new TopicPartition(kafkaTopic, partition.PartitionId);
                var marks = reader.QueryWatermarkOffsets(tp, timeout);
                if (marks.High <= marks.Low)
                {
                    continue;
                }

                reader.Assign(new TopicPartitionOffset(tp, marks.Low));
                while (reader.Consume(timeout) is { IsPartitionEOF: false } result)
                {
                    messages.Add(KafkaRecord.TryFromKafka(result.Message.Key, result.Message.Value, result.Message.Headers)
                        ?? throw new InvalidOperationException($"Unreadable record at {result.TopicPartitionOffset}."));
                }
            }

            return (IReadOnlyList<TransportMessage>)messages;
        }, ct);
    }

    public override ValueTask DisposeAsync() => services.DisposeAsync();
}

/// <summary>librdkafka's mock cluster (<c>test.mock.num.brokers</c>) in this process, for the whole test run; it listens on loopback.</summary>
internal static partial class MockKafkaCluster
{
    private static readonly Lazy<(IProducer<byte[], byte[]> Holder, string Bootstrap)> Cluster = new(Start);

    public static string BootstrapServers => Cluster.Value.Bootstrap;

    private static (IProducer<byte[], byte[]>, string) Start()
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var config = new ProducerConfig { BootstrapServers = "mock:9092" };
        config.Set("test.mock.num.brokers", "1");
        // The cluster is started by this client and says where it listens only in a log line.
        var holder = new ProducerBuilder<byte[], byte[]>(config)
            .SetLogHandler((_, m) =>
            {
                if (MockAddress().Match(m.Message) is { Success: true } match)
                {
                    found.TrySetResult(match.Groups[1].Value);
                }
            })
            .Build();
        return (holder, found.Task.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult());
    }

    [GeneratedRegex(@"Mock cluster enabled: .* replaced with (\S+)")]
    private static partial Regex MockAddress();
}
