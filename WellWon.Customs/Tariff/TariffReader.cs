using Npgsql;

namespace WellWon.Customs.Tariff;

/// <summary>Reads what the seeded tariff says on a date: a code's rates for an origin, the fee bands, the procedures.</summary>
public sealed class TariffReader(NpgsqlDataSource db)
{
    // Every table's rows are in force from valid_from to valid_to inclusive; an empty valid_to is open.
    private const string ItemSql = """
        SELECT r.kind, r.ad_valorem_pct, r.specific_amount, r.specific_currency, r.specific_unit,
               v.category, c.rate_pct, e.rate, e.unit, p.regime, p.factor, e.payment_code
        FROM customs.duty_rates r
        JOIN customs.vat_rates v ON v.code = r.code AND v.valid_from <= @on AND (v.valid_to IS NULL OR v.valid_to >= @on)
        JOIN customs.vat_categories c ON c.category = v.category AND c.valid_from <= @on AND (c.valid_to IS NULL OR c.valid_to >= @on)
        LEFT JOIN customs.excise_rates e ON e.code = r.code AND e.valid_from <= @on AND (e.valid_to IS NULL OR e.valid_to >= @on)
        LEFT JOIN LATERAL (
            SELECT pr.regime, pr.factor
            FROM customs.preference_countries pc
            JOIN customs.preference_regimes pr ON pr.regime = pc.regime AND pr.valid_from <= @on AND (pr.valid_to IS NULL OR pr.valid_to >= @on)
            WHERE pc.country = @origin AND pc.valid_from <= @on AND (pc.valid_to IS NULL OR pc.valid_to >= @on)
              AND EXISTS (SELECT 1 FROM customs.preference_goods g
                          WHERE left(@code, length(g.prefix)) = g.prefix AND g.valid_from <= @on AND (g.valid_to IS NULL OR g.valid_to >= @on))
            LIMIT 1) p ON true
        WHERE r.code = @code AND r.valid_from <= @on AND (r.valid_to IS NULL OR r.valid_to >= @on)
        """;

    /// <summary>The rates of <paramref name="hsCode"/> for goods from <paramref name="origin"/> on <paramref name="on"/>; null when the tariff has none.</summary>
    public async Task<ItemTariff?> FindAsync(string hsCode, string origin, DateOnly on, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ItemSql);
        cmd.Parameters.AddWithValue("code", hsCode);
        cmd.Parameters.AddWithValue("origin", origin);
        cmd.Parameters.AddWithValue("on", on);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var duty = new DutyRate(
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetDecimal(1),
            reader.IsDBNull(2) ? null : reader.GetDecimal(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
        var excise = reader.IsDBNull(7) ? null : new ExciseRate(reader.GetDecimal(7), reader.GetString(8), reader.IsDBNull(11) ? null : reader.GetString(11));
        var preference = reader.IsDBNull(9) ? null : new Preference(reader.GetString(9), reader.GetDecimal(10));
        return new ItemTariff(hsCode, duty, reader.GetString(5), reader.GetDecimal(6), excise, preference);
    }

    /// <summary>
    /// What exporting <paramref name="hsCode"/> costs on <paramref name="on"/>: its export duty when one is in force (none otherwise),
    /// VAT at 0 %; null when the code is not in the nomenclature on that date.
    /// </summary>
    public async Task<ItemTariff?> FindExportAsync(string hsCode, DateOnly on, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT r.kind, r.ad_valorem_pct, r.specific_amount, r.specific_currency, r.specific_unit, r.payment_code
            FROM customs.hs_codes c
            LEFT JOIN customs.export_duty_rates r ON r.code = c.code AND r.valid_from <= @on AND (r.valid_to IS NULL OR r.valid_to >= @on)
            WHERE c.code = @code AND c.valid_from <= @on AND (c.valid_to IS NULL OR c.valid_to >= @on)
            """);
        cmd.Parameters.AddWithValue("code", hsCode);
        cmd.Parameters.AddWithValue("on", on);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return reader.IsDBNull(0)
            ? ItemTariff.Export(hsCode, null, null)
            : ItemTariff.Export(hsCode, new DutyRate(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetDecimal(1),
                reader.IsDBNull(2) ? null : reader.GetDecimal(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)), reader.GetString(5));
    }

    /// <summary>The processing fee's bands in force on <paramref name="on"/>, lowest first.</summary>
    public async Task<IReadOnlyList<FeeBand>> FeeBandsAsync(DateOnly on, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT value_from, value_to, fee_rub FROM customs.fee_bands
            WHERE valid_from <= @on AND (valid_to IS NULL OR valid_to >= @on)
            ORDER BY value_from
            """);
        cmd.Parameters.AddWithValue("on", on);
        var bands = new List<FeeBand>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            bands.Add(new FeeBand(reader.GetDecimal(0), reader.IsDBNull(1) ? null : reader.GetDecimal(1), reader.GetDecimal(2)));
        }

        return bands;
    }

    public async Task<CustomsProcedure?> FindProcedureAsync(string code, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT code, direction, name_ru, name_en FROM customs.procedures WHERE code = @code");
        cmd.Parameters.AddWithValue("code", code);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new CustomsProcedure(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    /// <summary>
    /// Codes in force on <paramref name="on"/> whose code starts with the digits of <paramref name="query"/> (spaces and dots
    /// dropped), or whose Russian or English description matches it as words (both full-text configurations), best first.
    /// </summary>
    public async Task<IReadOnlyList<HsCodeEntry>> SearchAsync(string query, DateOnly on, int limit, CancellationToken ct)
    {
        var digits = string.Concat(query.Where(c => c is not (' ' or '.')));
        var byCode = digits.Length > 0 && digits.All(char.IsAsciiDigit);
        await using var cmd = db.CreateCommand($"""
            WITH q AS (SELECT websearch_to_tsquery('russian', @text) || websearch_to_tsquery('english', @text) AS words)
            SELECT c.code, c.description_ru, c.description_en,
                   ch.code, ch.description_ru, ch.description_en, h.code, h.description_ru, h.description_en, s.code, s.description_ru, s.description_en
            FROM customs.hs_codes c CROSS JOIN q
            LEFT JOIN customs.hs_headings ch ON ch.code = left(c.code, 2)
            LEFT JOIN customs.hs_headings h ON h.code = left(c.code, 4)
            LEFT JOIN customs.hs_headings s ON s.code = left(c.code, 6)
            WHERE c.valid_from <= @on AND (c.valid_to IS NULL OR c.valid_to >= @on)
              AND {(byCode ? "c.code LIKE @prefix" : "c.search @@ q.words")}
            ORDER BY {(byCode ? "c.code" : "ts_rank(c.search, q.words) DESC, c.code")}
            LIMIT @limit
            """);
        cmd.Parameters.AddWithValue("text", query);
        cmd.Parameters.AddWithValue("prefix", digits + "%");
        cmd.Parameters.AddWithValue("on", on);
        cmd.Parameters.AddWithValue("limit", limit);
        var entries = new List<HsCodeEntry>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var path = new List<HsHeading>();
            for (var i = 3; i <= 9; i += 3)
            {
                if (!reader.IsDBNull(i))
                {
                    path.Add(new HsHeading(reader.GetString(i), reader.GetString(i + 1), reader.GetString(i + 2)));
                }
            }

            entries.Add(new HsCodeEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), path));
        }

        return entries;
    }
}
