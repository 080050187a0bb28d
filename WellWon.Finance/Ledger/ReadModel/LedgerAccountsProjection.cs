using System.Collections.Frozen;
using Npgsql;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Finance.Ledger.ReadModel;

/// <summary>
/// <c>finance.ledger_accounts</c>: every account of every company's ledger. Accounts never change once opened, so a row is inserted
/// once and a repeated or late event changes nothing. Balances are not kept here: they are sums of the movements.
/// </summary>
[SyncProjection] // an account opened on demand (a supplier's payable) is listed in the answer's next read
public sealed class LedgerAccountsProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("finance", "ledger_accounts");

    private static readonly FrozenSet<string> Types = LedgerEventTypes.Of(typeof(AccountOpened));

    public string Name => "finance.ledger-accounts";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            account_id                     uuid        NOT NULL,
            company_id                     uuid        NOT NULL,
            code                           text        NOT NULL,
            name                           text        NOT NULL,
            type                           text        NOT NULL,
            currency                       text        NOT NULL,
            debits_must_not_exceed_credits boolean     NOT NULL,
            credits_must_not_exceed_debits boolean     NOT NULL,
            party_id                       uuid,
            shipment_id                    uuid,
            opened_at                      timestamptz NOT NULL,
            CONSTRAINT {table.Index("pkey")} PRIMARY KEY (account_id)
        );
        CREATE UNIQUE INDEX {table.Index("by_code")} ON {table} (company_id, code);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (registry.Deserialize(e.EventType, e.Data) is not AccountOpened a)
        {
            return;
        }

        await using var insert = db.CreateCommand($"""
            INSERT INTO {table} (account_id, company_id, code, name, type, currency, debits_must_not_exceed_credits, credits_must_not_exceed_debits,
                                 party_id, shipment_id, opened_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT DO NOTHING
            """);
        foreach (var value in new object?[] { a.AccountId, a.CompanyId, a.Code, a.Name, LedgerNames.Of(a.Type), a.Currency,
                     a.DebitsMustNotExceedCredits, a.CreditsMustNotExceedDebits, a.PartyId, a.ShipmentId, a.OpenedAt })
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await insert.ExecuteNonQueryAsync(ct);
    }
}
