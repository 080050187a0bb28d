using System.Collections.Frozen;
using Npgsql;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Finance.Payments;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Finance.Payables;

/// <summary>
/// <c>finance.payment_settlements</c>: one row per completed payment order with what it settled (the purpose's kind and id) and
/// how much, the one record the payables, the aging and the landed cost read "paid" from. A payment order completes once, so a row
/// is inserted once; a repeated or late event changes nothing, in any order.
/// </summary>
[SyncProjection] // a payment's purpose shows paid in the answer's next read
public sealed class PaymentSettlementsProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("finance", "payment_settlements");

    private static readonly FrozenSet<string> Types = LedgerEventTypes.Of(typeof(PaymentOrderCompleted));

    public string Name => "finance.payment-settlements";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            payment_order_id uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id       uuid        NOT NULL,
            purpose_kind     text        NOT NULL,
            purpose_id       uuid        NOT NULL,
            amount           numeric     NOT NULL,
            currency         text        NOT NULL,
            rub_debited      numeric     NOT NULL,
            completed_at     timestamptz NOT NULL
        );
        CREATE INDEX {table.Index("by_purpose")} ON {table} (purpose_id);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (registry.Deserialize(e.EventType, e.Data) is not PaymentOrderCompleted p)
        {
            return;
        }

        await using var insert = db.CreateCommand($"""
            INSERT INTO {table} (payment_order_id, company_id, purpose_kind, purpose_id, amount, currency, rub_debited, completed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (payment_order_id) DO NOTHING
            """);
        var q = insert.Parameters;
        q.Add(new NpgsqlParameter { Value = p.PaymentOrderId });
        q.Add(new NpgsqlParameter { Value = p.CompanyId });
        q.Add(new NpgsqlParameter { Value = p.PurposeKind });
        q.Add(new NpgsqlParameter { Value = p.PurposeId });
        q.Add(new NpgsqlParameter { Value = p.Amount });
        q.Add(new NpgsqlParameter { Value = p.Currency });
        q.Add(new NpgsqlParameter { Value = p.RubDebited });
        q.Add(new NpgsqlParameter { Value = p.CompletedAt });
        await insert.ExecuteNonQueryAsync(ct);
    }
}
