namespace WellWon.Platform.Messaging;

/// <summary>Messages that kept failing, kept per topic (<c>{topic}.dead-letter</c>) for people to inspect, replay or drop.</summary>
public interface IDeadLetterStore
{
    /// <summary>Dead letters of <paramref name="topic"/>, oldest first; pass the previous page's token to get the next page.</summary>
    Task<DeadLetterPage> ListAsync(string topic, string? pageToken, int pageSize, CancellationToken ct);

    /// <summary>Publishes the message to its topic again and removes the dead letter. False when there is no such dead letter.</summary>
    Task<bool> ReplayAsync(string topic, string deadLetterId, CancellationToken ct);

    /// <summary>Removes the dead letter for good. False when there is no such dead letter.</summary>
    Task<bool> DeleteAsync(string topic, string deadLetterId, CancellationToken ct);
}

/// <summary>A message that failed <see cref="Attempts"/> deliveries in consumer group <see cref="Group"/>.</summary>
/// <param name="Id">The dead letter's id in the dead-letter stream (for replay and delete).</param>
/// <param name="Message">The original message, all its fields intact; null when the original entry could not even be read.</param>
/// <param name="RawFields">The original entry's fields as stored, for a message that could not be read.</param>
public sealed record DeadLetter(
    string Id,
    string Topic,
    string Group,
    string Consumer,
    int Attempts,
    DeadLetterError Error,
    DateTimeOffset FailedAt,
    TransportMessage? Message,
    IReadOnlyDictionary<string, string> RawFields);

/// <summary>The last error of a dead letter, its stack trace trimmed.</summary>
public sealed record DeadLetterError(string Type, string Message, string? StackTrace)
{
    public static DeadLetterError From(Exception exception, int maxStackTraceLength)
    {
        var stack = exception.StackTrace;
        if (stack is not null && stack.Length > maxStackTraceLength)
        {
            stack = stack[..maxStackTraceLength] + "…";
        }

        return new DeadLetterError(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, stack);
    }
}

public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Items, string? NextPageToken);
