using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using WellWon.Platform.EventStore;

namespace WellWon.Platform.Projections;

/// <summary>Progress of a running rebuild: events scanned of the log's total (the total grows if the log does), and the rate so far.</summary>
public readonly record struct RebuildStep(long Done, long Total, long Applied, double Rate);

public sealed record RebuildResult(string Projection, long EventsScanned, long EventsApplied, LogPosition Position, TimeSpan Elapsed);

/// <summary>What the caller (the worker's rebuild service) adds to a rebuild: its heartbeat, and a last check inside the swap.</summary>
public sealed record RebuildHooks
{
    /// <summary>After each batch; throwing aborts the rebuild (the fresh table is dropped, the live one untouched).</summary>
    public Func<RebuildStep, CancellationToken, Task>? Progress { get; init; }

    /// <summary>Inside the swap's transaction, just before the rename; false aborts (say, another worker took the rebuild over).</summary>
    public Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<bool>>? BeforeSwap { get; init; }
}

/// <summary>
/// Rebuilds a <see cref="IRebuildableProjection"/> from the log without stopping it:
/// <list type="number">
/// <item>create a fresh table (<c>{table}__rb{random}</c>) and replay the whole log into it, in batches, only the projection's
/// types; meanwhile queries read the live table and the event processor keeps applying new events to it;</item>
/// <item>swap, in one transaction: lock the live table against writes (reads go on), replay into the fresh table the events that
/// became readable meanwhile, rename live → old and fresh → live, drop old, give the fresh table's indexes the live names.</item>
/// </list>
/// Nothing is lost across the swap: every event the event processor applied to the live table was readable in the log (the relay
/// publishes only readable events), and the last replay runs while no writer can touch the live table, so the new table holds all
/// of them when it takes the name. Writers blocked by the lock resume on the new table (PostgreSQL looks the name up again once it
/// gets the lock) and apply events after the replay's end, or again ones before it, which idempotent projections ignore. (A sync
/// projection may have written an event not yet readable into the old table; the event processor applies it to the new one a
/// moment later.) A reader never finds the table missing or empty: renames are in one transaction, and readers wait only for the
/// short rename itself. One rebuild of a projection runs at a time: the worker's claim in <c>platform.projection_state</c> sees to it.
/// </summary>
public sealed partial class ProjectionRebuilder(
    IEventStore events,
    NpgsqlDataSource db,
    IOptions<ProjectionRebuildOptions> options,
    ILogger<ProjectionRebuilder> logger)
{
    private const string LockNotAvailable = "55P03";
    private const string DeadlockDetected = "40P01";

    private readonly ProjectionRebuildOptions _options = options.Value;

    /// <summary>
    /// Creates the projection's schema and live table when they are missing; true when it did (the table is then empty and
    /// needs a rebuild to hold the history). Serialised across processes by an advisory lock.
    /// </summary>
    public async Task<bool> EnsureTableAsync(IRebuildableProjection projection, CancellationToken ct)
    {
        var table = projection.Table;
        await using var connection = await db.OpenConnectionAsync(ct);
        // A session lock: the projection creates the table on a connection of its own, and the lock must outlast that.
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(1465271373, hashtext(@table))", ct, ("table", table.ToString()));
        try
        {
            await ExecuteAsync(connection, null, $"CREATE SCHEMA IF NOT EXISTS \"{table.Schema}\"", ct);
            if (await ScalarAsync<bool>(connection, null, "SELECT to_regclass(@table) IS NOT NULL", ct, ("table", table.Quoted)))
            {
                return false;
            }

            await projection.CreateTableAsync(table, ct);
            LogTableCreated(projection.Name, table.ToString());
            return true;
        }
        finally
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(1465271373, hashtext(@table))", CancellationToken.None, ("table", table.ToString()));
        }
    }

    public async Task<RebuildResult> RebuildAsync(IRebuildableProjection projection, RebuildHooks? hooks, CancellationToken ct)
    {
        var live = projection.Table;
        var fresh = live.WithSuffix("__rb" + RandomSuffix());
        var started = Stopwatch.GetTimestamp();
        var replay = new ProjectionReplay(events, _options);
        LogRebuildStarted(projection.Name, fresh.ToString());

        try
        {
            await DropLeftoversAsync(live, "__rb", ct);
            var total = await CountEventsAsync(ct);
            await projection.CreateTableAsync(fresh, ct);

            async Task ReportAsync(ReplayProgress p, CancellationToken token)
            {
                total = Math.Max(total, p.Scanned);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (hooks?.Progress is { } progress)
                {
                    await progress(new RebuildStep(p.Scanned, total, p.Applied, seconds > 0 ? p.Scanned / seconds : 0), token);
                }
            }

            var replayed = await replay.RunAsync(projection, fresh, default, ReportAsync, ct);
            replayed = await SwapAsync(projection, fresh, replay, replayed, ReportAsync, hooks, ct);

            var elapsed = Stopwatch.GetElapsedTime(started);
            LogRebuildFinished(projection.Name, replayed.Scanned, replayed.Applied, elapsed.TotalSeconds);
            return new RebuildResult(projection.Name, replayed.Scanned, replayed.Applied, replayed.Position, elapsed);
        }
        catch (Exception e)
        {
            LogRebuildAborted(e, projection.Name);
            await DropQuietlyAsync(fresh);
            throw;
        }
    }

    private async Task<ReplayProgress> SwapAsync(
        IRebuildableProjection projection,
        ProjectionTable fresh,
        ProjectionReplay replay,
        ReplayProgress replayed,
        Func<ReplayProgress, CancellationToken, Task> report,
        RebuildHooks? hooks,
        CancellationToken ct)
    {
        var live = projection.Table;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, transaction, $"SET LOCAL lock_timeout = {(long)_options.SwapLockTimeout.TotalMilliseconds}", ct);
                var liveExists = await ScalarAsync<bool>(connection, transaction, "SELECT to_regclass(@table) IS NOT NULL", ct, ("table", live.Quoted));
                if (liveExists)
                {
                    // EXCLUSIVE blocks writers (the event processor, sync projections) but not readers.
                    await ExecuteAsync(connection, transaction, $"LOCK TABLE {live.Quoted} IN EXCLUSIVE MODE", ct);
                }

                // The tail that became readable while replaying; the projection writes it through its own connections (autocommit).
                replayed = await replay.RunAsync(projection, fresh, replayed, report, ct);

                if (hooks?.BeforeSwap is { } beforeSwap && !await beforeSwap(connection, transaction, ct))
                {
                    throw new InvalidOperationException($"The rebuild of '{projection.Name}' is no longer this process's to finish.");
                }

                var old = live.WithSuffix("__old");
                if (liveExists)
                {
                    await ExecuteAsync(connection, transaction, $"ALTER TABLE {live.Quoted} RENAME TO \"{old.Name}\"", ct);
                }

                await ExecuteAsync(connection, transaction, $"ALTER TABLE {fresh.Quoted} RENAME TO \"{live.Name}\"", ct);
                if (liveExists)
                {
                    await ExecuteAsync(connection, transaction, $"DROP TABLE {old.Quoted}", ct);
                }

                await RenameDerivedNamesAsync(connection, transaction, live, fresh, ct);
                await transaction.CommitAsync(ct);
                LogSwapped(projection.Name, attempt);
                return replayed;
            }
            catch (PostgresException e) when (e.SqlState is LockNotAvailable or DeadlockDetected && attempt < _options.SwapAttempts)
            {
                // A long reader or writer held the table; nothing was renamed. Try again (the fresh table keeps what it has).
                LogSwapRetried(projection.Name, attempt, e.MessageText);
            }
        }
    }

    /// <summary>Indexes and check constraints were named after the fresh table; they take the live table's names (freed by the drop).</summary>
    private static async Task RenameDerivedNamesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ProjectionTable live, ProjectionTable fresh, CancellationToken ct)
    {
        var indexes = await ListAsync(connection, transaction, """
            SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = to_regclass(@table) AND left(c.relname, length(@prefix)) = @prefix
            """, live, fresh.Name, ct);
        foreach (var index in indexes)
        {
            // Renaming a primary key's or unique constraint's index renames the constraint with it.
            await ExecuteAsync(connection, transaction, $"ALTER INDEX \"{live.Schema}\".\"{index}\" RENAME TO \"{live.Name + index[fresh.Name.Length..]}\"", ct);
        }

        var checks = await ListAsync(connection, transaction, """
            SELECT conname FROM pg_constraint
            WHERE conrelid = to_regclass(@table) AND contype = 'c' AND left(conname, length(@prefix)) = @prefix
            """, live, fresh.Name, ct);
        foreach (var check in checks)
        {
            await ExecuteAsync(connection, transaction, $"ALTER TABLE {live.Quoted} RENAME CONSTRAINT \"{check}\" TO \"{live.Name + check[fresh.Name.Length..]}\"", ct);
        }
    }

    /// <summary>Copies left by a rebuild or check that died (their process crashed); the caller owns the projection's rebuild now.</summary>
    internal async Task DropLeftoversAsync(ProjectionTable live, string marker, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var prefix = live.Name + marker;
        await using var list = new NpgsqlCommand(
            "SELECT tablename FROM pg_tables WHERE schemaname = @schema AND left(tablename, length(@prefix)) = @prefix", connection);
        list.Parameters.AddWithValue("schema", live.Schema);
        list.Parameters.AddWithValue("prefix", prefix);
        var leftovers = new List<string>();
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                leftovers.Add(reader.GetString(0));
            }
        }

        foreach (var table in leftovers)
        {
            await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS \"{live.Schema}\".\"{table}\"", connection);
            await drop.ExecuteNonQueryAsync(ct);
            LogLeftoverDropped(live.Schema, table);
        }
    }

    internal async Task DropQuietlyAsync(ProjectionTable table)
    {
        try
        {
            await using var drop = db.CreateCommand($"DROP TABLE IF EXISTS {table.Quoted}");
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            // A leftover copy costs space, not correctness; the next rebuild drops it.
            LogDropFailed(e, table.ToString());
        }
    }

    internal async Task<long> CountEventsAsync(CancellationToken ct)
    {
        await using var count = db.CreateCommand("SELECT count(*) FROM event_store.events");
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    internal static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    private static async Task<List<string>> ListAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, ProjectionTable table, string prefix, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("table", table.Quoted);
        command.Parameters.AddWithValue("prefix", prefix);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    internal static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    internal static async Task<T> ScalarAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Projection {Projection}: created its missing table {Table}")]
    private partial void LogTableCreated(string projection, string table);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuild of {Projection} started into {Table}")]
    private partial void LogRebuildStarted(string projection, string table);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuild of {Projection}: swapped in (attempt {Attempt})")]
    private partial void LogSwapped(string projection, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuild of {Projection}: swap attempt {Attempt} could not lock the table ({Reason}); retrying")]
    private partial void LogSwapRetried(string projection, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuild of {Projection} finished: {Scanned} events read, {Applied} applied, in {Seconds:F1} s")]
    private partial void LogRebuildFinished(string projection, long scanned, long applied, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuild of {Projection} aborted; the live table is untouched")]
    private partial void LogRebuildAborted(Exception e, string projection);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped the leftover copy {Schema}.{Table}")]
    private partial void LogLeftoverDropped(string schema, string table);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not drop {Table}; the next rebuild drops it")]
    private partial void LogDropFailed(Exception e, string table);
}
