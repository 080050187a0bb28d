using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace WellWon.Platform.Sagas;

/// <summary>The values of <c>platform.saga_state.status</c>.</summary>
public static class SagaStatus
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public static bool IsValid(string? status) => status is Running or Completed or Failed;
}

/// <summary>A saga instance as stored.</summary>
public sealed record SagaInstance(
    string Type,
    Guid Id,
    JsonElement State,
    long Version,
    string Status,
    int Attempts,
    string? LastError,
    DateTimeOffset? NextTimeoutAt,
    Guid? StepEventId,
    string? StepEventType,
    IReadOnlyList<Guid> HandledEventIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool Handled(Guid eventId) => HandledEventIds.Contains(eventId);
}

/// <summary>
/// <c>platform.saga_state</c>. No lock is held while a step runs (a saga row lock would take a transaction id and stall every
/// reader of the event log until the step ended); instead a step's result is written with the version it started from, and a
/// writer that finds another version lost a race and runs again. The event's id joins the handled ids in that same statement.
/// </summary>
public sealed class SagaStore(NpgsqlDataSource db)
{
    private const string Columns = """
        saga_type, saga_id, state, version, status, attempts, last_error, next_timeout_at, step_event_id, step_event_type,
        handled_event_ids, created_at, updated_at
        """;

    public async Task<SagaInstance?> LoadAsync(string type, Guid id, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"SELECT {Columns} FROM platform.saga_state WHERE saga_type = $1 AND saga_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = type });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        var found = await ReadAsync(command, ct);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>The instance, created with <paramref name="initialState"/> when it does not exist yet.</summary>
    public async Task<SagaInstance> LoadOrCreateAsync(string type, Guid id, JsonElement initialState, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            WITH created AS (
                INSERT INTO platform.saga_state (saga_type, saga_id, state) VALUES ($1, $2, $3)
                ON CONFLICT (saga_type, saga_id) DO NOTHING
                RETURNING {Columns}
            )
            SELECT {Columns} FROM created
            UNION ALL
            SELECT {Columns} FROM platform.saga_state WHERE saga_type = $1 AND saga_id = $2 AND NOT EXISTS (SELECT 1 FROM created)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = type });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = initialState.GetRawText(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        var found = await ReadAsync(command, ct);
        return found[0];
    }

    /// <summary>
    /// Records that a step for <paramref name="eventId"/> is starting and must end by <paramref name="deadline"/>. False when the
    /// instance moved past <paramref name="version"/> meanwhile.
    /// </summary>
    public async Task<bool> BeginStepAsync(string type, Guid id, long version, Guid eventId, string eventType, DateTimeOffset deadline, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            UPDATE platform.saga_state
            SET step_event_id = $4, step_event_type = $5, next_timeout_at = $6, updated_at = now()
            WHERE saga_type = $1 AND saga_id = $2 AND version = $3 AND status = 'running'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = type });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        command.Parameters.Add(new NpgsqlParameter { Value = eventId });
        command.Parameters.Add(new NpgsqlParameter { Value = eventType });
        command.Parameters.Add(new NpgsqlParameter { Value = deadline });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// The step's result: the new state, the status, and <paramref name="eventId"/> among the handled ids (the newest
    /// <paramref name="keep"/>), all in one statement, only if the instance is still at <paramref name="version"/>.
    /// </summary>
    public async Task<bool> CompleteStepAsync(string type, Guid id, long version, JsonElement state, bool completed, Guid eventId, int keep, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            UPDATE platform.saga_state
            SET state = $4, status = $5, version = version + 1, attempts = 0, last_error = NULL,
                next_timeout_at = NULL, step_event_id = NULL, step_event_type = NULL,
                handled_event_ids = (array_append(handled_event_ids, $6))[greatest(1, cardinality(handled_event_ids) + 2 - $7):],
                updated_at = now()
            WHERE saga_type = $1 AND saga_id = $2 AND version = $3 AND status = 'running'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = type });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        command.Parameters.Add(new NpgsqlParameter { Value = state.GetRawText(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = completed ? SagaStatus.Completed : SagaStatus.Running });
        command.Parameters.Add(new NpgsqlParameter { Value = eventId });
        command.Parameters.Add(new NpgsqlParameter { Value = keep });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Counts a failed attempt with its error; at <paramref name="maxAttempts"/> the saga becomes failed. Returns the status after.</summary>
    public async Task<string> RecordFailureAsync(string type, Guid id, string error, int maxAttempts, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            UPDATE platform.saga_state
            SET attempts = attempts + 1, last_error = $3, next_timeout_at = NULL,
                status = CASE WHEN attempts + 1 >= $4 THEN 'failed' ELSE status END,
                updated_at = now()
            WHERE saga_type = $1 AND saga_id = $2 AND status = 'running'
            RETURNING status
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = type });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = error });
        command.Parameters.Add(new NpgsqlParameter { Value = maxAttempts });
        return await command.ExecuteScalarAsync(ct) as string ?? SagaStatus.Failed;
    }

    /// <summary>Puts a failed saga back to running with no attempts counted (the operator fixed the cause); false when it is not failed.</summary>
    public async Task<bool> RetryAsync(string type, Guid id, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            UPDATE platform.saga_state SET status = 'running', attempts = 0, updated_at = now()
            WHERE saga_type = $1 AND saga_id = $2 AND status = 'failed'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = type });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Instances by status and type (either may be null for all), most recently changed first, keyset-paged by (updated_at, type, id).</summary>
    public async Task<IReadOnlyList<SagaInstance>> ListAsync(string? status, string? type, SagaCursor? after, int limit, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            SELECT {Columns} FROM platform.saga_state
            WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR saga_type = $2)
              AND ($3::timestamptz IS NULL OR (updated_at, saga_type, saga_id) < ($3, $4, $5))
            ORDER BY updated_at DESC, saga_type DESC, saga_id DESC
            LIMIT $6
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)type ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.UpdatedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.Type ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadAsync(command, ct);
    }

    private static async Task<List<SagaInstance>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var found = new List<SagaInstance>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            using var state = JsonDocument.Parse(reader.GetString(2));
            found.Add(new SagaInstance(
                reader.GetString(0),
                reader.GetGuid(1),
                state.RootElement.Clone(),
                reader.GetInt64(3),
                reader.GetString(4),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetGuid(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.GetFieldValue<Guid[]>(10),
                reader.GetFieldValue<DateTimeOffset>(11),
                reader.GetFieldValue<DateTimeOffset>(12)));
        }

        return found;
    }
}

/// <summary>Where a page of <see cref="SagaStore.ListAsync"/> ended.</summary>
public sealed record SagaCursor(DateTimeOffset UpdatedAt, string Type, Guid Id);
