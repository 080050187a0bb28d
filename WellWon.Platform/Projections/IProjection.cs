using WellWon.Platform.EventStore;

namespace WellWon.Platform.Projections;

/// <summary>
/// Turns events into a read model. Must be idempotent: each row records the stream version (or global position) it reflects,
/// so an event applied twice, or late, changes nothing. The same projection runs in the Api (when sync) and in the worker.
/// </summary>
public interface IProjection
{
    /// <summary>A stable name (<c>"identity.user-profiles"</c>) used for checkpoints, lag metrics and rebuilds.</summary>
    string Name { get; }

    /// <summary>The event types this projection reads; others are never handed to it.</summary>
    IReadOnlySet<string> EventTypes { get; }

    Task ApplyAsync(RecordedEvent e, CancellationToken ct);
}

/// <summary>Run this projection in the Api right after the append, within a time budget, so the user sees their own write at once.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SyncProjectionAttribute : Attribute;
