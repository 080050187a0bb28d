using System.Collections.Frozen;
using Npgsql;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Finance.Ledger.ReadModel;

/// <summary>
/// <c>finance.ledger_movements</c>: one row per line an event moves, keyed by the event's place in its company's stream and the line's
/// number, with the amounts it adds to the account's posted and pending totals (a released hold adds negative pending amounts) and
/// the rouble equivalents it adds to the posted ones.
/// Balances, statements and trial balances are sums over these rows, so the rows a stream gives are the same whatever the order
/// and however often its events arrive: nothing is updated, a row is only ever inserted once.
/// </summary>
[SyncProjection] // the poster reads the balances their entry moved at once
public sealed class LedgerMovementsProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("finance", "ledger_movements");

    private static readonly FrozenSet<string> Types = LedgerEventTypes.Of(typeof(EntryPosted), typeof(EntryHeld), typeof(HeldEntryPosted), typeof(HeldEntryVoided));

    public string Name => "finance.ledger-movements";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            company_id     uuid        NOT NULL,
            version        bigint      NOT NULL,
            line_no        integer     NOT NULL,
            entry_id       uuid        NOT NULL,
            account_id     uuid        NOT NULL,
            currency       text        NOT NULL,
            posted_debit   numeric     NOT NULL,
            posted_credit  numeric     NOT NULL,
            pending_debit  numeric     NOT NULL,
            pending_credit numeric     NOT NULL,
            effective_at   timestamptz NOT NULL,
            recorded_at    timestamptz NOT NULL,
            CONSTRAINT {table.Index("pkey")} PRIMARY KEY (company_id, version, line_no)
        );
        CREATE INDEX {table.Index("by_account")} ON {table} (account_id, effective_at, version, line_no);
        CREATE INDEX {table.Index("by_entry")} ON {table} (entry_id);
        """;

    /// <summary>
    /// The rouble equivalents of the posted amounts (the functional currency), added after the table was first made: a line recorded
    /// before lines were valued counts its amount when in roubles, else 0 (not valued).
    /// </summary>
    public static string RubColumnsSql(ProjectionTable table) => $"""
        ALTER TABLE {table} ADD COLUMN posted_rub_debit numeric NOT NULL DEFAULT 0, ADD COLUMN posted_rub_credit numeric NOT NULL DEFAULT 0;
        UPDATE {table} SET posted_rub_debit = posted_debit, posted_rub_credit = posted_credit WHERE currency = 'RUB';
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table) + RubColumnsSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        var (companyId, entryId, at, moves) = registry.Deserialize(e.EventType, e.Data) switch
        {
            EntryPosted p => (p.CompanyId, p.EntryId, p.EffectiveAt, p.Lines.Select(l => (l, 1m, false)).ToList()),
            EntryHeld h => (h.CompanyId, h.EntryId, h.EffectiveAt, h.Lines.Select(l => (l, 1m, true)).ToList()),
            HeldEntryPosted p => (p.CompanyId, p.EntryId, p.PostedAt, p.Released.Select(l => (l, -1m, true)).Concat(p.Lines.Select(l => (l, 1m, false))).ToList()),
            HeldEntryVoided v => (v.CompanyId, v.EntryId, v.VoidedAt, v.Released.Select(l => (l, -1m, true)).ToList()),
            _ => (Guid.Empty, Guid.Empty, default, []),
        };
        if (moves.Count == 0)
        {
            return;
        }

        await using var batch = db.CreateBatch();
        for (var i = 0; i < moves.Count; i++)
        {
            var (line, sign, pending) = moves[i];
            var amount = sign * line.Amount;
            var debit = line.Side == EntrySide.Debit ? amount : 0m;
            var credit = line.Side == EntrySide.Credit ? amount : 0m;
            var rub = pending ? 0m : sign * (line.Rub ?? 0m);
            var insert = new NpgsqlBatchCommand($"""
                INSERT INTO {table} (company_id, version, line_no, entry_id, account_id, currency, posted_debit, posted_credit, pending_debit, pending_credit, effective_at, recorded_at,
                                     posted_rub_debit, posted_rub_credit)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                ON CONFLICT DO NOTHING
                """);
            foreach (var value in new object[] { companyId, e.StreamVersion, i, entryId, line.AccountId, line.Currency,
                         pending ? 0m : debit, pending ? 0m : credit, pending ? debit : 0m, pending ? credit : 0m, at, e.RecordedAt,
                         line.Side == EntrySide.Debit ? rub : 0m, line.Side == EntrySide.Credit ? rub : 0m })
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }
}
