namespace WellWon.Platform.Kernel;

/// <summary>
/// What travels with every event: who caused it, in which tenant, as part of which request and trace.
/// </summary>
public sealed record EventMetadata
{
    public Guid CorrelationId { get; init; }

    public Guid? CausationId { get; init; }

    /// <summary>The company (tenant) the event belongs to, when it belongs to one.</summary>
    public Guid? TenantId { get; init; }

    public Guid? UserId { get; init; }

    /// <summary>W3C trace context of the command that wrote the event, so consumers continue its trace.</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    /// <summary>
    /// Events that must be handled in log order across several streams share this key (every message of one conversation);
    /// the bus partitions and serialises by it. Null: the event's own stream id.
    /// </summary>
    public string? OrderingKey { get; init; }

    public static EventMetadata Empty { get; } = new();
}
