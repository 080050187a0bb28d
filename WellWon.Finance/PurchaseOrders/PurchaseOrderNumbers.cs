using System.Globalization;
using Npgsql;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Finance.PurchaseOrders;

/// <summary>
/// Purchase order numbers without gaps: <c>PO-2026-000001</c>, counted per company and calendar year (UTC) from 1, the way shipments
/// number themselves. A number is reserved for one PO id before its stream is written and confirmed after; a number whose PO was not
/// created goes back and is handed out before new ones; a reservation left open past <see cref="ReservationTimeout"/> (a crash) is
/// settled against the event store by a tombstone appended with "no stream" expected: if it wins the PO never existed and never can,
/// so the number is freed; if it loses the PO exists and the number is used. Every statement commits on its own, so no transaction
/// stays open while a PO is written (an open transaction holds back every reader of the log).
/// </summary>
public sealed class PurchaseOrderNumbers(NpgsqlDataSource db, IAggregateStore store, TimeProvider clock)
{
    public static readonly TimeSpan ReservationTimeout = TimeSpan.FromMinutes(5);

    public const string Sql = """
        -- The highest purchase order number handed out per company and year.
        CREATE TABLE finance.po_number_counters (
            company_id  uuid    NOT NULL,
            year        integer NOT NULL,
            last_number integer NOT NULL,
            PRIMARY KEY (company_id, year)
        );

        -- Every number handed out: reserved for a purchase order being created, used by it, or free to be handed out again.
        CREATE TABLE finance.po_numbers (
            company_id        uuid        NOT NULL,
            year              integer     NOT NULL,
            number            integer     NOT NULL,
            purchase_order_id uuid,
            state             text        NOT NULL CHECK (state IN ('reserved', 'used', 'free')),
            reserved_at       timestamptz,
            PRIMARY KEY (company_id, year, number),
            CHECK ((state = 'free') = (purchase_order_id IS NULL))
        );
        CREATE UNIQUE INDEX po_numbers_by_order ON finance.po_numbers (purchase_order_id);
        CREATE INDEX po_numbers_open ON finance.po_numbers (company_id, year, number) WHERE state <> 'used';
        """;

    private const int StaleBatch = 5;

    public static string Format(int year, int number) => string.Create(CultureInfo.InvariantCulture, $"PO-{year:D4}-{number:D6}");

    /// <summary>The number reserved for <paramref name="purchaseOrderId"/> (the same one when asked again for the same id).</summary>
    public async Task<int> ReserveAsync(Guid companyId, int year, Guid purchaseOrderId, CancellationToken ct)
    {
        if (await FindAsync(purchaseOrderId, ct) is { } existing)
        {
            return existing.Number;
        }

        await SettleStaleAsync(companyId, year, ct);
        if (await ReuseAsync(companyId, year, purchaseOrderId, ct) is { } reused)
        {
            return reused;
        }

        try
        {
            await using var next = db.CreateCommand("""
                WITH counter AS (
                    INSERT INTO finance.po_number_counters AS c (company_id, year, last_number) VALUES ($1, $2, 1)
                    ON CONFLICT (company_id, year) DO UPDATE SET last_number = c.last_number + 1
                    RETURNING last_number
                )
                INSERT INTO finance.po_numbers (company_id, year, number, purchase_order_id, state, reserved_at)
                SELECT $1, $2, last_number, $3, 'reserved', now() FROM counter
                RETURNING number
                """);
            next.Parameters.Add(new NpgsqlParameter { Value = companyId });
            next.Parameters.Add(new NpgsqlParameter { Value = year });
            next.Parameters.Add(new NpgsqlParameter { Value = purchaseOrderId });
            return (int)(await next.ExecuteScalarAsync(ct))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The same id reserved at the same moment (a retried request); the counter's increment rolled back with the insert.
            return (await FindAsync(purchaseOrderId, ct))?.Number ?? throw new InvalidOperationException($"Purchase order {purchaseOrderId} holds no number.", e);
        }
    }

    /// <summary>The purchase order was created: its number is used for good.</summary>
    public async Task ConfirmAsync(Guid purchaseOrderId, CancellationToken ct)
    {
        await using var confirm = db.CreateCommand("UPDATE finance.po_numbers SET state = 'used' WHERE purchase_order_id = $1 AND state = 'reserved'");
        confirm.Parameters.Add(new NpgsqlParameter { Value = purchaseOrderId });
        await confirm.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Creating the purchase order failed: its number goes back, unless its stream was written after all.</summary>
    public async Task GiveBackAsync(Guid purchaseOrderId, CancellationToken ct)
    {
        if (await FindAsync(purchaseOrderId, ct) is not { State: "reserved" } reservation)
        {
            return;
        }

        try
        {
            await store.SaveAsync(PurchaseOrder.Abandon(purchaseOrderId, reservation.CompanyId, Format(reservation.Year, reservation.Number), clock.GetUtcNow()), ct);
            await FreeAsync(purchaseOrderId, ct);
        }
        catch (WrongExpectedVersionException)
        {
            // The stream exists: either the PO was created after all, or another settler wrote the tombstone first.
            var order = await store.TryLoadAsync<PurchaseOrder>(purchaseOrderId, ct);
            await (order is { Exists: true } ? ConfirmAsync(purchaseOrderId, ct) : FreeAsync(purchaseOrderId, ct));
        }
    }

    private async Task SettleStaleAsync(Guid companyId, int year, CancellationToken ct)
    {
        var stale = new List<Guid>();
        await using (var select = db.CreateCommand($"""
            SELECT purchase_order_id FROM finance.po_numbers
            WHERE company_id = $1 AND year = $2 AND state = 'reserved' AND reserved_at < now() - $3
            ORDER BY number LIMIT {StaleBatch}
            """))
        {
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
            await GiveBackAsync(id, ct);
        }
    }

    private async Task<int?> ReuseAsync(Guid companyId, int year, Guid purchaseOrderId, CancellationToken ct)
    {
        await using var reuse = db.CreateCommand("""
            UPDATE finance.po_numbers r SET purchase_order_id = $3, state = 'reserved', reserved_at = now()
            FROM (
                SELECT company_id, year, number FROM finance.po_numbers
                WHERE company_id = $1 AND year = $2 AND state = 'free'
                ORDER BY number LIMIT 1
                FOR UPDATE SKIP LOCKED
            ) AS lowest
            WHERE (r.company_id, r.year, r.number) = (lowest.company_id, lowest.year, lowest.number)
            RETURNING r.number
            """);
        reuse.Parameters.Add(new NpgsqlParameter { Value = companyId });
        reuse.Parameters.Add(new NpgsqlParameter { Value = year });
        reuse.Parameters.Add(new NpgsqlParameter { Value = purchaseOrderId });
        return await reuse.ExecuteScalarAsync(ct) is int number ? number : null;
    }

    private async Task FreeAsync(Guid purchaseOrderId, CancellationToken ct)
    {
        await using var free = db.CreateCommand(
            "UPDATE finance.po_numbers SET state = 'free', purchase_order_id = NULL, reserved_at = NULL WHERE purchase_order_id = $1 AND state = 'reserved'");
        free.Parameters.Add(new NpgsqlParameter { Value = purchaseOrderId });
        await free.ExecuteNonQueryAsync(ct);
    }

    private async Task<Reservation?> FindAsync(Guid purchaseOrderId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT company_id, year, number, state FROM finance.po_numbers WHERE purchase_order_id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = purchaseOrderId });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new Reservation(reader.GetGuid(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3)) : null;
    }

    private sealed record Reservation(Guid CompanyId, int Year, int Number, string State);
}
