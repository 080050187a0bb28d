using System.Collections.Concurrent;
using WellWon.Platform.EventStore;

namespace WellWon.Platform.Tests.Fakes;

/// <summary>Snapshots in memory; like the real store, an older snapshot never replaces a newer one.</summary>
public sealed class InMemorySnapshotStore : ISnapshotStore
{
    public ConcurrentDictionary<string, StoredSnapshot> Snapshots { get; } = new(StringComparer.Ordinal);

    /// <summary>Every snapshot saved, in order.</summary>
    public ConcurrentQueue<(string StreamId, long Version)> Saved { get; } = new();

    public Task<StoredSnapshot?> LoadAsync(string streamId, CancellationToken ct) =>
        Task.FromResult(Snapshots.GetValueOrDefault(streamId));

    public Task SaveAsync(string streamId, StoredSnapshot snapshot, CancellationToken ct)
    {
        Saved.Enqueue((streamId, snapshot.Version));
        Snapshots.AddOrUpdate(streamId, snapshot, (_, existing) => existing.Version >= snapshot.Version ? existing : snapshot);
        return Task.CompletedTask;
    }
}
