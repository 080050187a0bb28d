namespace WellWon.Platform.Kernel;

/// <summary>Loads aggregates from their streams (through a snapshot when one exists) and saves their pending events.</summary>
public interface IAggregateStore
{
    /// <summary>The aggregate, or a <see cref="NotFoundException"/> when its stream does not exist.</summary>
    Task<T> LoadAsync<T>(Guid id, CancellationToken ct) where T : class, IAggregate, new();

    /// <summary>The aggregate, or null when its stream does not exist.</summary>
    Task<T?> TryLoadAsync<T>(Guid id, CancellationToken ct) where T : class, IAggregate, new();

    /// <summary>
    /// Appends the pending events with the version the aggregate was loaded at as expected version.
    /// A lost race throws <see cref="EventStore.WrongExpectedVersionException"/> (mapped to 409 unless the command is retry-safe).
    /// Returns the global position of the last event written (for read-your-writes waits), or null when there was nothing to save.
    /// </summary>
    Task<long?> SaveAsync(IAggregate aggregate, CancellationToken ct);
}

/// <summary>The stream an aggregate type lives in: <c>"{category}-{id:N}"</c>, category from <see cref="StreamCategoryAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StreamCategoryAttribute(string category) : Attribute
{
    public string Category { get; } = category;
}

/// <summary>Who is asking: set from the authenticated principal for HTTP requests, from event metadata in workers.</summary>
public interface ICurrentUser
{
    Guid? UserId { get; }

    bool IsAuthenticated { get; }

    /// <summary>ww_admin, ww_manager, entrepreneur or investor.</summary>
    string? UserType { get; }

    bool IsInRole(string role);
}
