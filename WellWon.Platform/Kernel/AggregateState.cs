namespace WellWon.Platform.Kernel;

/// <summary>
/// Immutable aggregate state: a record whose constructor registers one applier per event type with <see cref="On{TEvent}"/>.
/// </summary>
public abstract record AggregateState<TSelf> where TSelf : AggregateState<TSelf>
{
    private readonly Dictionary<Type, Func<TSelf, IDomainEvent, TSelf>> _appliers = [];

    protected void On<TEvent>(Func<TSelf, TEvent, TSelf> apply) where TEvent : IDomainEvent =>
        _appliers[typeof(TEvent)] = (state, e) => apply(state, (TEvent)e);

    /// <summary>The state after <paramref name="e"/>; an event without an applier leaves the state as it is.</summary>
    public TSelf When(IDomainEvent e) =>
        _appliers.TryGetValue(e.GetType(), out var apply) ? apply((TSelf)this, e) : (TSelf)this;
}
