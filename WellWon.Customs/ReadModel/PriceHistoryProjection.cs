using System.Collections.Frozen;
using Npgsql;
using WellWon.Customs.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Customs.ReadModel;

/// <summary>
/// <c>customs.price_history</c>: the unit prices of each company's calculated declarations (per item: code, invoice currency,
/// supplementary unit, price per unit), so a check can tell a price far from what the company usually declares. Fed by
/// <see cref="DeclarationCalculated"/>: the items are those of the declaration at that event's version, folded from the event
/// store; a later calculation replaces a declaration's rows, an older or repeated one changes nothing.
/// </summary>
[SyncProjection] // the next declaration checked right after this one's calculation already sees its prices
public sealed class PriceHistoryProjection(NpgsqlDataSource db, EventTypeRegistry registry, DeclarationHistory history) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("customs", "price_history");

    private static readonly FrozenSet<string> Types = CustomsEventTypes.Of(typeof(DeclarationCalculated));

    public string Name => "customs.price-history";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            declaration_id uuid        NOT NULL,
            item_no        integer     NOT NULL,
            company_id     uuid        NOT NULL,
            hs_code        text        NOT NULL,
            currency       text        NOT NULL,
            unit           text        NOT NULL,
            unit_price     numeric     NOT NULL,
            calculated_at  timestamptz NOT NULL,
            version        bigint      NOT NULL,
            CONSTRAINT {table.Index("pkey")} PRIMARY KEY (declaration_id, item_no)
        );
        CREATE INDEX {table.Index("by_goods")} ON {table} (company_id, hs_code, currency, unit, calculated_at DESC);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (registry.Deserialize(e.EventType, e.Data) is not DeclarationCalculated calculated)
        {
            return;
        }

        var id = CustomsEventTypes.DeclarationIdOf(e.StreamId);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // One writer per declaration at a time: the Api's sync run and the worker may meet.
        await using (var lockDeclaration = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))", connection, tx))
        {
            lockDeclaration.Parameters.Add(new NpgsqlParameter { Value = id });
            await lockDeclaration.ExecuteNonQueryAsync(ct);
        }

        await using (var latest = new NpgsqlCommand($"SELECT max(version) FROM {table} WHERE declaration_id = $1", connection, tx))
        {
            latest.Parameters.Add(new NpgsqlParameter { Value = id });
            if (await latest.ExecuteScalarAsync(ct) is long version && version >= e.StreamVersion)
            {
                return;
            }
        }

        var (state, _, _) = await history.ReadAsync(id, e.StreamVersion, ct);
        var batch = new NpgsqlBatch(connection, tx);
        var delete = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE declaration_id = $1");
        delete.Parameters.Add(new NpgsqlParameter { Value = id });
        batch.BatchCommands.Add(delete);
        foreach (var (item, number) in state.Items.Select((item, i) => (item, i + 1)))
        {
            if (item.Quantity <= 0 || number > calculated.Sheet.Items.Count)
            {
                continue;
            }

            var insert = new NpgsqlBatchCommand($"""
                INSERT INTO {table} (declaration_id, item_no, company_id, hs_code, currency, unit, unit_price, calculated_at, version)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """);
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { Value = number });
            insert.Parameters.Add(new NpgsqlParameter { Value = state.CompanyId });
            insert.Parameters.Add(new NpgsqlParameter { Value = item.HsCode });
            insert.Parameters.Add(new NpgsqlParameter { Value = item.InvoicePrice.Currency });
            insert.Parameters.Add(new NpgsqlParameter { Value = item.Unit });
            insert.Parameters.Add(new NpgsqlParameter { Value = item.InvoicePrice.Amount / item.Quantity });
            insert.Parameters.Add(new NpgsqlParameter { Value = calculated.At.ToUniversalTime() });
            insert.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
            batch.BatchCommands.Add(insert);
        }

        await using (batch)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }
}

/// <summary>Reads <c>customs.price_history</c>.</summary>
public sealed class PriceHistoryReader(NpgsqlDataSource db)
{
    public const int Sample = 200;

    /// <summary>The company's latest unit prices of <paramref name="hsCode"/> in that currency and unit, other declarations than <paramref name="except"/>.</summary>
    public async Task<IReadOnlyList<decimal>> UnitPricesAsync(Guid companyId, string hsCode, string currency, string unit, Guid except, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT unit_price FROM {PriceHistoryProjection.LiveTable}
            WHERE company_id = $1 AND hs_code = $2 AND currency = $3 AND unit = $4 AND declaration_id <> $5
            ORDER BY calculated_at DESC
            LIMIT {Sample}
            """);
        foreach (var value in new object[] { companyId, hsCode, currency, unit, except })
        {
            select.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var prices = new List<decimal>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            prices.Add(reader.GetDecimal(0));
        }

        return prices;
    }
}
