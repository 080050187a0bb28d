using Microsoft.Extensions.Options;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>The Kafka transport, bound from <c>Messaging:Kafka</c>; the brokers come from <c>ConnectionStrings:kafka</c>.</summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Messaging:Kafka";

    /// <summary>The connection string name the AppHost gives the services (Aspire's Kafka integration uses the same shape: bootstrap servers).</summary>
    public const string ConnectionName = "kafka";

    /// <summary>Bootstrap servers (<c>host:port,host:port</c>); when unset, <c>ConnectionStrings:kafka</c>.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Put before every WellWon topic, so WellWon can share a cluster: topic <c>logistics</c> is <c>wellwon.logistics</c>.</summary>
    public string TopicPrefix { get; set; } = "wellwon.";

    /// <summary>Create missing topics through the admin client; turn off where topics are managed outside the application.</summary>
    public bool CreateTopics { get; set; } = true;

    /// <summary>Partitions of a new topic. Kafka keeps a key's order only within its partition, and adding partitions later moves keys: size it once.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Replicas of a new topic; -1 takes the broker's <c>default.replication.factor</c>.</summary>
    public short ReplicationFactor { get; set; } = -1;

    /// <summary><c>min.insync.replicas</c> of a new topic (with <c>acks=all</c>, how many replicas must have a write); null takes the broker's.</summary>
    public int? MinInSyncReplicas { get; set; }

    /// <summary><c>retention.ms</c> of a new topic (7 days); -1 keeps everything, null takes the broker's. The event store stays the source of truth.</summary>
    public long? RetentionMs { get; set; } = 7L * 24 * 60 * 60 * 1000;

    /// <summary>
    /// Dead-letter topics are compacted by dead-letter id, so a replayed or deleted dead letter disappears; null keeps the others until
    /// someone replays or deletes them, a value also drops them after that many milliseconds.
    /// </summary>
    public long? DeadLetterRetentionMs { get; set; }

    /// <summary>Topics (without the prefix) to create at start-up besides those the process's projections and sagas consume.</summary>
    public IList<string> Topics { get; set; } = [];

    /// <summary>Admin requests (topic creation) and dead-letter reads give up after this long.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>message.timeout.ms</c>: a write the brokers have not acknowledged by then fails, and the relay publishes its batch again.</summary>
    public TimeSpan ProduceTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Handler calls within one delivery before the delivery counts as failed.</summary>
    public int HandlerAttempts { get; set; } = 3;

    /// <summary>Wait after the first failed try; it doubles after each further one, across deliveries, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Failed deliveries after which a message goes to <c>{topic}.dlq</c> (each delivery tries <see cref="HandlerAttempts"/> times).</summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>Messages fetched for one partition and not yet handled; above it the partition is paused until its worker catches up.</summary>
    public int MaxBufferedPerPartition { get; set; } = 1000;

    /// <summary>How often handled offsets are committed; also committed when partitions are revoked and when the consumer stops.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a revoked partition's running handler may go on before it is cancelled (its message then goes to the next owner).</summary>
    public TimeSpan RevokeGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    public int DeadLetterStackTraceLength { get; set; } = 4000;

    /// <summary>More librdkafka properties for every client (for example <c>security.protocol</c>, <c>sasl.mechanism</c>, <c>session.timeout.ms</c>).</summary>
    public IDictionary<string, string> Client { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    // Kafka allows 249 characters; the longest WellWon topic name is 200, plus ".dlq".
    private const int MaxPrefixLength = 249 - 200 - 4;

    public ValidateOptionsResult Validate(string? name, KafkaOptions o)
    {
        var failures = new List<string>();
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                failures.Add($"{KafkaOptions.SectionName}:{message}");
            }
        }

        Require(!string.IsNullOrWhiteSpace(o.BootstrapServers),
            $"BootstrapServers is not set, nor ConnectionStrings:{KafkaOptions.ConnectionName} (host:port of the brokers).");
        Require(o.TopicPrefix.Length <= MaxPrefixLength && (o.TopicPrefix.Length == 0 || KafkaTopicNames.IsValid(o.TopicPrefix)),
            $"TopicPrefix must be at most {MaxPrefixLength} letters, digits, '.', '_' or '-' (is '{o.TopicPrefix}').");
        Require(o.Partitions is >= 1 and <= 10_000, $"Partitions must be 1..10000 (is {o.Partitions}).");
        Require(o.ReplicationFactor is -1 or >= 1, $"ReplicationFactor must be -1 (the broker's default) or at least 1 (is {o.ReplicationFactor}).");
        Require(o.MinInSyncReplicas is null or >= 1, $"MinInSyncReplicas must be at least 1 (is {o.MinInSyncReplicas}).");
        Require(o.RetentionMs is null or -1 or >= 1, $"RetentionMs must be -1 (forever), positive, or unset (is {o.RetentionMs}).");
        Require(o.DeadLetterRetentionMs is null or >= 1, $"DeadLetterRetentionMs must be positive or unset (is {o.DeadLetterRetentionMs}).");
        Require(o.Topics.All(KafkaTopicNames.IsValid), "Topics must be letters, digits, '.', '_' or '-'.");
        Require(o.OperationTimeout >= TimeSpan.FromMilliseconds(100), "OperationTimeout must be at least 100 ms.");
        Require(o.ProduceTimeout >= TimeSpan.FromSeconds(1), "ProduceTimeout must be at least 1 s.");
        Require(o.HandlerAttempts >= 1, $"HandlerAttempts must be at least 1 (is {o.HandlerAttempts}).");
        Require(o.RetryBaseDelay >= TimeSpan.Zero, "RetryBaseDelay must not be negative.");
        Require(o.RetryMaxDelay >= o.RetryBaseDelay, "RetryMaxDelay must be at least RetryBaseDelay.");
        Require(o.MaxDeliveries >= 1, $"MaxDeliveries must be at least 1 (is {o.MaxDeliveries}).");
        Require(o.MaxBufferedPerPartition is >= 1 and <= 1_000_000, $"MaxBufferedPerPartition must be 1..1000000 (is {o.MaxBufferedPerPartition}).");
        Require(o.CommitInterval >= TimeSpan.FromMilliseconds(10), "CommitInterval must be at least 10 ms.");
        Require(o.RevokeGracePeriod >= TimeSpan.Zero, "RevokeGracePeriod must not be negative.");
        Require(o.DeadLetterStackTraceLength >= 0, "DeadLetterStackTraceLength must not be negative.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
