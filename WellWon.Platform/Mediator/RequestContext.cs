using System.Diagnostics;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.Mediator;

/// <summary>
/// What the current unit of work is part of, one per DI scope: an HTTP request fills it from headers and claims
/// (<see cref="Http.HttpRequestContext"/>), a worker from the event it is reacting to. Events written in the scope carry it.
/// </summary>
public sealed class RequestContext
{
    /// <summary>Ties together everything one user action caused, across services and events.</summary>
    public Guid CorrelationId { get; set; } = Guid.CreateVersion7();

    /// <summary>The message (event or command) that caused this work; null for a request straight from a client.</summary>
    public Guid? CausationId { get; set; }

    /// <summary>The company (tenant) the work is done for, when there is one.</summary>
    public Guid? TenantId { get; set; }

    /// <summary>The client's <c>Idempotency-Key</c>; it applies to the first command of the request only.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Set once the key has been claimed, so commands the first one sends in turn are not answered from its record.</summary>
    internal bool IdempotencyKeyClaimed { get; set; }
}

/// <summary>Builds every event's metadata from the scope's <see cref="RequestContext"/>, the current user and the current trace.</summary>
public sealed class RequestEventMetadataFactory(RequestContext context, ICurrentUser user) : IEventMetadataFactory
{
    public EventMetadata Create()
    {
        var activity = Activity.Current;
        return new EventMetadata
        {
            CorrelationId = context.CorrelationId,
            CausationId = context.CausationId,
            TenantId = context.TenantId,
            UserId = user.UserId,
            // Only a W3C id is a traceparent; a hierarchical id would not continue the trace downstream.
            TraceParent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
            TraceState = activity?.TraceStateString,
        };
    }
}
