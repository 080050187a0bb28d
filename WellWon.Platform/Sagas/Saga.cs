using System.Collections.Frozen;
using System.Reflection;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.Sagas;

/// <summary>
/// A process manager: reacts to events of the bus, keeps state per instance (the saga id, found from each event) in
/// <c>platform.saga_state</c>, and does its work by sending commands. Every step must be safe to run again: the runner skips an
/// event it has recorded as handled, but a process that dies after a command and before recording runs the step once more.
/// </summary>
public interface ISaga
{
    /// <summary>A stable name (<c>"chat.company-chat"</c>): the saga_type of its rows.</summary>
    string Type { get; }

    /// <summary>The event types (stable names) this saga reacts to; their topics are what the saga host consumes.</summary>
    IReadOnlySet<string> EventTypes { get; }

    Type StateType { get; }

    /// <summary>How long one step may take before it is cancelled and counted as a failed attempt; null for the host's default.</summary>
    TimeSpan? StepTimeout { get; }

    /// <summary>The instance <paramref name="e"/> belongs to, or null when it concerns no instance.</summary>
    Guid? SagaIdOf(IDomainEvent e);

    /// <summary>The state of an instance that has seen no event yet.</summary>
    object InitialState(Guid sagaId);

    Task<SagaStepResult> HandleAsync(object state, IDomainEvent e, SagaContext context, CancellationToken ct);
}

/// <summary>The state after a step, and whether the saga is done (a completed saga ignores later events).</summary>
public sealed record SagaStepResult(object State, bool Completed);

/// <summary>What a step works with: the event as recorded, and a DI scope whose request context continues the event's correlation.</summary>
public sealed class SagaContext(Guid sagaId, RecordedEvent recorded, IServiceProvider services)
{
    public Guid SagaId { get; } = sagaId;

    public RecordedEvent Event { get; } = recorded;

    public IServiceProvider Services { get; } = services;

    /// <summary>Sends a command through the mediator pipeline (validation, tracing) as the event's consequence.</summary>
    public ValueTask<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, CancellationToken ct) =>
        Services.GetRequiredService<ISender>().Send(command, ct);

    public IAggregateStore Aggregates => Services.GetRequiredService<IAggregateStore>();
}

/// <summary>
/// A saga with typed state: the constructor registers, per event type, how an event finds its instance and the step it runs
/// (<see cref="On{TEvent}"/>), the way an aggregate state registers its appliers.
/// </summary>
public abstract class Saga<TState> : ISaga where TState : class
{
    private readonly Dictionary<Type, (Func<IDomainEvent, Guid?> Correlate, Func<TState, IDomainEvent, SagaContext, CancellationToken, Task<SagaStepResult>> Step)> _steps = [];
    private FrozenSet<string>? _eventTypes;

    public abstract string Type { get; }

    public virtual TimeSpan? StepTimeout => null;

    public IReadOnlySet<string> EventTypes =>
        _eventTypes ??= _steps.Keys.Select(t => t.GetCustomAttribute<EventTypeAttribute>()?.Name
            ?? throw new InvalidOperationException($"Event {t.FullName} has no [EventType] attribute.")).ToFrozenSet(StringComparer.Ordinal);

    Type ISaga.StateType => typeof(TState);

    public Guid? SagaIdOf(IDomainEvent e) => _steps.TryGetValue(e.GetType(), out var step) ? step.Correlate(e) : null;

    object ISaga.InitialState(Guid sagaId) => Start(sagaId);

    async Task<SagaStepResult> ISaga.HandleAsync(object state, IDomainEvent e, SagaContext context, CancellationToken ct) =>
        _steps.TryGetValue(e.GetType(), out var step)
            ? await step.Step((TState)state, e, context, ct)
            : new SagaStepResult(state, Completed: false);

    protected abstract TState Start(Guid sagaId);

    /// <summary>Reacts to <typeparamref name="TEvent"/>: <paramref name="correlate"/> names the instance, <paramref name="step"/> acts.</summary>
    protected void On<TEvent>(Func<TEvent, Guid> correlate, Func<TState, TEvent, SagaContext, CancellationToken, Task<SagaStepResult>> step)
        where TEvent : IDomainEvent =>
        _steps[typeof(TEvent)] = (e => correlate((TEvent)e), (s, e, c, ct) => step(s, (TEvent)e, c, ct));

    protected static SagaStepResult Continue(TState state) => new(state, Completed: false);

    protected static SagaStepResult Complete(TState state) => new(state, Completed: true);
}
