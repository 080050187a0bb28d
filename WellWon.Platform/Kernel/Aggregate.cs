namespace WellWon.Platform.Kernel;

/// <summary>Untyped view of an aggregate for the store.</summary>
/// <summary>
/// An aggregate whose events must be handled in log order together with other aggregates' events: all streams that give the
/// same key are delivered one after another (e.g. each message is its own stream, and a conversation's messages share its key).
/// </summary>
public interface IOrderedAggregate
{
    string OrderingKey { get; }
}

public interface IAggregate
{
    Guid Id { get; }

    /// <summary>The stream version the aggregate was loaded at; -1 for a new one.</summary>
    long OriginalVersion { get; }

    IReadOnlyList<IDomainEvent> Changes { get; }

    void Load(Guid id, long version, IEnumerable<IDomainEvent> history);

    void Restore(Guid id, long version, object snapshot);

    object Snapshot();

    void ClearChanges(long newVersion);
}

/// <summary>
/// An event-sourced aggregate: business methods check rules against <see cref="State"/> and record events with <see cref="Apply"/>.
/// No I/O, no clock, no logging.
/// </summary>
public abstract class Aggregate<TState> : IAggregate where TState : AggregateState<TState>, new()
{
    private readonly List<IDomainEvent> _changes = [];

    public Guid Id { get; protected set; }

    public TState State { get; private set; } = new();

    public long OriginalVersion { get; private set; } = -1;

    /// <summary>The version after the pending changes are saved.</summary>
    public long CurrentVersion => OriginalVersion + _changes.Count;

    public IReadOnlyList<IDomainEvent> Changes => _changes;

    protected void Apply(IDomainEvent e)
    {
        State = State.When(e);
        _changes.Add(e);
    }

    void IAggregate.Load(Guid id, long version, IEnumerable<IDomainEvent> history)
    {
        Id = id;
        foreach (var e in history)
        {
            State = State.When(e);
        }

        OriginalVersion = version;
    }

    void IAggregate.Restore(Guid id, long version, object snapshot)
    {
        Id = id;
        State = (TState)snapshot;
        OriginalVersion = version;
    }

    object IAggregate.Snapshot() => State;

    void IAggregate.ClearChanges(long newVersion)
    {
        _changes.Clear();
        OriginalVersion = newVersion;
    }
}
