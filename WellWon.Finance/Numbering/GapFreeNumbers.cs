using System.Globalization;
using Npgsql;
using WellWon.Platform.Database;

namespace WellWon.Finance.Numbering;

/// <summary>
/// How the owner of a reserved number settles a reservation left open (a crash between reserving and writing): it writes a fence in
/// its own stream that makes any late use of the number impossible and answers true (the number is free again), or finds the number
/// used and answers false. The fence is the owner's optimistic concurrency: a tombstone appended with "no stream" expected, or an
/// event appended at the version it read.
/// </summary>
public delegate Task<bool> AbandonNumber(Guid ownerId, Guid companyId, string series, int year, int number, CancellationToken ct);

/// <summary>
/// Numbers without gaps per series (<c>PO</c>, <c>INV</c>), company and calendar year, counted from 1: <c>INV-2026-000001</c>. A
/// number is reserved for one owner (the purchase order, the invoice) before the owner's stream is written and confirmed after; a
/// number whose owner did not take it goes back and is handed out before new ones; a reservation left open past
/// <see cref="ReservationTimeout"/> is settled by its owner's <see cref="AbandonNumber"/>. Every statement commits on its own, so no
/// transaction stays open while the owner is written (an open transaction holds back every reader of the log).
/// </summary>
public sealed class GapFreeNumbers(NpgsqlDataSource db)
{
    public static readonly TimeSpan ReservationTimeout = TimeSpan.FromMinutes(5);

    public const string Sql = """
        -- The highest number handed out per series, company and year.
        CREATE TABLE finance.number_counters (
            series      text    NOT NULL,
            company_id  uuid    NOT NULL,
            year        integer NOT NULL,
            last_number integer NOT NULL,
            PRIMARY KEY (series, company_id, year)
        );

        -- Every number handed out: reserved for an owner being written, used by it, or free to be handed out again.
        CREATE TABLE finance.numbers (
            series      text        NOT NULL,
            company_id  uuid        NOT NULL,
            year        integer     NOT NULL,
            number      integer     NOT NULL,
            owner_id    uuid,
            state       text        NOT NULL CHECK (state IN ('reserved', 'used', 'free')),
            reserved_at timestamptz,
            PRIMARY KEY (series, company_id, year, number),
            CHECK ((state = 'free') = (owner_id IS NULL))
        );
        CREATE UNIQUE INDEX numbers_by_owner ON finance.numbers (series, owner_id);
        CREATE INDEX numbers_open ON finance.numbers (series, company_id, year, number) WHERE state <> 'used';
        """;

    private const int StaleBatch = 5;

    /// <summary>The migration that creates the tables.</summary>
    public static Migration Migration(int version) => new(FinanceSchema.Module, version, "create gap-free numbers per series", FinanceSchema.Schema + Sql);

    public static string Format(string series, int year, int number) => string.Create(CultureInfo.InvariantCulture, $"{series}-{year:D4}-{number:D6}");

    /// <summary>The number reserved for <paramref name="ownerId"/> in the series (the same one when asked again for the same owner).</summary>
    public async Task<int> ReserveAsync(string series, Guid companyId, int year, Guid ownerId, AbandonNumber abandon, CancellationToken ct)
    {
        if (await FindAsync(series, ownerId, ct) is { } existing)
        {
            return existing.Number;
        }

        await SettleStaleAsync(series, companyId, year, abandon, ct);
        if (await ReuseAsync(series, companyId, year, ownerId, ct) is { } reused)
        {
            return reused;
        }

        try
        {
            await using var next = db.CreateCommand("""
                WITH counter AS (
                    INSERT INTO finance.number_counters AS c (series, company_id, year, last_number) VALUES ($1, $2, $3, 1)
                    ON CONFLICT (series, company_id, year) DO UPDATE SET last_number = c.last_number + 1
                    RETURNING last_number
                )
                INSERT INTO finance.numbers (series, company_id, year, number, owner_id, state, reserved_at)
                SELECT $1, $2, $3, last_number, $4, 'reserved', now() FROM counter
                RETURNING number
                """);
            next.Parameters.Add(new NpgsqlParameter { Value = series });
            next.Parameters.Add(new NpgsqlParameter { Value = companyId });
            next.Parameters.Add(new NpgsqlParameter { Value = year });
            next.Parameters.Add(new NpgsqlParameter { Value = ownerId });
            return (int)(await next.ExecuteScalarAsync(ct))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The same owner reserved at the same moment (a retried request); the counter's increment rolled back with the insert.
            return (await FindAsync(series, ownerId, ct))?.Number ?? throw new InvalidOperationException($"{series} owner {ownerId} holds no number.", e);
        }
    }

    /// <summary>The owner was written with its number: the number is used for good.</summary>
    public async Task ConfirmAsync(string series, Guid ownerId, CancellationToken ct)
    {
        await using var confirm = db.CreateCommand("UPDATE finance.numbers SET state = 'used' WHERE series = $1 AND owner_id = $2 AND state = 'reserved'");
        confirm.Parameters.Add(new NpgsqlParameter { Value = series });
        confirm.Parameters.Add(new NpgsqlParameter { Value = ownerId });
        await confirm.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writing the owner failed: its number goes back, unless the owner settles that it was used after all.</summary>
    public async Task GiveBackAsync(string series, Guid ownerId, AbandonNumber abandon, CancellationToken ct)
    {
        if (await FindAsync(series, ownerId, ct) is not { State: "reserved" } reservation)
        {
            return;
        }

        await (await abandon(ownerId, reservation.CompanyId, series, reservation.Year, reservation.Number, ct) ? FreeAsync(series, ownerId, ct) : ConfirmAsync(series, ownerId, ct));
    }

    /// <summary>The number of <paramref name="ownerId"/> in the series and its state, if it holds one.</summary>
    public async Task<(int Year, int Number, string State)?> NumberOfAsync(string series, Guid ownerId, CancellationToken ct) =>
        await FindAsync(series, ownerId, ct) is { } r ? (r.Year, r.Number, r.State) : null;

    private async Task SettleStaleAsync(string series, Guid companyId, int year, AbandonNumber abandon, CancellationToken ct)
    {
        var stale = new List<Guid>();
        await using (var select = db.CreateCommand($"""
            SELECT owner_id FROM finance.numbers
            WHERE series = $1 AND company_id = $2 AND year = $3 AND state = 'reserved' AND reserved_at < now() - $4
            ORDER BY number LIMIT {StaleBatch}
            """))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = series });
            select.Parameters.Add(new NpgsqlParameter { Value = companyId });
            select.Parameters.Add(new NpgsqlParameter { Value = year });
            select.Parameters.Add(new NpgsqlParameter { Value = ReservationTimeout });
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                stale.Add(reader.GetGuid(0));
            }
        }

        foreach (var id in stale)
        {
            await GiveBackAsync(series, id, abandon, ct);
        }
    }

    private async Task<int?> ReuseAsync(string series, Guid companyId, int year, Guid ownerId, CancellationToken ct)
    {
        await using var reuse = db.CreateCommand("""
            UPDATE finance.numbers r SET owner_id = $4, state = 'reserved', reserved_at = now()
            FROM (
                SELECT series, company_id, year, number FROM finance.numbers
                WHERE series = $1 AND company_id = $2 AND year = $3 AND state = 'free'
                ORDER BY number LIMIT 1
                FOR UPDATE SKIP LOCKED
            ) AS lowest
            WHERE (r.series, r.company_id, r.year, r.number) = (lowest.series, lowest.company_id, lowest.year, lowest.number)
            RETURNING r.number
            """);
        reuse.Parameters.Add(new NpgsqlParameter { Value = series });
        reuse.Parameters.Add(new NpgsqlParameter { Value = companyId });
        reuse.Parameters.Add(new NpgsqlParameter { Value = year });
        reuse.Parameters.Add(new NpgsqlParameter { Value = ownerId });
        return await reuse.ExecuteScalarAsync(ct) is int number ? number : null;
    }

    private async Task FreeAsync(string series, Guid ownerId, CancellationToken ct)
    {
        await using var free = db.CreateCommand(
            "UPDATE finance.numbers SET state = 'free', owner_id = NULL, reserved_at = NULL WHERE series = $1 AND owner_id = $2 AND state = 'reserved'");
        free.Parameters.Add(new NpgsqlParameter { Value = series });
        free.Parameters.Add(new NpgsqlParameter { Value = ownerId });
        await free.ExecuteNonQueryAsync(ct);
    }

    private async Task<Reservation?> FindAsync(string series, Guid ownerId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT company_id, year, number, state FROM finance.numbers WHERE series = $1 AND owner_id = $2");
        select.Parameters.Add(new NpgsqlParameter { Value = series });
        select.Parameters.Add(new NpgsqlParameter { Value = ownerId });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new Reservation(reader.GetGuid(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3)) : null;
    }

    private sealed record Reservation(Guid CompanyId, int Year, int Number, string State);
}
