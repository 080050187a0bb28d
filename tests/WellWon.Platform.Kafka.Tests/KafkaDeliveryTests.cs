using Microsoft.Extensions.Logging.Abstractions;
using WellWon.Platform.Messaging;
using WellWon.Platform.Messaging.Kafka;

namespace WellWon.Platform.Kafka.Tests;

/// <summary>Retries inside a delivery, deliveries inside the process, then the dead-letter topic: without a broker.</summary>
public sealed class KafkaDeliveryTests
{
    private static readonly KafkaOptions Fast = new()
    {
        HandlerAttempts = 2,
        MaxDeliveries = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(4),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ReceivedMessage Received() => new("finance", "event-processor-workers", new TransportMessage
    {
        Key = "invoice-1",
        MessageId = Guid.NewGuid(),
        Type = "finance.invoice-issued.v1",
        Payload = "{}"u8.ToArray(),
    }, 1);

    private static KafkaDelivery Delivery(KafkaOptions? options = null) => new(options ?? Fast, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task A_handler_that_succeeds_is_called_once_and_nothing_is_dead_lettered()
    {
        var calls = 0;
        var deadLettered = false;

        var outcome = await Delivery().DeliverAsync(Received(), "0", (_, _) => { calls++; return ValueTask.CompletedTask; },
            (_, _, _) => { deadLettered = true; return Task.CompletedTask; }, Ct);

        Assert.Equal(DeliveryOutcome.Handled, outcome);
        Assert.Equal(1, calls);
        Assert.False(deadLettered);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_the_delivery_count_grows_per_delivery()
    {
        var seen = new List<int>();

        var outcome = await Delivery().DeliverAsync(Received(), "0", (m, _) =>
        {
            seen.Add(m.DeliveryCount);
            return seen.Count < 4 ? throw new InvalidOperationException("database restarting") : ValueTask.CompletedTask;
        }, (_, _, _) => Task.CompletedTask, Ct);

        Assert.Equal(DeliveryOutcome.Handled, outcome);
        Assert.Equal([1, 1, 2, 2], seen);
    }

    [Fact]
    public async Task A_message_failing_every_try_is_dead_lettered_with_the_deliveries_and_last_error()
    {
        var calls = 0;
        (int Deliveries, DeadLetterError Error)? deadLetter = null;

        var outcome = await Delivery().DeliverAsync(Received(), "0", (_, _) => throw new InvalidOperationException($"poison {++calls}"),
            (deliveries, error, _) => { deadLetter = (deliveries, error); return Task.CompletedTask; }, Ct);

        Assert.Equal(DeliveryOutcome.DeadLettered, outcome);
        Assert.Equal(Fast.MaxDeliveries * Fast.HandlerAttempts, calls);
        Assert.NotNull(deadLetter);
        Assert.Equal(Fast.MaxDeliveries, deadLetter.Value.Deliveries);
        Assert.Equal(typeof(InvalidOperationException).FullName, deadLetter.Value.Error.Type);
        Assert.Equal($"poison {calls}", deadLetter.Value.Error.Message);
    }

    [Fact]
    public async Task Cancellation_leaves_the_message_unfinished_and_not_dead_lettered()
    {
        using var stop = new CancellationTokenSource();
        var deadLettered = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Delivery().DeliverAsync(Received(), "0", async (_, ct) =>
        {
            await stop.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
        }, (_, _, _) => { deadLettered = true; return Task.CompletedTask; }, stop.Token));

        Assert.False(deadLettered);
    }

    [Fact]
    public async Task A_dead_letter_that_cannot_be_written_fails_the_delivery_instead_of_finishing_it()
    {
        // The worker retries the write; the message must never count as finished while its dead letter is not safe.
        var options = new KafkaOptions { HandlerAttempts = 1, MaxDeliveries = 1 };

        await Assert.ThrowsAsync<TimeoutException>(() => Delivery(options).DeliverAsync(Received(), "0",
            (_, _) => throw new InvalidOperationException("poison"), (_, _, _) => throw new TimeoutException("broker away"), Ct));
    }
}
