using System.Text.Json;
using Npgsql;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Platform.Tests.Projections;

/// <summary>
/// Per-stream counters: how many events, their summed amount, the last version and position. A row takes an event only when its
/// version is newer than the row's, so a duplicate changes nothing, while a skipped or late event leaves a count that no longer
/// matches the log: comparing with the log (<see cref="DriftFromLogAsync"/>) proves nothing was lost or applied twice.
/// </summary>
public sealed class StreamCounterProjection(NpgsqlDataSource db) : IRebuildableProjection
{
    public const string EventType = "counter.counted.v1";
    public const string Topic = "counter";
    public const string ProjectionName = "test.stream-counters";

    public static readonly ProjectionTable LiveTable = new("counters", "stream_counts");

    public string Name => ProjectionName;

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { EventType };

    public ProjectionTable Table => LiveTable;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            CREATE TABLE {table} (
                stream_id     text   CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
                events        bigint NOT NULL CONSTRAINT {table.Index("events_positive")} CHECK (events > 0),
                last_version  bigint NOT NULL,
                total         bigint NOT NULL,
                last_position bigint NOT NULL
            );
            CREATE INDEX {table.Index("by_total")} ON {table} (total);
            """);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            INSERT INTO {table} AS c (stream_id, events, last_version, total, last_position)
            VALUES ($1, 1, $2, $3, $4)
            ON CONFLICT (stream_id) DO UPDATE
                SET events = c.events + 1, last_version = excluded.last_version,
                    total = c.total + excluded.total, last_position = excluded.last_position
                WHERE c.last_version < excluded.last_version
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = e.StreamId });
        command.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
        command.Parameters.Add(new NpgsqlParameter { Value = e.Data.GetProperty("amount").GetInt64() });
        command.Parameters.Add(new NpgsqlParameter { Value = e.GlobalPosition });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The live table, as the worker creates it at start for a projection that has none.</summary>
    public static async Task<StreamCounterProjection> CreateLiveAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using (var schema = db.CreateCommand($"CREATE SCHEMA IF NOT EXISTS {LiveTable.Schema}"))
        {
            await schema.ExecuteNonQueryAsync(ct);
        }

        var projection = new StreamCounterProjection(db);
        await projection.CreateTableAsync(LiveTable, ct);
        return projection;
    }

    /// <summary>Rows that differ between <paramref name="table"/> and what the log says it should hold (0 = identical).</summary>
    public static async Task<long> DriftFromLogAsync(NpgsqlDataSource db, ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            WITH expected AS (
                SELECT stream_id, count(*) AS events, max(stream_version) AS last_version,
                       sum((data->>'amount')::bigint)::bigint AS total, max(global_position) AS last_position
                FROM event_store.events WHERE event_type = '{EventType}' GROUP BY stream_id),
            actual AS (SELECT stream_id, events, last_version, total, last_position FROM {table})
            SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) AS a)
                 + (SELECT count(*) FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) AS b)
            """);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public static async Task<long> RowCountAsync(NpgsqlDataSource db, ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"SELECT count(*) FROM {table}");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>Appends counter events; each event carries an amount, and optionally the trace of the "request" that wrote it.</summary>
public static class CounterEvents
{
    public static EventData One(long amount, string? traceParent = null) =>
        new(
            Guid.NewGuid(),
            StreamCounterProjection.EventType,
            JsonSerializer.SerializeToElement(new { amount }),
            new EventMetadata { CorrelationId = Guid.NewGuid(), TraceParent = traceParent });

    public static string Stream() => $"counter-{Guid.NewGuid():N}";

    /// <summary>Appends <paramref name="total"/> events over <paramref name="streams"/>, a few per append, writers running side by side.</summary>
    /// <summary>
    /// Writes <paramref name="total"/> events over the streams; with <paramref name="halfway"/>, every stream gets its first half,
    /// then writing waits for that task before the second half.
    /// </summary>
    public static async Task AppendAsync(IEventStore store, IReadOnlyList<string> streams, int total, CancellationToken ct, TimeSpan? pause = null, Task? halfway = null)
    {
        var perStream = total / streams.Count;
        if (halfway is null)
        {
            await AppendRangeAsync(store, streams, 0, perStream, pause, ct);
            return;
        }

        await AppendRangeAsync(store, streams, 0, perStream / 2, pause, ct);
        await halfway.WaitAsync(ct);
        await AppendRangeAsync(store, streams, perStream / 2, perStream, pause, ct);
    }

    private static Task AppendRangeAsync(IEventStore store, IReadOnlyList<string> streams, int from, int to, TimeSpan? pause, CancellationToken ct) =>
        Parallel.ForEachAsync(streams, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (stream, token) =>
        {
            var written = from;
            while (written < to)
            {
                var count = Math.Min(1 + (written % 3), to - written);
                var events = Enumerable.Range(0, count).Select(i => One(written + i + 1)).ToList();
                await store.AppendAsync(stream, ExpectedVersion.Any, events, token);
                written += count;
                if (pause is { } p)
                {
                    await Task.Delay(p, token);
                }
            }
        });
}
