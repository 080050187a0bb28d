namespace WellWon.Platform.EventStore;

/// <summary>
/// A checkpointed reader of the whole log, whatever store holds it: it hands batches to a handler in log order (per stream in
/// version order) and saves its checkpoint only after the handler succeeded, so delivery is at least once and never skips.
/// </summary>
public interface ILogSubscription
{
    /// <summary>Stable: it names the checkpoint.</summary>
    string Name { get; }

    /// <summary>The position of the last event (or store checkpoint) handled and saved.</summary>
    LogPosition Position { get; }

    /// <summary>How far the end of the log is ahead of <see cref="Position"/>, in the store's own position units.</summary>
    long Lag { get; }

    /// <summary>Runs until <paramref name="ct"/> is cancelled, recovering from every failure of the store or of the handler.</summary>
    Task RunAsync(Func<IReadOnlyList<RecordedEvent>, CancellationToken, Task> handle, CancellationToken ct);
}

/// <summary>Creates <see cref="ILogSubscription"/>s over the registered event store (the relay, projection runners).</summary>
public interface ILogSubscriptionFactory
{
    /// <param name="name">Stable: it names the checkpoint, so renaming it starts the subscriber from the beginning.</param>
    /// <param name="batchSize">Events handed to the handler at most at once.</param>
    ILogSubscription Create(string name, int batchSize);
}
