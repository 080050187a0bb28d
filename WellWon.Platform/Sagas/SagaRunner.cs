using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Messaging;

namespace WellWon.Platform.Sagas;

/// <summary>Every saga of the process, by the event types they react to.</summary>
public sealed class SagaRegistry
{
    private readonly FrozenDictionary<string, ISaga[]> _byEventType;

    public SagaRegistry(IEnumerable<ISaga> sagas)
    {
        All = [.. sagas];
        var duplicate = All.GroupBy(s => s.Type, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Saga type '{duplicate.Key}' is registered more than once.");
        }

        _byEventType = All.SelectMany(s => s.EventTypes.Select(t => (t, s)))
            .GroupBy(x => x.t, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.s).ToArray(), StringComparer.Ordinal);
        Topics = [.. _byEventType.Keys.Select(RecordedEventMessages.TopicOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<ISaga> All { get; }

    /// <summary>The topics (bounded contexts) whose events some saga reacts to.</summary>
    public IReadOnlyList<string> Topics { get; }

    public IReadOnlyList<ISaga> For(string eventType) => _byEventType.GetValueOrDefault(eventType) ?? [];
}

/// <summary>A step's result could not be recorded because another step of the same instance was recorded first; the message is retried.</summary>
public sealed class SagaConcurrencyException(string type, Guid id)
    : Exception($"Saga {type} {id} changed while a step ran; the event will be handled again.");

/// <summary>The saga is failed; events for it wait (retried, then dead-lettered) until an operator retries the saga.</summary>
public sealed class SagaFailedException(string type, Guid id, string? error)
    : Exception($"Saga {type} {id} is failed ({error}); retry it, then replay its dead letters.");

/// <summary>
/// Runs the sagas' steps for one event. Per saga instance: skip an event already handled, mark the step in flight with its
/// deadline (the saved state from which a restarted process resumes), run the step in a DI scope that continues the event's
/// correlation with its timeout, then write the new state and the event id together, guarded by the version the step started
/// from. A failure counts an attempt and is thrown, so the transport retries; at <see cref="SagaOptions.MaxAttempts"/> the saga is
/// marked failed with the error. Cancellation (the host stopping) records nothing: the message is delivered again.
/// </summary>
public sealed partial class SagaRunner
{
    private readonly SagaRegistry _registry;
    private readonly SagaStore _store;
    private readonly EventTypeRegistry _events;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly SagaOptions _options;
    private readonly ILogger<SagaRunner> _logger;
    private readonly Counter<long> _steps;
    private readonly Histogram<double> _duration;

    public SagaRunner(
        SagaRegistry registry,
        SagaStore store,
        EventTypeRegistry events,
        IServiceScopeFactory scopes,
        TimeProvider clock,
        IOptions<SagaOptions> options,
        IMeterFactory meters,
        ILogger<SagaRunner> logger)
    {
        _registry = registry;
        _store = store;
        _events = events;
        _scopes = scopes;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        var meter = meters.Create(Microsoft.Extensions.Hosting.Extensions.TelemetryName);
        _steps = meter.CreateCounter<long>("wellwon.saga.steps", "{step}", "Saga steps, by saga and outcome (ok, duplicate, ignored, failed, gave-up).");
        _duration = meter.CreateHistogram<double>("wellwon.saga.step.duration", "s", "Time a saga step took.");
    }

    /// <summary>The transport's handler: a message of a type no saga reacts to is acknowledged as it is.</summary>
    public async ValueTask HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        if (_registry.For(message.Message.Type).Count == 0)
        {
            return;
        }

        await HandleAsync(message.Message.ToRecordedEvent(), ct);
    }

    public async Task HandleAsync(RecordedEvent recorded, CancellationToken ct)
    {
        var sagas = _registry.For(recorded.EventType);
        if (sagas.Count == 0 || _events.Deserialize(recorded.EventType, recorded.Data) is not { } e)
        {
            return;
        }

        foreach (var saga in sagas)
        {
            if (saga.SagaIdOf(e) is { } sagaId)
            {
                await RunStepAsync(saga, sagaId, recorded, e, ct);
            }
        }
    }

    private async Task RunStepAsync(ISaga saga, Guid sagaId, RecordedEvent recorded, IDomainEvent e, CancellationToken ct)
    {
        using var activity = MessageTelemetry.ActivitySource.StartActivity($"saga {saga.Type}");
        activity?.SetTag("wellwon.saga.type", saga.Type);
        activity?.SetTag("wellwon.saga.id", sagaId);
        activity?.SetTag("wellwon.event.type", recorded.EventType);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            outcome = await StepAsync(saga, sagaId, recorded, e, ct);
        }
        catch (SagaFailedException)
        {
            outcome = "gave-up";
            throw;
        }
        finally
        {
            activity?.SetTag("wellwon.outcome", outcome);
            var tags = new TagList { { "saga", saga.Type }, { "outcome", outcome } };
            _steps.Add(1, tags);
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private async Task<string> StepAsync(ISaga saga, Guid sagaId, RecordedEvent recorded, IDomainEvent e, CancellationToken ct)
    {
        var initial = JsonSerializer.SerializeToElement(saga.InitialState(sagaId), saga.StateType, EventTypeRegistry.JsonOptions);
        var instance = await _store.LoadOrCreateAsync(saga.Type, sagaId, initial, ct);
        if (instance.Handled(recorded.EventId))
        {
            LogDuplicate(saga.Type, sagaId, recorded.EventType, recorded.EventId);
            return "duplicate";
        }

        switch (instance.Status)
        {
            case SagaStatus.Completed:
                LogIgnoredAfterCompletion(saga.Type, sagaId, recorded.EventType);
                return "ignored";
            case SagaStatus.Failed:
                throw new SagaFailedException(saga.Type, sagaId, instance.LastError);
        }

        var timeout = saga.StepTimeout ?? _options.StepTimeout;
        if (!await _store.BeginStepAsync(saga.Type, sagaId, instance.Version, recorded.EventId, recorded.EventType, _clock.GetUtcNow() + timeout, ct))
        {
            throw new SagaConcurrencyException(saga.Type, sagaId);
        }

        SagaStepResult result;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            deadline.CancelAfter(timeout);
            try
            {
                var state = instance.State.Deserialize(saga.StateType, EventTypeRegistry.JsonOptions)!;
                await using var scope = _scopes.CreateAsyncScope();
                ContinueCorrelation(scope.ServiceProvider.GetRequiredService<RequestContext>(), recorded);
                result = await saga.HandleAsync(state, e, new SagaContext(sagaId, recorded, scope.ServiceProvider), deadline.Token);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The host is stopping: nothing is recorded and the message is not acknowledged, so the step runs again later.
                throw;
            }
            catch (Exception ex)
            {
                var error = ex is OperationCanceledException && deadline.IsCancellationRequested
                    ? $"The step for {recorded.EventType} timed out after {timeout.TotalSeconds:0.###} s."
                    : $"{ex.GetType().Name}: {ex.Message}";
                var status = await _store.RecordFailureAsync(saga.Type, sagaId, error, _options.MaxAttempts, ct);
                if (status == SagaStatus.Failed)
                {
                    LogSagaFailed(ex, saga.Type, sagaId, recorded.EventType, error);
                    throw new SagaFailedException(saga.Type, sagaId, error);
                }

                LogStepFailed(ex, saga.Type, sagaId, recorded.EventType);
                throw;
            }
        }

        var newState = JsonSerializer.SerializeToElement(result.State, saga.StateType, EventTypeRegistry.JsonOptions);
        if (!await _store.CompleteStepAsync(saga.Type, sagaId, instance.Version, newState, result.Completed, recorded.EventId, _options.HandledEventIdsKept, ct))
        {
            throw new SagaConcurrencyException(saga.Type, sagaId);
        }

        return "ok";
    }

    // Events the step writes are caused by this one and belong to its correlation and tenant.
    private static void ContinueCorrelation(RequestContext context, RecordedEvent recorded)
    {
        if (recorded.Metadata.CorrelationId != Guid.Empty)
        {
            context.CorrelationId = recorded.Metadata.CorrelationId;
        }

        context.CausationId = recorded.EventId;
        context.TenantId = recorded.Metadata.TenantId;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Saga {Saga} {SagaId} already handled {EventType} {EventId}")]
    private partial void LogDuplicate(string saga, Guid sagaId, string eventType, Guid eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga {Saga} {SagaId} is completed; {EventType} changes nothing")]
    private partial void LogIgnoredAfterCompletion(string saga, Guid sagaId, string eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saga {Saga} {SagaId} failed a step for {EventType}; it will be retried")]
    private partial void LogStepFailed(Exception e, string saga, Guid sagaId, string eventType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Saga {Saga} {SagaId} is failed after its step for {EventType} kept failing: {Error}")]
    private partial void LogSagaFailed(Exception e, string saga, Guid sagaId, string eventType, string error);
}
