using Npgsql;

namespace WellWon.Platform.Projections;

/// <summary>The values of <c>platform.projection_state.status</c>.</summary>
public static class ProjectionStatus
{
    public const string Live = "live";
    public const string RebuildRequested = "rebuild-requested";
    public const string Rebuilding = "rebuilding";
    public const string Failed = "failed";
}

/// <summary>
/// A projection as the admin endpoints and the gauges see it. <see cref="Lag"/> is the newest global position among events of
/// the projection's types minus the highest one it applied: 0 when it has applied the newest event it reads, however busy the
/// rest of the log is. Positions are not the log's order across streams, so it is an estimate for dashboards, never a checkpoint.
/// </summary>
public sealed record ProjectionState(
    string Name,
    IReadOnlyList<string> EventTypes,
    bool Rebuildable,
    long Position,
    long Lag,
    DateTimeOffset UpdatedAt,
    string Status,
    RebuildProgress? Rebuild);

/// <summary>The last or current rebuild: events scanned of the log's total, the rate (events/s) and the time left at that rate.</summary>
public sealed record RebuildProgress(
    DateTimeOffset? RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Owner,
    long Done,
    long Total,
    double? Rate,
    string? Error)
{
    public double Fraction => Total <= 0 ? (FinishedAt is null ? 0 : 1) : Math.Min(1, (double)Done / Total);

    public TimeSpan? Eta => FinishedAt is null && Rate is > 0 ? TimeSpan.FromSeconds(Math.Max(0, Total - Done) / Rate.Value) : null;
}

public enum RebuildRequestOutcome
{
    Requested,
    NotFound,
    NotRebuildable,
    AlreadyRunning,
}

/// <summary>
/// <c>platform.projection_state</c>: what the event processor registers and applies, and the queue of rebuilds. A rebuild is
/// requested by setting the status (the Api), claimed atomically by one worker (<c>FOR UPDATE SKIP LOCKED</c>), kept alive by a
/// heartbeat that also reports progress, and taken over by another worker when the heartbeat goes stale.
/// </summary>
public sealed class ProjectionStateStore(NpgsqlDataSource db)
{
    private const string Columns = """
        s.name, s.event_types, s.rebuildable, s.position, s.updated_at, s.status,
        s.rebuild_requested_at, s.rebuild_started_at, s.rebuild_finished_at, s.rebuild_owner,
        s.rebuild_done, s.rebuild_total, s.rebuild_rate, s.rebuild_error,
        greatest(0, coalesce(head.position, 0) - s.position) AS lag
        """;

    // One index probe per event type (events_type_position_idx).
    private const string HeadJoin = """
        LEFT JOIN LATERAL (
            SELECT max(newest.position) AS position
            FROM unnest(s.event_types) AS t(event_type)
            CROSS JOIN LATERAL (
                SELECT max(e.global_position) AS position FROM event_store.events e WHERE e.event_type = t.event_type
            ) AS newest
        ) AS head ON true
        """;

    /// <summary>Records what the process's projections read and whether they can be rebuilt; positions and statuses are kept.</summary>
    public async Task RegisterAsync(IEnumerable<IProjection> projections, CancellationToken ct)
    {
        var list = projections.ToList();
        if (list.Count == 0)
        {
            return;
        }

        await using var command = db.CreateCommand("""
            INSERT INTO platform.projection_state (name, event_types, rebuildable)
            SELECT p.name, string_to_array(p.types, ' '), p.rebuildable
            FROM unnest(@names, @types, @rebuildable) AS p(name, types, rebuildable)
            ON CONFLICT (name) DO UPDATE SET event_types = excluded.event_types, rebuildable = excluded.rebuildable
            """);
        command.Parameters.AddWithValue("names", list.Select(p => p.Name).ToArray());
        // Event type names hold no spaces ("context.name.vN"), so a space-joined string carries each projection's array.
        command.Parameters.AddWithValue("types", list.Select(p => string.Join(' ', p.EventTypes.Order(StringComparer.Ordinal))).ToArray());
        command.Parameters.AddWithValue("rebuildable", list.Select(p => p is IRebuildableProjection).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Raises each projection's recorded position to the given one (never lowers it).</summary>
    public async Task RecordAppliedAsync(IReadOnlyCollection<KeyValuePair<string, long>> positions, CancellationToken ct)
    {
        if (positions.Count == 0)
        {
            return;
        }

        await using var command = db.CreateCommand("""
            INSERT INTO platform.projection_state AS s (name, position)
            SELECT name, position FROM unnest(@names, @positions) AS p(name, position)
            ON CONFLICT (name) DO UPDATE SET position = greatest(s.position, excluded.position), updated_at = now()
            """);
        command.Parameters.AddWithValue("names", positions.Select(p => p.Key).ToArray());
        command.Parameters.AddWithValue("positions", positions.Select(p => p.Value).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<ProjectionState>> ListAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand($"SELECT {Columns} FROM platform.projection_state s {HeadJoin} ORDER BY s.name");
        return await ReadAsync(command, ct);
    }

    public async Task<ProjectionState?> FindAsync(string name, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"SELECT {Columns} FROM platform.projection_state s {HeadJoin} WHERE s.name = @name");
        command.Parameters.AddWithValue("name", name);
        var states = await ReadAsync(command, ct);
        return states.Count > 0 ? states[0] : null;
    }

    /// <summary>Queues a rebuild; one already queued or running is left alone.</summary>
    public async Task<RebuildRequestOutcome> RequestRebuildAsync(string name, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            WITH target AS (SELECT name, rebuildable, status FROM platform.projection_state WHERE name = @name FOR UPDATE),
            requested AS (
                UPDATE platform.projection_state s
                SET status = 'rebuild-requested', rebuild_requested_at = now(), rebuild_error = NULL, updated_at = now()
                FROM target
                WHERE s.name = target.name AND target.rebuildable AND target.status IN ('live', 'failed')
                RETURNING s.name
            )
            SELECT target.rebuildable, target.status, EXISTS (SELECT 1 FROM requested) FROM target
            """);
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return RebuildRequestOutcome.NotFound;
        }

        return reader.GetBoolean(2) ? RebuildRequestOutcome.Requested
            : !reader.GetBoolean(0) ? RebuildRequestOutcome.NotRebuildable
            : RebuildRequestOutcome.AlreadyRunning;
    }

    /// <summary>
    /// Takes the oldest requested rebuild among <paramref name="names"/>, or one whose owner stopped beating for
    /// <paramref name="staleAfter"/>; null when there is none. The caller becomes its owner.
    /// </summary>
    public async Task<string?> ClaimRebuildAsync(IReadOnlyCollection<string> names, string owner, TimeSpan staleAfter, CancellationToken ct)
    {
        if (names.Count == 0)
        {
            return null;
        }

        await using var command = db.CreateCommand("""
            UPDATE platform.projection_state s
            SET status = 'rebuilding', rebuild_owner = @owner, rebuild_started_at = now(), rebuild_heartbeat_at = now(),
                rebuild_finished_at = NULL, rebuild_done = 0, rebuild_total = 0, rebuild_rate = NULL, rebuild_error = NULL, updated_at = now()
            WHERE s.name = (
                SELECT name FROM platform.projection_state
                WHERE name = ANY(@names)
                  AND (status = 'rebuild-requested' OR (status = 'rebuilding' AND rebuild_heartbeat_at < now() - @stale))
                ORDER BY rebuild_requested_at NULLS FIRST
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING s.name
            """);
        command.Parameters.AddWithValue("names", names.ToArray());
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("stale", staleAfter);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>The heartbeat: records progress; false when <paramref name="owner"/> no longer owns the rebuild (it must stop).</summary>
    public async Task<bool> ReportRebuildProgressAsync(string name, string owner, long done, long total, double? rate, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            UPDATE platform.projection_state
            SET rebuild_done = @done, rebuild_total = @total, rebuild_rate = @rate, rebuild_heartbeat_at = now(), updated_at = now()
            WHERE name = @name AND rebuild_owner = @owner AND status = 'rebuilding'
            """);
        AddProgress(command, name, owner, done, total, rate);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Inside the swap's transaction: locks the state row and tells whether <paramref name="owner"/> still owns the rebuild.</summary>
    public static async Task<bool> LockRebuildOwnershipAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, string owner, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT 1 FROM platform.projection_state WHERE name = @name AND rebuild_owner = @owner AND status = 'rebuilding' FOR UPDATE",
            connection,
            transaction);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("owner", owner);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<bool> CompleteRebuildAsync(string name, string owner, long done, long total, double? rate, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            UPDATE platform.projection_state
            SET status = 'live', rebuild_done = @done, rebuild_total = @total, rebuild_rate = @rate,
                rebuild_finished_at = now(), rebuild_heartbeat_at = now(), updated_at = now()
            WHERE name = @name AND rebuild_owner = @owner AND status = 'rebuilding'
            """);
        AddProgress(command, name, owner, done, total, rate);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task FailRebuildAsync(string name, string owner, string error, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            UPDATE platform.projection_state
            SET status = 'failed', rebuild_error = @error, rebuild_finished_at = now(), updated_at = now()
            WHERE name = @name AND rebuild_owner = @owner AND status = 'rebuilding'
            """);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("error", error);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Hands a rebuild back to the queue (the worker is stopping), so the next worker starts it again at once.</summary>
    public async Task ReleaseRebuildAsync(string name, string owner, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            UPDATE platform.projection_state
            SET status = 'rebuild-requested', rebuild_owner = NULL, updated_at = now()
            WHERE name = @name AND rebuild_owner = @owner AND status = 'rebuilding'
            """);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("owner", owner);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddProgress(NpgsqlCommand command, string name, string owner, long done, long total, double? rate)
    {
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("done", done);
        command.Parameters.AddWithValue("total", total);
        command.Parameters.Add(new NpgsqlParameter<double?>("rate", NpgsqlTypes.NpgsqlDbType.Double) { TypedValue = rate });
    }

    private static async Task<IReadOnlyList<ProjectionState>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var states = new List<ProjectionState>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
            var status = reader.GetString(5);
            var rebuild = reader.IsDBNull(6) && reader.IsDBNull(7)
                ? null
                : new RebuildProgress(
                    At(6),
                    At(7),
                    At(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9),
                    reader.GetInt64(10),
                    reader.GetInt64(11),
                    reader.IsDBNull(12) ? null : reader.GetDouble(12),
                    reader.IsDBNull(13) ? null : reader.GetString(13));
            states.Add(new ProjectionState(
                reader.GetString(0),
                reader.GetFieldValue<string[]>(1),
                reader.GetBoolean(2),
                reader.GetInt64(3),
                reader.GetInt64(14),
                reader.GetFieldValue<DateTimeOffset>(4),
                status,
                rebuild));
        }

        return states;
    }
}
