using WellWon.Platform.Messaging;
using WellWon.Platform.Projections;

namespace WellWon.Workers.EventProcessor;

/// <summary>
/// Consumes, in the group <see cref="ConsumerGroup"/>, every topic whose events a registered projection reads, and hands each
/// message to the <see cref="ProjectionDispatcher"/>. Delivery is at least once, per stream in order, with the transport's retries
/// and dead letters. At start it records the process's projections in <c>platform.projection_state</c> and creates the table of a
/// rebuildable projection that has none yet, queueing its rebuild so the new table also gets the history.
/// </summary>
public sealed partial class EventProcessorService(
    ProjectionRegistry registry,
    IMessageConsumer consumer,
    ProjectionDispatcher dispatcher,
    ProjectionStateStore state,
    ProjectionRebuilder rebuilder,
    ConsumerIdentity identity,
    ILogger<EventProcessorService> logger) : BackgroundService
{
    public const string ConsumerGroup = "event-processor-workers";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (registry.All.Count == 0)
        {
            LogNothingToProcess();
            return;
        }

        await PrepareAsync(stoppingToken);
        LogConsuming(string.Join(", ", registry.Topics), ConsumerGroup, identity.Name);
        await Task.WhenAll(registry.Topics.Select(topic =>
            consumer.RunAsync(new ConsumerSubscription(topic, ConsumerGroup, identity.Name), dispatcher.HandleAsync, stoppingToken)));
    }

    private async Task PrepareAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await state.RegisterAsync(registry.All, ct);
                foreach (var projection in registry.All.OfType<IRebuildableProjection>())
                {
                    if (await rebuilder.EnsureTableAsync(projection, ct))
                    {
                        await state.RequestRebuildAsync(projection.Name, ct);
                    }
                }

                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The database may still be starting; consuming into tables that are not there would only fill the dead letters.
                LogPrepareFailed(e, attempt);
                await Task.Delay(RetryBackoff.Delay(attempt, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10)), ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No projections are registered; the event processor has nothing to consume")]
    private partial void LogNothingToProcess();

    [LoggerMessage(Level = LogLevel.Information, Message = "Event processor consumes {Topics} as {Group}/{Consumer}")]
    private partial void LogConsuming(string topics, string group, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event processor could not prepare its projections (attempt {Attempt}); retrying")]
    private partial void LogPrepareFailed(Exception e, int attempt);
}
