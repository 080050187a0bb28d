using System.Text.Json;
using Npgsql;
using WellWon.Platform.Kernel;

namespace WellWon.Finance.Ledger.ReadModel;

/// <summary>Reads the ledger's read models: balances are sums of movements, as of now or of any moment (by effective time).</summary>
public sealed class LedgerReader(NpgsqlDataSource db)
{
    private static readonly string Accounts = LedgerAccountsProjection.LiveTable.ToString();
    private static readonly string Movements = LedgerMovementsProjection.LiveTable.ToString();
    private static readonly string Entries = LedgerEntriesProjection.LiveTable.ToString();

    /// <summary>Every account of the company with its totals, counting movements effective up to <paramref name="asOf"/> (all when null).</summary>
    public async Task<IReadOnlyList<AccountBalance>> BalancesAsync(Guid companyId, DateTimeOffset? asOf, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT a.account_id, a.code, a.name, a.type, a.currency, a.debits_must_not_exceed_credits, a.credits_must_not_exceed_debits, a.party_id, a.shipment_id,
                   coalesce(sum(m.posted_debit), 0), coalesce(sum(m.posted_credit), 0), coalesce(sum(m.pending_debit), 0), coalesce(sum(m.pending_credit), 0),
                   coalesce(sum(m.posted_rub_debit), 0), coalesce(sum(m.posted_rub_credit), 0)
            FROM {Accounts} a
            LEFT JOIN {Movements} m ON m.account_id = a.account_id AND ($2::timestamptz IS NULL OR m.effective_at <= $2)
            WHERE a.company_id = $1
            GROUP BY a.account_id
            ORDER BY a.code
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)asOf ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        var accounts = new List<AccountBalance>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var account = new LedgerAccount(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), LedgerNames.AccountTypeOf(reader.GetString(3)), reader.GetString(4),
                reader.GetBoolean(5), reader.GetBoolean(6), reader.IsDBNull(7) ? null : reader.GetGuid(7), reader.IsDBNull(8) ? null : reader.GetGuid(8))
            {
                PostedDebits = reader.GetDecimal(9), PostedCredits = reader.GetDecimal(10), PendingDebits = reader.GetDecimal(11), PendingCredits = reader.GetDecimal(12),
                FunctionalDebits = reader.GetDecimal(13), FunctionalCredits = reader.GetDecimal(14),
            };
            accounts.Add(AccountBalance.Of(account));
        }

        return accounts;
    }

    /// <summary>
    /// The posted lines of one account (by id or code) effective in [<paramref name="from"/>, <paramref name="to"/>], oldest first, each
    /// with the balance after it (counting everything before <paramref name="from"/> too); null when the company has no such account.
    /// </summary>
    public async Task<AccountStatement?> StatementAsync(
        Guid companyId, string account, DateTimeOffset? from, DateTimeOffset? to, int limit, int offset, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var find = new NpgsqlCommand($"SELECT account_id, code, name, type, currency FROM {Accounts} WHERE company_id = $1 AND (account_id::text = $2 OR code = $2)", connection);
        find.Parameters.Add(new NpgsqlParameter { Value = companyId });
        find.Parameters.Add(new NpgsqlParameter { Value = account });
        Guid accountId;
        string code, name, currency;
        bool debitNormal;
        await using (var found = await find.ExecuteReaderAsync(ct))
        {
            if (!await found.ReadAsync(ct))
            {
                return null;
            }

            (accountId, code, name, currency) = (found.GetGuid(0), found.GetString(1), found.GetString(2), found.GetString(4));
            debitNormal = found.GetString(3) is "asset" or "expense";
        }

        const string Window = "ORDER BY m.effective_at, m.version, m.line_no";
        // A revaluation line moves only the rouble equivalent; it is a line of the statement all the same.
        const string Moved = "(m.posted_debit <> 0 OR m.posted_credit <> 0 OR m.posted_rub_debit <> 0 OR m.posted_rub_credit <> 0)";
        await using var select = new NpgsqlCommand($"""
            SELECT s.entry_id, e.description, e.cause, s.effective_at, s.recorded_at, s.posted_debit, s.posted_credit, s.balance, count(*) OVER (),
                   s.posted_rub_debit, s.posted_rub_credit, s.rub_balance
            FROM (
                SELECT m.entry_id, m.effective_at, m.recorded_at, m.version, m.line_no, m.posted_debit, m.posted_credit, m.posted_rub_debit, m.posted_rub_credit,
                       sum(m.posted_debit - m.posted_credit) OVER ({Window}) AS balance,
                       sum(m.posted_rub_debit - m.posted_rub_credit) OVER ({Window}) AS rub_balance
                FROM {Movements} m
                WHERE m.account_id = $1 AND {Moved} AND ($3::timestamptz IS NULL OR m.effective_at <= $3)
            ) s
            LEFT JOIN {Entries} e ON e.entry_id = s.entry_id
            WHERE $2::timestamptz IS NULL OR s.effective_at >= $2
            ORDER BY s.effective_at, s.version, s.line_no
            LIMIT $4 OFFSET $5
            """, connection);
        select.Parameters.Add(new NpgsqlParameter { Value = accountId });
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)to ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        select.Parameters.Add(new NpgsqlParameter { Value = limit });
        select.Parameters.Add(new NpgsqlParameter { Value = offset });
        var lines = new List<StatementLine>();
        long total = 0;
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var (balance, rubBalance) = (reader.GetDecimal(7), reader.GetDecimal(11));
                lines.Add(new StatementLine(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetDecimal(5), reader.GetDecimal(6), debitNormal ? balance : -balance,
                    reader.GetDecimal(9), reader.GetDecimal(10), debitNormal ? rubBalance : -rubBalance));
                total = reader.GetInt64(8);
            }
        }

        if (lines.Count == 0 && offset > 0)
        {
            // Past the last page: the count still tells the client how many there are.
            await using var count = new NpgsqlCommand($"""
                SELECT count(*) FROM {Movements} m
                WHERE m.account_id = $1 AND {Moved}
                  AND ($2::timestamptz IS NULL OR m.effective_at >= $2) AND ($3::timestamptz IS NULL OR m.effective_at <= $3)
                """, connection);
            count.Parameters.Add(new NpgsqlParameter { Value = accountId });
            count.Parameters.Add(new NpgsqlParameter { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            count.Parameters.Add(new NpgsqlParameter { Value = (object?)to ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        return new AccountStatement(accountId, code, name, currency, total, limit, offset, lines);
    }

    /// <summary>Posted balances as of <paramref name="asOf"/>, per currency, each account on its debit or credit side; zero balances left out.</summary>
    public async Task<TrialBalance> TrialBalanceAsync(Guid companyId, DateTimeOffset asOf, CancellationToken ct)
    {
        var balances = await BalancesAsync(companyId, asOf, ct);
        var rows = balances
            .Select(a => (a, net: a.PostedDebits - a.PostedCredits, rub: a.Type is "asset" or "expense" ? a.RubEquivalent : -a.RubEquivalent))
            .Where(x => x.net != 0 || x.rub != 0)
            .ToList();
        var (rubDebits, rubCredits) = (rows.Sum(x => Math.Max(x.rub, 0)), rows.Sum(x => Math.Max(-x.rub, 0)));
        var currencies = rows
            .GroupBy(x => x.a.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var lines = g.Select(x => new TrialBalanceLine(x.a.Id, x.a.Code, x.a.Name, x.a.Type, Math.Max(x.net, 0), Math.Max(-x.net, 0), x.rub)).ToList();
                var (debits, credits) = (lines.Sum(l => l.Debit), lines.Sum(l => l.Credit));
                var balanced = g.Key == Currencies.Rub ? rubDebits == rubCredits : debits == credits;
                return new TrialBalanceCurrency(g.Key, lines, debits, credits, balanced, lines.Sum(l => l.RubEquivalent));
            })
            .ToList();
        return new TrialBalance(asOf, currencies, rubDebits, rubCredits, rubDebits == rubCredits);
    }

    public async Task<EntryView?> EntryAsync(Guid companyId, Guid entryId, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT e.entry_id, e.description, e.cause, e.was_pending, e.resolution, e.effective_at, e.recorded_at, e.expires_at, e.resolved_at, e.reverses,
                   (SELECT r.entry_id FROM {Entries} r WHERE r.reverses = e.entry_id LIMIT 1), e.batch_id, e.lines, e.posted_lines
            FROM {Entries} e
            WHERE e.entry_id = $1 AND e.company_id = $2 AND e.lines IS NOT NULL
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = entryId });
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var status = reader.IsDBNull(4) ? (reader.GetBoolean(3) ? "pending" : "posted") : reader.GetString(4);
        var lines = JsonSerializer.Deserialize<List<EntryLine>>(reader.GetString(12), EventTypeRegistry.JsonOptions)!;
        var posted = reader.IsDBNull(13) ? null : JsonSerializer.Deserialize<List<EntryLine>>(reader.GetString(13), EventTypeRegistry.JsonOptions);
        DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
        Guid? Id(int i) => reader.IsDBNull(i) ? null : reader.GetGuid(i);
        var view = new EntryView(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), status,
            At(5), At(6), At(7), At(8), Id(9), Id(10), Id(11), View(lines), posted is null ? null : View(posted));
        await reader.DisposeAsync();
        return await WithCodesAsync(view, companyId, ct);

        static IReadOnlyList<EntryLineView> View(List<EntryLine> lines) =>
            [.. lines.Select(l => new EntryLineView(l.AccountId, null, LedgerNames.Of(l.Side), l.Amount, l.Currency, l.Rub, l.Valuation))];
    }

    /// <summary>Companies with a ledger that has no entry caused by <paramref name="cause"/> (a month's revaluation) yet.</summary>
    public async Task<IReadOnlyList<Guid>> LedgersNotRevaluedAsync(string cause, int limit, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT DISTINCT a.company_id FROM {Accounts} a
            WHERE NOT EXISTS (SELECT 1 FROM {Entries} e WHERE e.company_id = a.company_id AND e.cause = $1)
            LIMIT $2
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = cause });
        select.Parameters.Add(new NpgsqlParameter { Value = limit });
        var companies = new List<Guid>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            companies.Add(reader.GetGuid(0));
        }

        return companies;
    }

    /// <summary>The companies with a hold whose timeout has passed by <paramref name="now"/> and that no event has released yet.</summary>
    public async Task<IReadOnlyList<Guid>> CompaniesWithExpiredHoldsAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT DISTINCT company_id FROM {Entries} WHERE was_pending AND resolution IS NULL AND expires_at <= $1 LIMIT $2
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = now });
        select.Parameters.Add(new NpgsqlParameter { Value = limit });
        var companies = new List<Guid>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            companies.Add(reader.GetGuid(0));
        }

        return companies;
    }

    private async Task<EntryView> WithCodesAsync(EntryView view, Guid companyId, CancellationToken ct)
    {
        var ids = view.Lines.Concat(view.PostedLines ?? []).Select(l => l.AccountId).Distinct().ToArray();
        await using var select = db.CreateCommand($"SELECT account_id, code FROM {Accounts} WHERE company_id = $1 AND account_id = ANY($2)");
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        select.Parameters.Add(new NpgsqlParameter { Value = ids });
        var codes = new Dictionary<Guid, string>();
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                codes[reader.GetGuid(0)] = reader.GetString(1);
            }
        }

        IReadOnlyList<EntryLineView> Coded(IReadOnlyList<EntryLineView> lines) => [.. lines.Select(l => l with { Code = codes.GetValueOrDefault(l.AccountId) })];
        return view with { Lines = Coded(view.Lines), PostedLines = view.PostedLines is null ? null : Coded(view.PostedLines) };
    }
}
