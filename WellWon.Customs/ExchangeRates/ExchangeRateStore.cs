using Npgsql;
using NpgsqlTypes;

namespace WellWon.Customs.ExchangeRates;

/// <summary>What storing one day's answer did: rows new, the same as stored, and revised (a changed value, kept beside the old one).</summary>
public sealed record StoredRates(DateOnly RatesDate, int Inserted, int Unchanged, int Revised);

/// <summary>
/// <c>customs.exchange_rates</c> and <c>customs.exchange_rate_fetches</c>. Storing is idempotent: the same date, currency and
/// figures change nothing; different figures for a stored date and currency supersede the old row (kept, with when) by a new
/// revision, so a correction by the central bank is on record rather than silently overwritten.
/// </summary>
public sealed class ExchangeRateStore(NpgsqlDataSource db, TimeProvider clock)
{
    public const string Source = "cbr-xml-daily";

    public const string Sql = """
        -- The central bank's rates, one current row per rates date and currency; a revised figure supersedes the old row.
        CREATE TABLE customs.exchange_rates (
            rate_date     date        NOT NULL,
            currency      text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
            revision      integer     NOT NULL CHECK (revision > 0),
            nominal       integer     NOT NULL CHECK (nominal > 0),
            value         numeric     NOT NULL CHECK (value > 0),
            unit_rate     numeric     NOT NULL CHECK (unit_rate > 0),
            source        text        NOT NULL,
            fetched_at    timestamptz NOT NULL,
            superseded_at timestamptz,
            PRIMARY KEY (rate_date, currency, revision)
        );
        CREATE UNIQUE INDEX exchange_rates_current ON customs.exchange_rates (rate_date, currency) WHERE superseded_at IS NULL;

        -- Which rates date answered a requested day (a Sunday is answered with Saturday's rates).
        CREATE TABLE customs.exchange_rate_fetches (
            requested_date date        PRIMARY KEY,
            rates_date     date        NOT NULL,
            fetched_at     timestamptz NOT NULL
        );
        """;

    // One writer per day at a time (the job and an on-demand fetch may meet); 0x4343 "CC" keeps the keys apart from other locks.
    private const long LockBase = 0x4343_0000_0000;

    public async Task<StoredRates> StoreAsync(DateOnly requested, CbrDailyRates day, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockDay = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, tx))
        {
            lockDay.Parameters.Add(new NpgsqlParameter { Value = LockBase + day.Date.DayNumber });
            await lockDay.ExecuteNonQueryAsync(ct);
        }

        var current = new Dictionary<string, (int Nominal, decimal Value, decimal UnitRate, int Revision)>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand(
            "SELECT currency, nominal, value, unit_rate, revision FROM customs.exchange_rates WHERE rate_date = $1 AND superseded_at IS NULL", connection, tx))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = day.Date });
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                current[reader.GetString(0)] = (reader.GetInt32(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetInt32(4));
            }
        }

        int inserted = 0, unchanged = 0, revised = 0;
        var batch = new NpgsqlBatch(connection, tx);
        foreach (var rate in day.Rates)
        {
            var revision = 1;
            if (current.TryGetValue(rate.Currency, out var stored))
            {
                if (stored.Nominal == rate.Nominal && stored.Value == rate.Value && stored.UnitRate == rate.UnitRate)
                {
                    unchanged++;
                    continue;
                }

                var supersede = new NpgsqlBatchCommand(
                    "UPDATE customs.exchange_rates SET superseded_at = $3 WHERE rate_date = $1 AND currency = $2 AND superseded_at IS NULL");
                supersede.Parameters.Add(new NpgsqlParameter { Value = day.Date });
                supersede.Parameters.Add(new NpgsqlParameter { Value = rate.Currency });
                supersede.Parameters.Add(new NpgsqlParameter { Value = now });
                batch.BatchCommands.Add(supersede);
                revision = stored.Revision + 1;
                revised++;
            }
            else
            {
                inserted++;
            }

            var insert = new NpgsqlBatchCommand("""
                INSERT INTO customs.exchange_rates (rate_date, currency, revision, nominal, value, unit_rate, source, fetched_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """);
            insert.Parameters.Add(new NpgsqlParameter { Value = day.Date });
            insert.Parameters.Add(new NpgsqlParameter { Value = rate.Currency });
            insert.Parameters.Add(new NpgsqlParameter { Value = revision });
            insert.Parameters.Add(new NpgsqlParameter { Value = rate.Nominal });
            insert.Parameters.Add(new NpgsqlParameter { Value = rate.Value });
            insert.Parameters.Add(new NpgsqlParameter { Value = rate.UnitRate });
            insert.Parameters.Add(new NpgsqlParameter { Value = Source });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            batch.BatchCommands.Add(insert);
        }

        var fetched = new NpgsqlBatchCommand("""
            INSERT INTO customs.exchange_rate_fetches (requested_date, rates_date, fetched_at) VALUES ($1, $2, $3)
            ON CONFLICT (requested_date) DO UPDATE SET rates_date = excluded.rates_date, fetched_at = excluded.fetched_at
            """);
        fetched.Parameters.Add(new NpgsqlParameter { Value = requested });
        fetched.Parameters.Add(new NpgsqlParameter { Value = day.Date });
        fetched.Parameters.Add(new NpgsqlParameter { Value = now });
        batch.BatchCommands.Add(fetched);
        await using (batch)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return new StoredRates(day.Date, inserted, unchanged, revised);
    }

    /// <summary>The days among <paramref name="days"/> that were never fetched.</summary>
    public async Task<IReadOnlyList<DateOnly>> MissingAsync(IReadOnlyList<DateOnly> days, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT requested_date FROM customs.exchange_rate_fetches WHERE requested_date = ANY($1)");
        select.Parameters.Add(new NpgsqlParameter { Value = days.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
        var fetched = new HashSet<DateOnly>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            fetched.Add(reader.GetFieldValue<DateOnly>(0));
        }

        return [.. days.Where(d => !fetched.Contains(d))];
    }

    /// <summary>The current rates (roubles per unit) in force on <paramref name="day"/>, or null when that day was never fetched.</summary>
    public async Task<(DateOnly RatesDate, IReadOnlyDictionary<string, decimal> RubPerUnit)?> OnAsync(DateOnly day, CancellationToken ct)
    {
        await using var select = db.CreateCommand("""
            SELECT f.rates_date, r.currency, r.unit_rate
            FROM customs.exchange_rate_fetches f
            LEFT JOIN customs.exchange_rates r ON r.rate_date = f.rates_date AND r.superseded_at IS NULL
            WHERE f.requested_date = $1
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = day });
        await using var reader = await select.ExecuteReaderAsync(ct);
        DateOnly? ratesDate = null;
        var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            ratesDate = reader.GetFieldValue<DateOnly>(0);
            if (!reader.IsDBNull(1))
            {
                rates[reader.GetString(1)] = reader.GetDecimal(2);
            }
        }

        return ratesDate is { } found ? (found, rates) : null;
    }

    /// <summary>Every row of a currency on a rates date, oldest revision first (the history of a corrected rate).</summary>
    public async Task<IReadOnlyList<(int Revision, int Nominal, decimal Value, decimal UnitRate, bool Current)>> HistoryAsync(DateOnly ratesDate, string currency, CancellationToken ct)
    {
        await using var select = db.CreateCommand(
            "SELECT revision, nominal, value, unit_rate, superseded_at IS NULL FROM customs.exchange_rates WHERE rate_date = $1 AND currency = $2 ORDER BY revision");
        select.Parameters.Add(new NpgsqlParameter { Value = ratesDate });
        select.Parameters.Add(new NpgsqlParameter { Value = currency });
        var rows = new List<(int, int, decimal, decimal, bool)>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetBoolean(4)));
        }

        return rows;
    }
}
