using System.Text.Json;
using Npgsql;

namespace WellWon.Platform.EventStore.Postgres;

/// <summary>One snapshot per stream in <c>event_store.snapshots</c>; a save never moves a stream's snapshot back to an older version.</summary>
public sealed class PostgresSnapshotStore(NpgsqlDataSource dataSource) : ISnapshotStore
{
    // Same version may be rewritten: that is how a snapshot of a new state shape replaces the old one.
    private const string SaveSql = """
        INSERT INTO event_store.snapshots (stream_id, version, state_type, state)
        VALUES (@stream, @version, @state_type, @state::jsonb)
        ON CONFLICT (stream_id) DO UPDATE
            SET version = excluded.version, state_type = excluded.state_type, state = excluded.state, updated_at = now()
            WHERE event_store.snapshots.version <= excluded.version
        """;

    public async Task<StoredSnapshot?> LoadAsync(string streamId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        await using var command = dataSource.CreateCommand("SELECT version, state_type, state FROM event_store.snapshots WHERE stream_id = @stream");
        command.Parameters.AddWithValue("stream", streamId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new StoredSnapshot(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<JsonElement>(2))
            : null;
    }

    public async Task SaveAsync(string streamId, StoredSnapshot snapshot, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        ArgumentNullException.ThrowIfNull(snapshot);
        await using var command = dataSource.CreateCommand(SaveSql);
        command.Parameters.AddWithValue("stream", streamId);
        command.Parameters.AddWithValue("version", snapshot.Version);
        command.Parameters.AddWithValue("state_type", snapshot.StateType);
        command.Parameters.AddWithValue("state", snapshot.State.GetRawText());
        await command.ExecuteNonQueryAsync(ct);
    }
}
