using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Platform.Messaging;

namespace WellWon.Platform.Sagas;

/// <summary>
/// Consumes, in the consumer group <see cref="SagaOptions.ConsumerGroup"/> (its own, apart from the projections'), every topic
/// whose events a registered saga reacts to, and hands each message to the <see cref="SagaRunner"/>. Delivery is at least once
/// and in order per stream, with the transport's retries and dead letters, like the projections'.
/// </summary>
public sealed partial class SagaHost(
    SagaRegistry registry,
    SagaRunner runner,
    IMessageConsumer consumer,
    IOptions<SagaOptions> options,
    ILogger<SagaHost> logger) : BackgroundService
{
    /// <summary>This process's consumer name: stable across restarts, so a restarted host takes back its unacknowledged messages at once.</summary>
    public string ConsumerName { get; } = ConsumerNameFor(options.Value.InstanceId);

    public static string ConsumerNameFor(string? instanceId)
    {
        var name = string.IsNullOrWhiteSpace(instanceId) ? $"{Environment.MachineName}.sagas" : $"{Environment.MachineName}.sagas.{instanceId}";
        return Unsafe().Replace(name, "-").ToLowerInvariant();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (registry.Topics.Count == 0)
        {
            LogNothingToRun();
            return;
        }

        var group = options.Value.ConsumerGroup;
        LogConsuming(string.Join(", ", registry.All.Select(s => s.Type)), string.Join(", ", registry.Topics), group, ConsumerName);
        await Task.WhenAll(registry.Topics.Select(topic =>
            consumer.RunAsync(new ConsumerSubscription(topic, group, ConsumerName), runner.HandleAsync, stoppingToken)));
    }

    [GeneratedRegex("[^A-Za-z0-9._-]", RegexOptions.CultureInvariant)]
    private static partial Regex Unsafe();

    [LoggerMessage(Level = LogLevel.Information, Message = "No sagas are registered; the saga host has nothing to consume")]
    private partial void LogNothingToRun();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sagas {Sagas} consume {Topics} as {Group}/{Consumer}")]
    private partial void LogConsuming(string sagas, string topics, string group, string consumer);
}
