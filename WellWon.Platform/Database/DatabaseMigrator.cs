using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WellWon.Platform.Database;

/// <summary>
/// Applies the modules' migrations that the database has not seen yet, recording each in <c>platform.schema_migrations</c>.
/// Every WellWon process runs it at start-up; a PostgreSQL advisory lock lets one of them at a time in, the others then find
/// nothing left to do. Each migration runs in its own transaction, so a failure leaves the earlier ones applied and recorded.
/// </summary>
public sealed partial class DatabaseMigrator(
    NpgsqlDataSource dataSource,
    IEnumerable<IMigrationSource> sources,
    ILogger<DatabaseMigrator> logger)
{
    /// <summary>The advisory lock key every WellWon process agrees on ("WellWon" in ASCII, then 1).</summary>
    internal const long LockKey = 0x57656C6C576F6E01;

    private const string CreateHistorySql = """
        CREATE SCHEMA IF NOT EXISTS platform;
        CREATE TABLE IF NOT EXISTS platform.schema_migrations (
            module     text        NOT NULL,
            version    integer     NOT NULL,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (module, version)
        );
        """;

    /// <summary>Applies what is missing and returns the migrations this call applied (empty when another process got there first).</summary>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken ct)
    {
        var plan = Plan(sources);
        var applied = new List<Migration>();

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", ct, new NpgsqlParameter("key", LockKey));
        try
        {
            await ExecuteAsync(connection, CreateHistorySql, ct);
            var history = await LoadHistoryAsync(connection, ct);

            foreach (var migration in plan)
            {
                var checksum = Checksum(migration.Sql);
                if (history.TryGetValue((migration.Module, migration.Version), out var recorded))
                {
                    if (recorded != checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Module} {migration.Version} '{migration.Name}' was changed after it was applied; add a new version instead.");
                    }

                    continue;
                }

                await ApplyAsync(connection, migration, checksum, ct);
                applied.Add(migration);
                LogApplied(migration.Module, migration.Version, migration.Name);
            }
        }
        finally
        {
            // Closing the connection would release the lock too, but a pooled connection may linger; unlock explicitly.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                try
                {
                    await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, new NpgsqlParameter("key", LockKey));
                }
                catch (NpgsqlException)
                {
                    // The session is unusable; ending it releases the lock, and the original failure is the one to report.
                }
            }
        }

        return applied;
    }

    /// <summary>Modules in the order they were registered, each in version order; a version used twice fails at boot.</summary>
    internal static IReadOnlyList<Migration> Plan(IEnumerable<IMigrationSource> sources)
    {
        var all = sources.SelectMany(s => s.Migrations).ToList();
        foreach (var migration in all)
        {
            if (string.IsNullOrWhiteSpace(migration.Module) || migration.Version < 0)
            {
                throw new InvalidOperationException($"Migration '{migration.Name}' needs a module name and a non-negative version.");
            }
        }

        var duplicate = all.GroupBy(m => (m.Module, m.Version)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Migration version {duplicate.Key.Version} of module '{duplicate.Key.Module}' is defined more than once.");
        }

        var moduleOrder = all.Select(m => m.Module).Distinct(StringComparer.Ordinal).ToList();
        return [.. all.OrderBy(m => moduleOrder.IndexOf(m.Module)).ThenBy(m => m.Version)];
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, string checksum, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(ct);
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO platform.schema_migrations (module, version, name, checksum) VALUES (@module, @version, @name, @checksum)",
            connection,
            transaction))
        {
            record.Parameters.AddWithValue("module", migration.Module);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", checksum);
            await record.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static async Task<Dictionary<(string Module, int Version), string>> LoadHistoryAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var history = new Dictionary<(string, int), string>();
        await using var command = new NpgsqlCommand("SELECT module, version, checksum FROM platform.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            history[(reader.GetString(0), reader.GetInt32(1))] = reader.GetString(2);
        }

        return history;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    // Line endings differ between checkouts; they must not look like an edited migration.
    private static string Checksum(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n").Trim())));

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Module} {Version} '{Name}'")]
    private partial void LogApplied(string module, int version, string name);
}
