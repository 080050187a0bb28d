using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>How handling one message ended.</summary>
public enum DeliveryOutcome
{
    Handled,
    DeadLettered,
}

/// <summary>
/// Handles one message the way every WellWon transport does: up to <see cref="KafkaOptions.HandlerAttempts"/> calls per delivery and up
/// to <see cref="KafkaOptions.MaxDeliveries"/> deliveries, with a back-off that keeps growing across them, then the dead-letter topic.
/// Kafka has no per-message redelivery (a partition is a log read in order), so the deliveries happen here, in the process, while the
/// partition waits: the delivery count starts again at 1 when the partition moves to another consumer.
/// </summary>
public sealed class KafkaDelivery(KafkaOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// Runs <paramref name="handler"/> until it succeeds or the deliveries run out, then calls <paramref name="deadLetter"/> with the number
    /// of failed deliveries and the last error. Cancellation interrupts it with <see cref="OperationCanceledException"/>, the message unfinished.
    /// </summary>
    public async Task<DeliveryOutcome> DeliverAsync(
        ReceivedMessage first,
        string partition,
        MessageHandler handler,
        Func<int, DeadLetterError, CancellationToken, Task> deadLetter,
        CancellationToken ct)
    {
        KeyValuePair<string, object?>[] tags = [MessagingTelemetry.TopicTag(first.Topic), MessagingTelemetry.GroupTag(first.Group)];
        for (var delivery = 1; ; delivery++)
        {
            var received = first with { DeliveryCount = delivery };
            using var activity = MessagingTelemetry.StartProcess(KafkaPublisher.System, received, partition);
            if (delivery > 1)
            {
                MessagingTelemetry.Retries.Add(1, tags);
            }

            var triedBefore = (delivery - 1) * options.HandlerAttempts;
            var failure = await HandlerAttempts.RunAsync(handler, received, options.HandlerAttempts, triedBefore,
                options.RetryBaseDelay, options.RetryMaxDelay, activity, tags, time, ct);
            if (failure is null)
            {
                MessagingTelemetry.Consumed.Add(1, tags);
                return DeliveryOutcome.Handled;
            }

            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            if (delivery >= options.MaxDeliveries)
            {
                await deadLetter(delivery, DeadLetterError.From(failure, options.DeadLetterStackTraceLength), ct);
                MessagingTelemetry.DeadLettered.Add(1, tags);
                return DeliveryOutcome.DeadLettered;
            }

            logger.DeliveryFailed(failure, delivery, first.Message.MessageId, first.Message.Key, first.Topic, first.Group);
            await Task.Delay(RetryBackoff.Delay(triedBefore + options.HandlerAttempts, options.RetryBaseDelay, options.RetryMaxDelay), time, ct);
        }
    }
}
