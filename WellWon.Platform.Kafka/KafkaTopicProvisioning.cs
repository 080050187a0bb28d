using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Platform.Projections;
using WellWon.Platform.Sagas;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>
/// Creates at start-up the topics this process is known to need (<see cref="KafkaOptions.Topics"/>, and those its projections and sagas
/// consume). Kafka unreachable at that moment does not stop the host: every topic is created again before its first use.
/// </summary>
public sealed class KafkaTopicProvisioning(
    KafkaTopicProvisioner provisioner, IServiceProvider services, IOptions<KafkaOptions> options, ILogger<KafkaTopicProvisioning> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var topics = options.Value.Topics
            .Concat(services.GetService<ProjectionRegistry>()?.Topics ?? [])
            .Concat(services.GetService<SagaRegistry>()?.Topics ?? [])
            .ToList();
        if (!options.Value.CreateTopics || topics.Count == 0)
        {
            return;
        }

        try
        {
            await provisioner.EnsureAsync(topics, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.StartupProvisioningFailed(e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
