using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>Ready when the cluster answers a DescribeCluster request with at least one broker (part of <c>/health</c>).</summary>
public sealed class KafkaHealthCheck(KafkaClients clients) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var cluster = await clients.Admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = Timeout }).WaitAsync(cancellationToken);
            return cluster.Nodes.Count > 0
                ? HealthCheckResult.Healthy($"{cluster.Nodes.Count} broker(s)")
                : HealthCheckResult.Unhealthy("The cluster reported no brokers.");
        }
        catch (Exception e) when (e is KafkaException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Kafka did not answer: " + e.Message, e);
        }
    }
}
