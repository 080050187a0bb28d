namespace WellWon.Platform.EventStore;

/// <summary>The source of truth: streams of events, appended with optimistic concurrency, read per stream or as one log.</summary>
public interface IEventStore
{
    /// <summary>
    /// Appends <paramref name="events"/> atomically (one round trip, one transaction).
    /// Throws <see cref="WrongExpectedVersionException"/> when the stream is not at <paramref name="expected"/> or a concurrent append won.
    /// An append whose event ids are already stored in that stream at the same versions is recognised as a retry and returns the original result.
    /// </summary>
    Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct);

    /// <summary>Reads one stream from <paramref name="fromVersion"/> (inclusive; for backwards, <see cref="long.MaxValue"/> means the end).</summary>
    IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string streamId, long fromVersion, ReadDirection direction, int maxCount, CancellationToken ct);

    /// <summary>
    /// Reads the whole log after <paramref name="after"/> in commit-safe order: only events of transactions that can no longer
    /// be overtaken by one still in flight, ordered by (transaction id, position). Never skips an event.
    /// </summary>
    Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(LogPosition after, int maxCount, CancellationToken ct);

    /// <summary>The current version of a stream, or null when it does not exist.</summary>
    Task<long?> GetStreamVersionAsync(string streamId, CancellationToken ct);
}
