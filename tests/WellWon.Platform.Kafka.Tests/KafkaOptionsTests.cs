using Confluent.Kafka.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WellWon.Platform.Hosting;
using WellWon.Platform.Messaging;
using WellWon.Platform.Messaging.Kafka;
using WellWon.Platform.Messaging.RedisStreams;

namespace WellWon.Platform.Kafka.Tests;

public sealed class KafkaOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddKafkaTransport(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void The_brokers_come_from_the_kafka_connection_string()
    {
        var options = Services(new() { ["ConnectionStrings:kafka"] = "localhost:9092" }).GetRequiredService<IOptions<KafkaOptions>>().Value;

        Assert.Equal("localhost:9092", options.BootstrapServers);
    }

    [Fact]
    public void Without_brokers_the_start_fails_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Services([]).GetRequiredService<IOptions<KafkaOptions>>().Value);

        Assert.Contains("ConnectionStrings:kafka", error.Message);
    }

    [Fact]
    public void Wrong_settings_are_named_at_start()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Services(new()
        {
            ["ConnectionStrings:kafka"] = "localhost:9092",
            ["Messaging:Kafka:Partitions"] = "0",
            ["Messaging:Kafka:ReplicationFactor"] = "0",
            ["Messaging:Kafka:TopicPrefix"] = "no spaces please",
        }).GetRequiredService<IOptions<KafkaOptions>>().Value);

        Assert.Contains("Messaging:Kafka:Partitions", error.Message);
        Assert.Contains("Messaging:Kafka:ReplicationFactor", error.Message);
        Assert.Contains("Messaging:Kafka:TopicPrefix", error.Message);
    }

    [Fact]
    public void Topics_are_created_with_the_configured_partitions_replication_and_retention_and_a_compacted_dlq()
    {
        var services = Services(new()
        {
            ["ConnectionStrings:kafka"] = "localhost:9092",
            ["Messaging:Kafka:Partitions"] = "12",
            ["Messaging:Kafka:ReplicationFactor"] = "3",
            ["Messaging:Kafka:MinInSyncReplicas"] = "2",
            ["Messaging:Kafka:RetentionMs"] = "86400000",
        });

        var specifications = services.GetRequiredService<KafkaTopicProvisioner>().Specifications("logistics").ToList();

        var main = Assert.Single(specifications, s => s.Name == "wellwon.logistics");
        Assert.Equal(12, main.NumPartitions);
        Assert.Equal(3, main.ReplicationFactor);
        Assert.Equal("86400000", main.Configs["retention.ms"]);
        Assert.Equal("2", main.Configs["min.insync.replicas"]);
        var dlq = Assert.Single(specifications, s => s.Name == "wellwon.logistics.dlq");
        Assert.Equal(1, dlq.NumPartitions);
        Assert.Equal("compact", dlq.Configs["cleanup.policy"]);
        Assert.False(dlq.Configs.ContainsKey("retention.ms"));
    }

    [Fact]
    public void The_producer_is_idempotent_and_the_consumer_commits_only_what_it_stored()
    {
        var clients = new KafkaClients(Options.Create(new KafkaOptions { BootstrapServers = "b:9092", Client = { ["security.protocol"] = "plaintext" } }),
            NullLogger<KafkaClients>.Instance);

        var producer = clients.ProducerConfig();
        var consumer = clients.ConsumerConfig("event-processor-workers", "host-1");

        Assert.Equal(Confluent.Kafka.Acks.All, producer.Acks);
        Assert.True(producer.EnableIdempotence);
        Assert.Equal("b:9092", producer.BootstrapServers);
        Assert.Equal(Confluent.Kafka.SecurityProtocol.Plaintext, producer.SecurityProtocol);
        Assert.Equal("event-processor-workers", consumer.GroupId);
        Assert.False(consumer.EnableAutoCommit);
        Assert.False(consumer.EnableAutoOffsetStore);
        Assert.Equal(Confluent.Kafka.AutoOffsetReset.Earliest, consumer.AutoOffsetReset);
        Assert.Equal(Confluent.Kafka.PartitionAssignmentStrategy.CooperativeSticky, consumer.PartitionAssignmentStrategy);
    }
}

/// <summary><c>Messaging:Transport</c> picks the adapter in AddWellWonPlatform, as the Api and the workers call it.</summary>
public sealed class TransportChoiceTests
{
    private static ServiceProvider Platform(string? transport, params MessagingTransportAdapter[] adapters)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:wellwon-db"] = "Host=127.0.0.1;Database=none",
            ["ConnectionStrings:redis"] = "127.0.0.1:1",
            ["ConnectionStrings:kafka"] = "127.0.0.1:9092",
            ["Messaging:Transport"] = transport,
        });
        builder.AddWellWonPlatform(adapters);
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public void Redis_streams_is_the_default()
    {
        var services = Platform(null, KafkaTransport.Adapter);

        Assert.IsType<RedisStreamsPublisher>(services.GetRequiredService<IMessagePublisher>());
    }

    [Fact]
    public void Kafka_is_chosen_by_configuration()
    {
        var services = Platform("Kafka", KafkaTransport.Adapter);

        Assert.IsType<KafkaPublisher>(services.GetRequiredService<IMessagePublisher>());
        Assert.IsType<KafkaConsumer>(services.GetRequiredService<IMessageConsumer>());
        Assert.IsType<KafkaDeadLetterStore>(services.GetRequiredService<IDeadLetterStore>());
        Assert.Contains(services.GetServices<IHostedService>(), s => s is KafkaTopicProvisioning);
    }

    [Fact]
    public void A_transport_the_host_does_not_offer_fails_with_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Platform("Kafka"));

        Assert.Contains("Messaging:Transport is 'Kafka'", error.Message);
        Assert.Contains("RedisStreams", error.Message);
    }
}
