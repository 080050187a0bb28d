using System.Text.Json;

namespace WellWon.Platform.EventStore;

/// <summary>The latest snapshot of a stream's aggregate state, so a long stream loads from there instead of from version 0.</summary>
public interface ISnapshotStore
{
    Task<StoredSnapshot?> LoadAsync(string streamId, CancellationToken ct);

    /// <summary>Stores a snapshot; an older one never replaces a newer one.</summary>
    Task SaveAsync(string streamId, StoredSnapshot snapshot, CancellationToken ct);
}

/// <param name="StateType">A stable name for the state's shape; a snapshot of another shape is ignored and the stream replayed.</param>
public sealed record StoredSnapshot(long Version, string StateType, JsonElement State);

/// <summary>How far a named reader of the whole log (a projection, the relay) has got.</summary>
public interface ICheckpointStore
{
    Task<LogPosition> LoadAsync(string name, CancellationToken ct);

    Task SaveAsync(string name, LogPosition position, CancellationToken ct);
}
