using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WellWon.Customs.Tariff;

/// <summary>
/// Loads the embedded tariff files into the <c>customs</c> tables while the host starts (after the migrations, which are
/// registered first). Idempotent: a checksum of the files is kept, and only changed files cause the tables to be replaced,
/// in one transaction under an advisory lock, so processes starting together seed once and readers never see half a tariff.
/// </summary>
public sealed partial class TariffSeeder(NpgsqlDataSource db, TimeProvider clock, ILogger<TariffSeeder> logger) : IHostedLifecycleService
{
    /// <summary>"WellWon" in ASCII, then "CT" (customs tariff): the advisory lock every seeding process agrees on.</summary>
    private const long LockKey = 0x57656C6C57434354;

    /// <summary>Seeds when the data differs from what the tables hold; true when it wrote.</summary>
    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        var checksum = TariffFiles.Checksum();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, tx))
        {
            lockCmd.Parameters.AddWithValue("key", LockKey);
            await lockCmd.ExecuteNonQueryAsync(ct);
        }

        await using (var current = new NpgsqlCommand("SELECT checksum FROM customs.tariff_seed WHERE id = 1", connection, tx))
        {
            if (await current.ExecuteScalarAsync(ct) is string seeded && seeded == checksum)
            {
                await tx.CommitAsync(ct);
                return false;
            }
        }

        var rows = 0;
        foreach (var name in TariffFiles.Names)
        {
            var file = TariffFiles.Read(name);
            await using (var delete = new NpgsqlCommand($"DELETE FROM customs.{name}", connection, tx))
            {
                await delete.ExecuteNonQueryAsync(ct);
            }

            // The files are pipe-separated without quotes; PostgreSQL casts each cell to its column's type.
            await using (var writer = await connection.BeginTextImportAsync(
                $"COPY customs.{name} ({string.Join(", ", file.Columns)}) FROM STDIN (FORMAT csv, DELIMITER '|', NULL '')", ct))
            {
                foreach (var row in file.Rows)
                {
                    await writer.WriteLineAsync(string.Join('|', row.Select(c => c ?? string.Empty)));
                }
            }

            rows += file.Rows.Count;
        }

        await using (var mark = new NpgsqlCommand(
            "INSERT INTO customs.tariff_seed (id, checksum, seeded_at) VALUES (1, @checksum, @at) ON CONFLICT (id) DO UPDATE SET checksum = EXCLUDED.checksum, seeded_at = EXCLUDED.seeded_at",
            connection, tx))
        {
            mark.Parameters.AddWithValue("checksum", checksum);
            mark.Parameters.AddWithValue("at", clock.GetUtcNow());
            await mark.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        LogSeeded(rows, checksum[..12]);
        return true;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => SeedAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Customs tariff seeded: {Rows} rows from the embedded files {Checksum}")]
    private partial void LogSeeded(int rows, string checksum);
}
