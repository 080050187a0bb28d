using Npgsql;

namespace WellWon.Finance.Payments;

/// <summary>
/// Payment order numbers <c>PAY-2026-000001</c>, counted per company and calendar year (UTC) from 1. A number is taken for one order
/// id in the statement that raises the counter, so a retried request gets the number it got before and two requests never share
/// one; it is taken only after every rule passed, just before the order's stream is written.
/// </summary>
public sealed class PaymentNumbers(NpgsqlDataSource db)
{
    public const string Sql = """
        CREATE SCHEMA IF NOT EXISTS finance;

        -- The highest payment order number handed out per company and year.
        CREATE TABLE finance.payment_number_counters (
            company_id  uuid    NOT NULL,
            year        integer NOT NULL,
            last_number integer NOT NULL,
            PRIMARY KEY (company_id, year)
        );

        -- The number each order took.
        CREATE TABLE finance.payment_numbers (
            payment_order_id uuid    PRIMARY KEY,
            company_id       uuid    NOT NULL,
            year             integer NOT NULL,
            number           integer NOT NULL,
            UNIQUE (company_id, year, number)
        );
        """;

    public async Task<int> TakeAsync(Guid companyId, int year, Guid orderId, CancellationToken ct)
    {
        if (await FindAsync(orderId, ct) is { } existing)
        {
            return existing;
        }

        try
        {
            await using var next = db.CreateCommand("""
                WITH counter AS (
                    INSERT INTO finance.payment_number_counters AS c (company_id, year, last_number) VALUES ($1, $2, 1)
                    ON CONFLICT (company_id, year) DO UPDATE SET last_number = c.last_number + 1
                    RETURNING last_number
                )
                INSERT INTO finance.payment_numbers (payment_order_id, company_id, year, number)
                SELECT $3, $1, $2, last_number FROM counter
                RETURNING number
                """);
            next.Parameters.Add(new NpgsqlParameter { Value = companyId });
            next.Parameters.Add(new NpgsqlParameter { Value = year });
            next.Parameters.Add(new NpgsqlParameter { Value = orderId });
            return (int)(await next.ExecuteScalarAsync(ct))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The same order at the same moment (a retried request); the counter's raise rolled back with the insert.
            return await FindAsync(orderId, ct) ?? throw new InvalidOperationException($"Payment order {orderId} holds no number.", e);
        }
    }

    private async Task<int?> FindAsync(Guid orderId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT number FROM finance.payment_numbers WHERE payment_order_id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = orderId });
        return await select.ExecuteScalarAsync(ct) is int number ? number : null;
    }
}
