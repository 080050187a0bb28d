using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>
/// The process's Kafka clients and their configuration: one idempotent producer (<c>acks=all</c>, <c>enable.idempotence=true</c>)
/// shared by the publisher and the dead-lettering consumers, one admin client, and consumer settings for commit-after-success
/// (<c>enable.auto.commit=false</c>, <c>enable.auto.offset.store=false</c>). librdkafka's log and errors go to the process's logger.
/// </summary>
public sealed class KafkaClients : IDisposable
{
    private readonly KafkaOptions _options;
    private readonly ILogger<KafkaClients> _logger;
    private readonly Lazy<IProducer<byte[], byte[]>> _producer;
    private readonly Lazy<IAdminClient> _admin;

    public KafkaClients(IOptions<KafkaOptions> options, ILogger<KafkaClients> logger)
    {
        _options = options.Value;
        _logger = logger;
        _producer = new(() => new ProducerBuilder<byte[], byte[]>(ProducerConfig())
            .SetLogHandler((_, m) => Log(m))
            .SetErrorHandler((_, e) => _logger.ClientError(e.Code, e.Reason, e.IsFatal))
            .Build());
        _admin = new(() => new AdminClientBuilder(new AdminClientConfig(Common()))
            .SetLogHandler((_, m) => Log(m))
            .SetErrorHandler((_, e) => _logger.ClientError(e.Code, e.Reason, e.IsFatal))
            .Build());
    }

    public IProducer<byte[], byte[]> Producer => _producer.Value;

    public IAdminClient Admin => _admin.Value;

    public ProducerConfig ProducerConfig() => new(Common())
    {
        Acks = Acks.All,
        EnableIdempotence = true,
        // Java's partitioner: any Kafka client or tool hashing the same stream id finds the same partition.
        Partitioner = Partitioner.Murmur2Random,
        MessageTimeoutMs = (int)_options.ProduceTimeout.TotalMilliseconds,
        LingerMs = 5,
    };

    /// <summary>A group member that commits itself, only what its handlers finished, and starts a new group at the oldest message.</summary>
    public ConsumerConfig ConsumerConfig(string group, string clientId) => new(Common())
    {
        GroupId = group,
        ClientId = clientId,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        // Incremental rebalances: a member joining or leaving moves only the partitions that change hands.
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        AllowAutoCreateTopics = !_options.CreateTopics,
    };

    /// <summary>A reader outside any group (dead-letter listing): assigned partitions, no commits, told when it reached the end.</summary>
    public ConsumerConfig ReaderConfig() => new(Common())
    {
        GroupId = "wellwon-dead-letter-reader",
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        EnablePartitionEof = true,
        AllowAutoCreateTopics = false,
    };

    internal void Log(LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        _logger.ClientLog(level, message.Name, message.Facility, message.Message);
    }

    internal void Error(Error error) => _logger.ClientError(error.Code, error.Reason, error.IsFatal);

    private Dictionary<string, string> Common()
    {
        // An empty setting (a key left blank in configuration) means "librdkafka's default", not an empty value.
        var config = _options.Client.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        config["bootstrap.servers"] = _options.BootstrapServers ?? string.Empty;
        return config;
    }

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            // Writes still queued (a dead letter, a relay batch whose caller gave up) get a moment to leave.
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }

        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
