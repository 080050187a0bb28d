namespace WellWon.Platform.Messaging;

/// <summary>Writes messages to a topic of the bus; the relay from the event store is its main caller.</summary>
public interface IMessagePublisher
{
    /// <summary>
    /// Publishes <paramref name="messages"/> to <paramref name="topic"/>, keeping their order per key, and returns only after the
    /// broker has acknowledged every write: the relay advances its checkpoint after this returns, never before.
    /// A call that throws or is cancelled may have written some of the messages; publishing them again is safe because delivery is
    /// at-least-once and consumers deduplicate by <see cref="TransportMessage.MessageId"/>.
    /// </summary>
    Task PublishAsync(string topic, IReadOnlyList<TransportMessage> messages, CancellationToken ct);
}
