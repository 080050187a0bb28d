using Microsoft.Extensions.Options;
using Npgsql;
using WellWon.Logistics.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.References;

/// <summary>
/// <see cref="IShipmentReferences"/> on two tables of the <c>logistics</c> schema: a counter per company and year, and one row per
/// number handed out (reserved for a shipment id, used, or free to hand out again). Every statement commits on its own — no
/// transaction stays open while a shipment is written, since an open transaction holds back every reader of the event log.
/// <list type="bullet">
/// <item>Unique: the counter row is incremented in place (its row lock lasts one statement), and a free number is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>, so two requests never get one number.</item>
/// <item>Gap-free: a number goes back when its shipment was not created, and free numbers are handed out before new ones.</item>
/// <item>Crash-safe: a reservation still open after <see cref="LogisticsOptions.ReservationTimeout"/> is settled by writing a
/// tombstone to the shipment's stream with "no stream" expected: if that append wins, the shipment was never created and can no
/// longer be (its creator's append now fails), so the number is freed; if it loses, the shipment exists and the number is used.</item>
/// </list>
/// </summary>
public sealed class PostgresShipmentReferences(NpgsqlDataSource db, IAggregateStore store, TimeProvider clock, IOptions<LogisticsOptions> options)
    : IShipmentReferences
{
    private const int StaleBatch = 5;

    public async Task<int> ReserveAsync(Guid companyId, int year, Guid shipmentId, CancellationToken ct)
    {
        if (await FindAsync(shipmentId, ct) is { } existing)
        {
            return existing.Number;
        }

        await SettleStaleAsync(companyId, year, ct);
        if (await ReuseAsync(companyId, year, shipmentId, ct) is { } reused)
        {
            return reused;
        }

        try
        {
            await using var next = db.CreateCommand("""
                WITH counter AS (
                    INSERT INTO logistics.reference_counters AS c (company_id, year, last_number) VALUES ($1, $2, 1)
                    ON CONFLICT (company_id, year) DO UPDATE SET last_number = c.last_number + 1
                    RETURNING last_number
                )
                INSERT INTO logistics.reference_numbers (company_id, year, number, shipment_id, state, reserved_at)
                SELECT $1, $2, last_number, $3, 'reserved', now() FROM counter
                RETURNING number
                """);
            next.Parameters.Add(new NpgsqlParameter { Value = companyId });
            next.Parameters.Add(new NpgsqlParameter { Value = year });
            next.Parameters.Add(new NpgsqlParameter { Value = shipmentId });
            return (int)(await next.ExecuteScalarAsync(ct))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The same shipment id reserved at the same moment (a retried request); the counter's increment rolled back with the insert.
            return (await FindAsync(shipmentId, ct))?.Number ?? throw new InvalidOperationException($"Shipment {shipmentId} holds no reference.", e);
        }
    }

    public async Task ConfirmAsync(Guid shipmentId, CancellationToken ct)
    {
        await using var confirm = db.CreateCommand("UPDATE logistics.reference_numbers SET state = 'used' WHERE shipment_id = $1 AND state = 'reserved'");
        confirm.Parameters.Add(new NpgsqlParameter { Value = shipmentId });
        await confirm.ExecuteNonQueryAsync(ct);
    }

    public async Task GiveBackAsync(Guid shipmentId, CancellationToken ct)
    {
        if (await FindAsync(shipmentId, ct) is not { State: "reserved" } reservation)
        {
            return;
        }

        try
        {
            var reference = ShipmentReference.Format(reservation.Year, reservation.Number);
            await store.SaveAsync(Shipment.Abandon(shipmentId, reservation.CompanyId, reference, clock.GetUtcNow()), ct);
            await FreeAsync(shipmentId, ct);
        }
        catch (WrongExpectedVersionException)
        {
            // The stream exists: either the shipment was created after all, or another settler wrote the tombstone first.
            var shipment = await store.TryLoadAsync<Shipment>(shipmentId, ct);
            await (shipment is { Exists: true } ? ConfirmAsync(shipmentId, ct) : FreeAsync(shipmentId, ct));
        }
    }

    private async Task SettleStaleAsync(Guid companyId, int year, CancellationToken ct)
    {
        var stale = new List<Guid>();
        await using (var select = db.CreateCommand($"""
            SELECT shipment_id FROM logistics.reference_numbers
            WHERE company_id = $1 AND year = $2 AND state = 'reserved' AND reserved_at < now() - $3
            ORDER BY number LIMIT {StaleBatch}
            """))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = companyId });
            select.Parameters.Add(new NpgsqlParameter { Value = year });
            select.Parameters.Add(new NpgsqlParameter { Value = options.Value.ReservationTimeout });
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                stale.Add(reader.GetGuid(0));
            }
        }

        foreach (var shipmentId in stale)
        {
            await GiveBackAsync(shipmentId, ct);
        }
    }

    private async Task<int?> ReuseAsync(Guid companyId, int year, Guid shipmentId, CancellationToken ct)
    {
        await using var reuse = db.CreateCommand("""
            UPDATE logistics.reference_numbers r SET shipment_id = $3, state = 'reserved', reserved_at = now()
            FROM (
                SELECT company_id, year, number FROM logistics.reference_numbers
                WHERE company_id = $1 AND year = $2 AND state = 'free'
                ORDER BY number LIMIT 1
                FOR UPDATE SKIP LOCKED
            ) AS lowest
            WHERE (r.company_id, r.year, r.number) = (lowest.company_id, lowest.year, lowest.number)
            RETURNING r.number
            """);
        reuse.Parameters.Add(new NpgsqlParameter { Value = companyId });
        reuse.Parameters.Add(new NpgsqlParameter { Value = year });
        reuse.Parameters.Add(new NpgsqlParameter { Value = shipmentId });
        return await reuse.ExecuteScalarAsync(ct) is int number ? number : null;
    }

    private async Task FreeAsync(Guid shipmentId, CancellationToken ct)
    {
        await using var free = db.CreateCommand(
            "UPDATE logistics.reference_numbers SET state = 'free', shipment_id = NULL, reserved_at = NULL WHERE shipment_id = $1 AND state = 'reserved'");
        free.Parameters.Add(new NpgsqlParameter { Value = shipmentId });
        await free.ExecuteNonQueryAsync(ct);
    }

    private async Task<Reservation?> FindAsync(Guid shipmentId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT company_id, year, number, state FROM logistics.reference_numbers WHERE shipment_id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = shipmentId });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new Reservation(reader.GetGuid(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3)) : null;
    }

    private sealed record Reservation(Guid CompanyId, int Year, int Number, string State);
}
