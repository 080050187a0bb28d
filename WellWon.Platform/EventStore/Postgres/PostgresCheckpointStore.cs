using Npgsql;
using NpgsqlTypes;

namespace WellWon.Platform.EventStore.Postgres;

/// <summary>Named log positions in <c>event_store.checkpoints</c>; a reader that never saved one starts at <see cref="LogPosition.Start"/>.</summary>
public sealed class PostgresCheckpointStore(NpgsqlDataSource dataSource) : ICheckpointStore
{
    // No guard against moving back: a rebuild resets its checkpoint to the start on purpose.
    private const string SaveSql = """
        INSERT INTO event_store.checkpoints (name, transaction_id, position)
        VALUES (@name, @transaction_id, @position)
        ON CONFLICT (name) DO UPDATE
            SET transaction_id = excluded.transaction_id, position = excluded.position, updated_at = now()
        """;

    public async Task<LogPosition> LoadAsync(string name, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var command = dataSource.CreateCommand("SELECT transaction_id, position FROM event_store.checkpoints WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new LogPosition(reader.GetFieldValue<ulong>(0), reader.GetInt64(1))
            : LogPosition.Start;
    }

    public async Task SaveAsync(string name, LogPosition position, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var command = dataSource.CreateCommand(SaveSql);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.Add(new NpgsqlParameter<ulong>("transaction_id", NpgsqlDbType.Xid8) { TypedValue = position.TransactionId });
        command.Parameters.AddWithValue("position", position.Position);
        await command.ExecuteNonQueryAsync(ct);
    }
}
