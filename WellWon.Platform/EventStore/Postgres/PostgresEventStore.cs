using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace WellWon.Platform.EventStore.Postgres;

/// <summary>
/// The event store on PostgreSQL (ARCHITECTURE.md §3). Appends are one statement in one transaction, guarded by the unique
/// (stream_id, stream_version) constraint; the whole log is read in (transaction id, position) order, never past a
/// transaction still in flight, so a slow writer delays readers but can never be skipped.
/// </summary>
public sealed partial class PostgresEventStore(
    NpgsqlDataSource dataSource,
    EventStoreTelemetry telemetry,
    ILogger<PostgresEventStore> logger) : IEventStore
{
    /// <summary>Every committed append notifies this channel, so subscribers wake without waiting for their next poll.</summary>
    public const string NotificationChannel = "wellwon_events";

    // A lost race is run once more: the statement then tells a retried request from a real conflict.
    private const int MaxAttempts = 3;

    private const string UniqueViolation = "23505";

    private const string EventColumns =
        "global_position, stream_id, stream_version, event_id, event_type, data, metadata, recorded_at, transaction_id";

    // Appends to the same stream with ExpectedVersion.Any queue here (two-key form: its own key space), so they never
    // race for the same version; the next statement in the batch takes a fresh snapshot after the lock is granted.
    private const string LockStreamSql = "SELECT pg_advisory_xact_lock(1465271372, hashtext(@stream))";

    // One statement: check the version, recognise a retried request by its event ids, insert, notify on commit.
    // The rows tell the caller what happened: 'appended' rows, else the 'prior' rows of these ids and the stream's 'head'.
    private const string AppendSql = $"""
        WITH head AS (
            SELECT coalesce(max(stream_version), -1) AS version
            FROM event_store.events
            WHERE stream_id = @stream
        ),
        prior AS (
            SELECT event_id, stream_id, stream_version, global_position
            FROM event_store.events
            WHERE event_id = ANY(@ids)
        ),
        appended AS (
            INSERT INTO event_store.events (stream_id, stream_version, event_id, event_type, data, metadata)
            SELECT @stream, head.version + e.ordinal, e.event_id, e.event_type, e.data::jsonb, e.metadata::jsonb
            FROM head, unnest(@ids, @types, @data, @metadata) WITH ORDINALITY AS e(event_id, event_type, data, metadata, ordinal)
            WHERE (@expected = -2 OR head.version = @expected)
              AND NOT EXISTS (SELECT 1 FROM prior)
            ORDER BY e.ordinal
            RETURNING stream_version, global_position, event_id
        )
        SELECT 'appended' AS kind, stream_version, global_position, event_id, NULL::text AS stream_id FROM appended
        UNION ALL
        SELECT 'prior', stream_version, global_position, event_id, stream_id FROM prior
        UNION ALL
        SELECT 'head', version, NULL, NULL, NULL FROM head
        UNION ALL
        SELECT 'notified', NULL, NULL, NULL, NULL
        FROM (SELECT pg_notify('{NotificationChannel}', @stream) FROM (SELECT 1 FROM appended LIMIT 1) AS any_appended) AS wake
        """;

    private const string ReadAllSql = $"""
        SELECT {EventColumns}
        FROM event_store.events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (transaction_id, global_position) > (@transaction_id, @position)
        ORDER BY transaction_id, global_position
        LIMIT @max_count
        """;

    private const string HeadSql = """
        SELECT readable.transaction_id, readable.global_position, (SELECT max(global_position) FROM event_store.events)
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (
            SELECT transaction_id, global_position
            FROM event_store.events
            WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY transaction_id DESC, global_position DESC
            LIMIT 1
        ) AS readable ON true
        """;

    public async Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        Validate(streamId, expected, events);
        var category = EventStoreTelemetry.CategoryOf(streamId);
        using var activity = EventStoreTelemetry.ActivitySource.StartActivity($"event-store append {category}", ActivityKind.Client);
        activity?.SetTag("db.system.name", "postgresql");
        activity?.SetTag("wellwon.stream.id", streamId);
        activity?.SetTag("wellwon.stream.category", category);
        activity?.SetTag("wellwon.expected_version", expected.ToString());
        activity?.SetTag("wellwon.event.count", events.Count);

        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var (result, idempotent) = await AppendWithRetryAsync(streamId, expected, events, ct);
            outcome = idempotent ? "retry-recognised" : "appended";
            activity?.SetTag("wellwon.stream.version", result.NextExpectedVersion);
            activity?.SetTag("wellwon.global_position", result.LastGlobalPosition);
            return result;
        }
        catch (WrongExpectedVersionException e)
        {
            outcome = "wrong-expected-version";
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            activity?.SetTag("error.type", e.GetType().FullName);
            throw;
        }
        finally
        {
            activity?.SetTag("wellwon.outcome", outcome);
            telemetry.AppendDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("wellwon.stream.category", category),
                new KeyValuePair<string, object?>("wellwon.outcome", outcome));
        }
    }

    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(
        string streamId,
        long fromVersion,
        ReadDirection direction,
        int maxCount,
        [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var sql = direction == ReadDirection.Forwards
            ? $"SELECT {EventColumns} FROM event_store.events WHERE stream_id = @stream AND stream_version >= @from ORDER BY stream_version LIMIT @max_count"
            : $"SELECT {EventColumns} FROM event_store.events WHERE stream_id = @stream AND stream_version <= @from ORDER BY stream_version DESC LIMIT @max_count";

        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("stream", streamId);
        command.Parameters.AddWithValue("from", fromVersion);
        command.Parameters.AddWithValue("max_count", maxCount);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return ReadEvent(reader);
        }
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(LogPosition after, int maxCount, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await using var command = dataSource.CreateCommand(ReadAllSql);
        command.Parameters.Add(new NpgsqlParameter<ulong>("transaction_id", NpgsqlDbType.Xid8) { TypedValue = after.TransactionId });
        command.Parameters.AddWithValue("position", after.Position);
        command.Parameters.AddWithValue("max_count", maxCount);

        var events = new List<RecordedEvent>(Math.Min(maxCount, 1024));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(ReadEvent(reader));
        }

        return events;
    }

    public async Task<long?> GetStreamVersionAsync(string streamId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        await using var command = dataSource.CreateCommand("SELECT max(stream_version) FROM event_store.events WHERE stream_id = @stream");
        command.Parameters.AddWithValue("stream", streamId);
        return await command.ExecuteScalarAsync(ct) is long version ? version : null;
    }

    /// <summary>Where the log ends now: the last event a reader may see, and the newest committed position (for lag).</summary>
    public async Task<LogHead> GetHeadAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(HeadSql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var readable = reader.IsDBNull(0) ? LogPosition.Start : new LogPosition(reader.GetFieldValue<ulong>(0), reader.GetInt64(1));
        return new LogHead(readable, reader.IsDBNull(2) ? 0 : reader.GetInt64(2));
    }

    /// <summary>
    /// The append statement run inside a caller's transaction, exactly as <see cref="AppendAsync"/> runs it
    /// (for tests that hold a transaction open or roll it back). The caller commits; a conflict is not retried.
    /// The append must be the transaction's first write: a transaction id taken earlier could sort version n+1 before n in the log.
    /// </summary>
    internal static async Task<AppendResult> AppendInTransactionAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string streamId,
        ExpectedVersion expected,
        IReadOnlyList<EventData> events,
        CancellationToken ct)
    {
        Validate(streamId, expected, events);
        await using var batch = new NpgsqlBatch(connection, transaction);
        return (await ExecuteAppendAsync(batch, streamId, expected, events, ct)).Result;
    }

    private async Task<(AppendResult Result, bool Idempotent)> AppendWithRetryAsync(
        string streamId,
        ExpectedVersion expected,
        IReadOnlyList<EventData> events,
        CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return (await CheckEmptyAppendAsync(streamId, expected, ct), false);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var batch = dataSource.CreateBatch();
                var outcome = await ExecuteAppendAsync(batch, streamId, expected, events, ct);
                if (outcome.Idempotent)
                {
                    LogRetryRecognised(streamId, outcome.Result.NextExpectedVersion);
                }

                return outcome;
            }
            catch (PostgresException e) when (e.SqlState == UniqueViolation)
            {
                // A concurrent append won; running again reports the conflict with the actual version, or sees our own retry.
                if (attempt >= MaxAttempts)
                {
                    throw new WrongExpectedVersionException(streamId, expected, await GetStreamVersionAsync(streamId, ct));
                }
            }
        }
    }

    private static async Task<(AppendResult Result, bool Idempotent)> ExecuteAppendAsync(
        NpgsqlBatch batch,
        string streamId,
        ExpectedVersion expected,
        IReadOnlyList<EventData> events,
        CancellationToken ct)
    {
        if (expected.IsAny)
        {
            var lockStream = new NpgsqlBatchCommand(LockStreamSql);
            lockStream.Parameters.AddWithValue("stream", streamId);
            batch.BatchCommands.Add(lockStream);
        }

        var append = new NpgsqlBatchCommand(AppendSql);
        append.Parameters.AddWithValue("stream", streamId);
        append.Parameters.AddWithValue("expected", expected.Value);
        append.Parameters.AddWithValue("ids", events.Select(e => e.EventId).ToArray());
        append.Parameters.AddWithValue("types", events.Select(e => e.EventType).ToArray());
        append.Parameters.AddWithValue("data", events.Select(e => e.Data.GetRawText()).ToArray());
        append.Parameters.AddWithValue("metadata", events.Select(e => JsonSerializer.Serialize(e.Metadata, EventStoreJson.Default.EventMetadata)).ToArray());
        batch.BatchCommands.Add(append);

        var appended = new List<(long Version, long Position)>(events.Count);
        var prior = new List<(Guid EventId, string StreamId, long Version, long Position)>();
        var head = -1L;

        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (expected.IsAny)
        {
            await reader.NextResultAsync(ct);
        }

        while (await reader.ReadAsync(ct))
        {
            switch (reader.GetString(0))
            {
                case "appended":
                    appended.Add((reader.GetInt64(1), reader.GetInt64(2)));
                    break;
                case "prior":
                    prior.Add((reader.GetGuid(3), reader.GetString(4), reader.GetInt64(1), reader.GetInt64(2)));
                    break;
                case "head":
                    head = reader.GetInt64(1);
                    break;
            }
        }

        if (appended.Count == events.Count)
        {
            return (new AppendResult(appended.Max(a => a.Version), appended.Max(a => a.Position)), false);
        }

        return (RecogniseRetryOrThrow(streamId, expected, events, prior, head), true);
    }

    /// <summary>Nothing was inserted: either these very events are already stored where this append would have put them, or it is a conflict.</summary>
    private static AppendResult RecogniseRetryOrThrow(
        string streamId,
        ExpectedVersion expected,
        IReadOnlyList<EventData> events,
        List<(Guid EventId, string StreamId, long Version, long Position)> prior,
        long head)
    {
        var actual = head < 0 ? (long?)null : head;
        if (prior.Count == 0)
        {
            throw new WrongExpectedVersionException(streamId, expected, actual);
        }

        var elsewhere = prior.FirstOrDefault(p => p.StreamId != streamId);
        if (elsewhere.StreamId is not null)
        {
            throw new InvalidOperationException($"Event {elsewhere.EventId} is already stored in stream '{elsewhere.StreamId}', not in '{streamId}'.");
        }

        var byId = prior.ToDictionary(p => p.EventId);
        if (prior.Count == events.Count && byId.TryGetValue(events[0].EventId, out var first)
            && (expected.IsAny || first.Version == expected.Value + 1))
        {
            var stored = events.Select((e, i) => byId.TryGetValue(e.EventId, out var p) && p.Version == first.Version + i ? p : default).ToList();
            if (stored.TrueForAll(p => p.StreamId is not null))
            {
                return new AppendResult(stored[^1].Version, stored.Max(p => p.Position));
            }
        }

        throw new WrongExpectedVersionException(streamId, expected, actual);
    }

    private async Task<AppendResult> CheckEmptyAppendAsync(string streamId, ExpectedVersion expected, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT stream_version, global_position FROM event_store.events WHERE stream_id = @stream ORDER BY stream_version DESC LIMIT 1");
        command.Parameters.AddWithValue("stream", streamId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        long? version = null;
        var position = -1L;
        if (await reader.ReadAsync(ct))
        {
            version = reader.GetInt64(0);
            position = reader.GetInt64(1);
        }

        if (!expected.IsAny && expected.Value != (version ?? -1))
        {
            throw new WrongExpectedVersionException(streamId, expected, version);
        }

        return new AppendResult(version ?? -1, position);
    }

    private static void Validate(string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(expected.Value, -2, nameof(expected));
        if (events.Select(e => e.EventId).Distinct().Count() != events.Count)
        {
            throw new ArgumentException("An append carries each event id once.", nameof(events));
        }
    }

    private static RecordedEvent ReadEvent(NpgsqlDataReader reader) =>
        new(
            GlobalPosition: reader.GetInt64(0),
            StreamId: reader.GetString(1),
            StreamVersion: reader.GetInt64(2),
            EventId: reader.GetGuid(3),
            EventType: reader.GetString(4),
            Data: reader.GetFieldValue<JsonElement>(5),
            Metadata: JsonSerializer.Deserialize(reader.GetString(6), EventStoreJson.Default.EventMetadata) ?? Kernel.EventMetadata.Empty,
            RecordedAt: reader.GetFieldValue<DateTimeOffset>(7),
            TransactionId: reader.GetFieldValue<ulong>(8));

    [LoggerMessage(Level = LogLevel.Information, Message = "Append to {StreamId} recognised as a retry of one already stored at version {Version}")]
    private partial void LogRetryRecognised(string streamId, long version);
}

/// <summary>
/// The end of the log as a reader sees it now. <see cref="LatestPosition"/> can be ahead of <see cref="Readable"/> while an older
/// transaction is still in flight: that gap is a stall, visible in the lag metric.
/// </summary>
public readonly record struct LogHead(LogPosition Readable, long LatestPosition);
