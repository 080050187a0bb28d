using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using WellWon.Platform.EventStore;

namespace WellWon.Platform.Projections;

/// <summary>How far a live read model has drifted from what the log says it should hold.</summary>
/// <param name="RowsCompared">Rows by primary key in either table.</param>
/// <param name="Missing">Rows the log yields that the live table lacks.</param>
/// <param name="Extra">Rows the live table has that the log does not yield.</param>
/// <param name="Different">Rows present in both whose columns differ.</param>
public sealed record ProjectionIntegrityReport(string Projection, long RowsCompared, long Missing, long Extra, long Different)
{
    public bool IsHealthy => Missing == 0 && Extra == 0 && Different == 0;
}

/// <summary>Compares a rebuildable projection's live table with a fresh replay of the log (for a scheduled integrity job).</summary>
public interface IProjectionIntegrityChecker
{
    Task<ProjectionIntegrityReport> CheckAsync(string projectionName, CancellationToken ct);
}

/// <summary>
/// Replays the log into a shadow table (<c>{table}__chk{random}</c>), waits briefly for the event processor to reach the same
/// events, then — with the live table locked against writes, reads going on — replays the last readable events into the shadow
/// and compares the two by SQL <c>EXCEPT</c> both ways, matching rows by the primary key to tell missing, extra and different
/// rows apart. The shadow is dropped afterwards. Events the processor has not applied yet show as drift; the settle wait
/// (<see cref="ProjectionRebuildOptions.SettleTimeout"/>) keeps that to a projection that is really behind.
/// </summary>
public sealed partial class ProjectionIntegrityChecker(
    ProjectionRegistry registry,
    IEventStore events,
    NpgsqlDataSource db,
    ProjectionRebuilder rebuilder,
    ProjectionStateStore state,
    IOptions<ProjectionRebuildOptions> options,
    TimeProvider time,
    ILogger<ProjectionIntegrityChecker> logger) : IProjectionIntegrityChecker
{
    private const string UndefinedColumn = "42703";

    public async Task<ProjectionIntegrityReport> CheckAsync(string projectionName, CancellationToken ct)
    {
        var projection = registry.Find(projectionName) switch
        {
            IRebuildableProjection rebuildable => rebuildable,
            null => throw new ArgumentException($"There is no projection '{projectionName}'.", nameof(projectionName)),
            _ => throw new ArgumentException($"Projection '{projectionName}' does not implement IRebuildableProjection.", nameof(projectionName)),
        };

        var live = projection.Table;
        var shadow = live.WithSuffix("__chk" + ProjectionRebuilder.RandomSuffix());
        var replay = new ProjectionReplay(events, options.Value);
        await projection.CreateTableAsync(shadow, ct);
        try
        {
            var replayed = await replay.RunAsync(projection, shadow, default, null, ct);
            await SettleAsync(projectionName, ct);

            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await ProjectionRebuilder.ExecuteAsync(connection, transaction, $"SET LOCAL lock_timeout = {(long)options.Value.SwapLockTimeout.TotalMilliseconds}", ct);
            // SHARE: writers wait until the comparison is over, so neither side moves under it; readers go on.
            await ProjectionRebuilder.ExecuteAsync(connection, transaction, $"LOCK TABLE {live.Quoted} IN SHARE MODE", ct);
            await replay.RunAsync(projection, shadow, replayed, null, ct);
            var report = await CompareAsync(connection, transaction, projectionName, live, shadow, ct);
            await transaction.CommitAsync(ct);
            LogChecked(projectionName, report.RowsCompared, report.Missing, report.Extra, report.Different);
            return report;
        }
        finally
        {
            await rebuilder.DropQuietlyAsync(shadow);
        }
    }

    /// <summary>Waits until the processor's recorded position reaches the newest event of the projection's types, within the settle time.</summary>
    private async Task SettleAsync(string projectionName, CancellationToken ct)
    {
        var current = await state.FindAsync(projectionName, ct);
        if (current is null || current.Lag == 0)
        {
            return;
        }

        var target = current.Position + current.Lag;
        var giveUpAt = time.GetUtcNow() + options.Value.SettleTimeout;
        while (time.GetUtcNow() < giveUpAt)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), time, ct);
            current = await state.FindAsync(projectionName, ct);
            if (current is null || current.Position >= target)
            {
                return;
            }
        }

        LogNotSettled(projectionName, target - (current?.Position ?? 0));
    }

    private static async Task<ProjectionIntegrityReport> CompareAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string projectionName, ProjectionTable live, ProjectionTable shadow, CancellationToken ct)
    {
        var columns = await NamesAsync(connection, transaction, """
            SELECT attname FROM pg_attribute
            WHERE attrelid = to_regclass(@table) AND attnum > 0 AND NOT attisdropped
            ORDER BY attnum
            """, shadow, ct);
        var key = await NamesAsync(connection, transaction, """
            SELECT a.attname
            FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = to_regclass(@table) AND i.indisprimary
            ORDER BY array_position(i.indkey::int2[], a.attnum)
            """, shadow, ct);
        if (key.Count == 0)
        {
            throw new InvalidOperationException($"Projection '{projectionName}': table {live} has no primary key, so rows cannot be matched.");
        }

        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var sameKey = string.Join(" AND ", key.Select(c => $"l.\"{c}\" = s.\"{c}\""));
        var sql = $"""
            WITH only_live AS (SELECT {list} FROM {live.Quoted} EXCEPT SELECT {list} FROM {shadow.Quoted}),
                 only_shadow AS (SELECT {list} FROM {shadow.Quoted} EXCEPT SELECT {list} FROM {live.Quoted})
            SELECT
                (SELECT count(*) FROM {shadow.Quoted}),
                (SELECT count(*) FROM only_shadow s WHERE NOT EXISTS (SELECT 1 FROM {live.Quoted} l WHERE {sameKey})),
                (SELECT count(*) FROM only_live l WHERE NOT EXISTS (SELECT 1 FROM {shadow.Quoted} s WHERE {sameKey})),
                (SELECT count(*) FROM only_shadow)
            """;
        try
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var expected = reader.GetInt64(0);
            var missing = reader.GetInt64(1);
            var extra = reader.GetInt64(2);
            var different = reader.GetInt64(3) - missing;
            return new ProjectionIntegrityReport(projectionName, expected + extra, missing, extra, different);
        }
        catch (PostgresException e) when (e.SqlState == UndefinedColumn)
        {
            throw new InvalidOperationException(
                $"Projection '{projectionName}': the live table {live} no longer has the projection's shape ({e.MessageText}); rebuild it.", e);
        }
    }

    private static async Task<List<string>> NamesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, ProjectionTable table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("table", table.Quoted);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Integrity of {Projection}: {Rows} rows compared, {Missing} missing, {Extra} extra, {Different} different")]
    private partial void LogChecked(string projection, long rows, long missing, long extra, long different);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integrity of {Projection}: the event processor is still about {Behind} positions behind; rows it has not reached count as drift")]
    private partial void LogNotSettled(string projection, long behind);
}
