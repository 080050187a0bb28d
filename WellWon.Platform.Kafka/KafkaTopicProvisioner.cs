using System.Collections.Concurrent;
using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>
/// Creates a topic and its dead-letter topic through the admin client, with the configured partitions, replication and retention;
/// "already exists" is success, so every process may try. The dead-letter topic has one partition (dead letters are few and are listed
/// in order) and is compacted by dead-letter id (<see cref="KafkaDeadLetterRecord"/>). An existing topic is left as it is.
/// </summary>
public sealed class KafkaTopicProvisioner(
    KafkaClients clients, KafkaTopicNames names, IOptions<KafkaOptions> options, ILogger<KafkaTopicProvisioner> logger)
{
    private readonly ConcurrentDictionary<string, bool> _ensured = new(StringComparer.Ordinal);

    private KafkaOptions Options => options.Value;

    public Task EnsureAsync(string topic, CancellationToken ct) => EnsureAsync([topic], ct);

    public async Task EnsureAsync(IEnumerable<string> topics, CancellationToken ct)
    {
        var missing = topics.Distinct(StringComparer.Ordinal).Where(t => !_ensured.ContainsKey(t)).ToList();
        if (!Options.CreateTopics || missing.Count == 0)
        {
            return;
        }

        var specifications = missing.SelectMany(Specifications).ToList();
        var timeout = Options.OperationTimeout;
        try
        {
            await clients.Admin.CreateTopicsAsync(specifications, new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout })
                .WaitAsync(ct);
            logger.TopicsCreated(string.Join(", ", specifications.Select(s => s.Name)));
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            var created = e.Results.Where(r => r.Error.Code == ErrorCode.NoError).Select(r => r.Topic).ToList();
            if (created.Count > 0)
            {
                logger.TopicsCreated(string.Join(", ", created));
            }
        }
        catch (CreateTopicsException e)
        {
            var failed = e.Results.Where(r => r.Error.Code is not (ErrorCode.NoError or ErrorCode.TopicAlreadyExists));
            throw new InvalidOperationException(
                "Creating Kafka topics failed: " + string.Join("; ", failed.Select(r => $"{r.Topic}: {r.Error.Reason}")), e);
        }

        foreach (var topic in missing)
        {
            _ensured.TryAdd(topic, true);
        }
    }

    /// <summary>The topic and its dead-letter topic as the admin client should create them.</summary>
    public IEnumerable<TopicSpecification> Specifications(string topic)
    {
        var o = Options;
        var main = new Dictionary<string, string>(StringComparer.Ordinal);
        var deadLetters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cleanup.policy"] = o.DeadLetterRetentionMs is null ? "compact" : "compact,delete",
        };
        if (o.RetentionMs is { } retention)
        {
            main["retention.ms"] = retention.ToString(CultureInfo.InvariantCulture);
        }

        if (o.DeadLetterRetentionMs is { } deadLetterRetention)
        {
            deadLetters["retention.ms"] = deadLetterRetention.ToString(CultureInfo.InvariantCulture);
        }

        if (o.MinInSyncReplicas is { } minIsr)
        {
            main["min.insync.replicas"] = deadLetters["min.insync.replicas"] = minIsr.ToString(CultureInfo.InvariantCulture);
        }

        yield return new TopicSpecification
        {
            Name = names.Topic(topic), NumPartitions = o.Partitions, ReplicationFactor = o.ReplicationFactor, Configs = main,
        };
        yield return new TopicSpecification
        {
            Name = names.DeadLetters(topic), NumPartitions = 1, ReplicationFactor = o.ReplicationFactor, Configs = deadLetters,
        };
    }
}
