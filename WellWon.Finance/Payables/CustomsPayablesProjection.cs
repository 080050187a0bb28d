using System.Collections.Frozen;
using Npgsql;
using NpgsqlTypes;
using WellWon.Customs.Contracts;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Finance.Payables;

/// <summary>
/// <c>finance.customs_payables</c>: one row per registered declaration (its id is the payable's, the purpose id a customs payment
/// names) with what is owed to customs now, in roubles. Each declaration event it follows folds the declaration's stream up to that
/// event and writes over an older version only, so any order and repetition leave the same row and a replay rebuilds it. Whether
/// it is paid is read from <c>finance.payment_settlements</c>.
/// </summary>
[SyncProjection] // a registration or correction shows its payable at once
public sealed class CustomsPayablesProjection(NpgsqlDataSource db, IEventStore events, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("finance", "customs_payables");

    private static readonly FrozenSet<string> Types =
        LedgerEventTypes.Of(typeof(DeclarationRegistered), typeof(DeclarationCalculated), typeof(DeclarationRecalled), typeof(DeclarationRejected));

    public string Name => "finance.customs-payables";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id                  uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id          uuid        NOT NULL,
            declaration_id      uuid        NOT NULL,
            registration_number text,
            shipment_id         uuid,
            registered_at       timestamptz NOT NULL,
            duty                numeric     NOT NULL,
            excise              numeric     NOT NULL,
            vat                 numeric     NOT NULL,
            fees                numeric     NOT NULL,
            total               numeric     NOT NULL,
            version             bigint      NOT NULL
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id, registered_at);
        CREATE INDEX {table.Index("by_shipment")} ON {table} (shipment_id);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (!Types.Contains(e.EventType) || CustomsDeclarationFacts.DeclarationOf(e.StreamId) is not { } id)
        {
            return;
        }

        await using (var current = db.CreateCommand($"SELECT version FROM {table} WHERE id = $1"))
        {
            current.Parameters.Add(new NpgsqlParameter { Value = id });
            if (await current.ExecuteScalarAsync(ct) is long version && version >= e.StreamVersion)
            {
                return;
            }
        }

        if (await CustomsDeclarationFacts.FoldAsync(events, registry, id, e.StreamVersion, ct) is not { Registered: true } d)
        {
            return;
        }

        var owed = d.Owed;
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t (id, company_id, declaration_id, registration_number, shipment_id, registered_at, duty, excise, vat, fees, total, version)
            VALUES ($1, $2, $1, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (id) DO UPDATE SET
                company_id = excluded.company_id, registration_number = excluded.registration_number, shipment_id = excluded.shipment_id,
                registered_at = excluded.registered_at, duty = excluded.duty, excise = excluded.excise, vat = excluded.vat, fees = excluded.fees,
                total = excluded.total, version = excluded.version
            WHERE t.version < excluded.version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = id });
        p.Add(new NpgsqlParameter { Value = d.CompanyId });
        p.Add(new NpgsqlParameter { Value = (object?)d.RegistrationNumber ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)d.ShipmentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = d.RegisteredAt!.Value });
        p.Add(new NpgsqlParameter { Value = owed.Duty });
        p.Add(new NpgsqlParameter { Value = owed.Excise });
        p.Add(new NpgsqlParameter { Value = owed.Vat });
        p.Add(new NpgsqlParameter { Value = owed.Fees });
        p.Add(new NpgsqlParameter { Value = owed.Total });
        p.Add(new NpgsqlParameter { Value = d.Version });
        await upsert.ExecuteNonQueryAsync(ct);
    }
}
