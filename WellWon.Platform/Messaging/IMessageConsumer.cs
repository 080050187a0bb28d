namespace WellWon.Platform.Messaging;

/// <summary>Handles one message; throwing means "not handled", and the message is retried, redelivered or dead-lettered.</summary>
public delegate ValueTask MessageHandler(ReceivedMessage message, CancellationToken ct);

/// <summary>
/// Who consumes what: a <paramref name="Group"/> receives every message of <paramref name="Topic"/> once (at least once), shared among
/// the group's consumers. <paramref name="ConsumerName"/> should be stable for a process instance (machine and role), so that a
/// restarted process takes back the messages it had not acknowledged at once, without waiting for them to look abandoned.
/// </summary>
public sealed record ConsumerSubscription(string Topic, string Group, string ConsumerName);

/// <summary>
/// Consumes a topic in a consumer group. Guarantees, for every transport:
/// <list type="bullet">
/// <item>at-least-once: a message is acknowledged only after its handler returned; one whose consumer died is delivered again;</item>
/// <item>order per key: messages with one key are handled one at a time, in publish order, even with several consumers in a group;</item>
/// <item>retries with back-off inside one delivery, then redelivery; after the configured number of failed deliveries the message goes
/// to the topic's dead-letter stream (<see cref="IDeadLetterStore"/>) with its error and is acknowledged, so its key moves on.</item>
/// </list>
/// </summary>
public interface IMessageConsumer
{
    /// <summary>
    /// Consumes until <paramref name="ct"/> is cancelled, then returns (without throwing) once in-flight handlers have stopped.
    /// A handler interrupted by the cancellation is not acknowledged: its message is delivered again later.
    /// </summary>
    Task RunAsync(ConsumerSubscription subscription, MessageHandler handler, CancellationToken ct);
}
