using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;

namespace WellWon.Customs.ReadModel;

/// <summary>
/// <c>customs.declarations</c>: one row per declaration — the columns lists filter and sort on, and the declaration's whole state
/// (folded by the aggregate's own appliers) for the detail and its calculation sheet. A row is the state at its <c>version</c>: an
/// event of the next version is folded into it, an older or repeated one changes nothing, one that finds a gap folds the stream
/// from the event store; so any order and repetition leave the same row, and a replay rebuilds it. Each applied event is announced
/// to the declaration's company (<see cref="DeclarationChanges"/>).
/// </summary>
[SyncProjection] // the declarant reads the declaration and its calculation back at once
public sealed class DeclarationsProjection(NpgsqlDataSource db, EventTypeRegistry registry, DeclarationHistory history) : IRebuildableProjection, INotifyingProjection
{
    public static readonly ProjectionTable LiveTable = new("customs", "declarations");

    public string Name => "customs.declarations";

    public IReadOnlySet<string> EventTypes => CustomsEventTypes.DeclarationEvents;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id                  uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id          uuid        NOT NULL,
            status              text        NOT NULL,
            procedure           text        NOT NULL,
            customs_office      text,
            declaration_date    date,
            registration_number text,
            shipment_id         uuid,
            item_count          integer     NOT NULL,
            customs_value_rub   numeric,
            payable_rub         numeric,
            created_at          timestamptz NOT NULL,
            updated_at          timestamptz NOT NULL,
            version             bigint      NOT NULL,
            state               jsonb       NOT NULL
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id, created_at DESC, id DESC);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public IEnumerable<(ChangeAudience Audience, ChangeNotification Change)> ChangesFor(RecordedEvent e)
    {
        var change = registry.Deserialize(e.EventType, e.Data);
        var companyId = e.Metadata.TenantId ?? (change as DeclarationCreated)?.CompanyId;
        return change is null || companyId is not { } company
            ? []
            : [DeclarationChanges.Changed(company, CustomsEventTypes.DeclarationIdOf(e.StreamId), e.StreamVersion, DeclarationChanges.ScopeOf(change))];
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (registry.Deserialize(e.EventType, e.Data) is not { } change)
        {
            return;
        }

        var id = CustomsEventTypes.DeclarationIdOf(e.StreamId);
        var row = await ReadRowAsync(table, id, ct);
        if (row is { } current && current.Version >= e.StreamVersion)
        {
            return;
        }

        var (state, createdAt) = row is { } previous && previous.Version == e.StreamVersion - 1 ? (previous.State.When(change), previous.CreatedAt)
            : row is null && e.StreamVersion == 0 ? (new DeclarationState().When(change), e.RecordedAt)
            : await FoldAsync(id, e, ct);
        if (state.Exists)
        {
            await WriteAsync(table, id, state, e.StreamVersion, createdAt, e.RecordedAt, ct);
        }
    }

    private async Task<(DeclarationState, DateTimeOffset)> FoldAsync(Guid id, RecordedEvent e, CancellationToken ct)
    {
        var (state, _, firstAt) = await history.ReadAsync(id, e.StreamVersion, ct);
        return (state, firstAt ?? e.RecordedAt);
    }

    private async Task<(long Version, DeclarationState State, DateTimeOffset CreatedAt)?> ReadRowAsync(ProjectionTable table, Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT version, state, created_at FROM {table} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<DeclarationState>(reader.GetString(1), EventTypeRegistry.JsonOptions)
            ?? throw new InvalidOperationException($"Declaration {id} has an empty state in {table}.");
        return (reader.GetInt64(0), state, reader.GetFieldValue<DateTimeOffset>(2));
    }

    // Only over an older version: two runs racing (the Api's sync run and the worker) leave the newer row.
    private async Task WriteAsync(ProjectionTable table, Guid id, DeclarationState s, long version, DateTimeOffset createdAt, DateTimeOffset updatedAt, CancellationToken ct)
    {
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t
                (id, company_id, status, procedure, customs_office, declaration_date, registration_number, shipment_id, item_count,
                 customs_value_rub, payable_rub, created_at, updated_at, version, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status, procedure = excluded.procedure, customs_office = excluded.customs_office,
                declaration_date = excluded.declaration_date, registration_number = excluded.registration_number,
                shipment_id = excluded.shipment_id, item_count = excluded.item_count, customs_value_rub = excluded.customs_value_rub,
                payable_rub = excluded.payable_rub, updated_at = excluded.updated_at, version = excluded.version, state = excluded.state
            WHERE t.version < excluded.version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = id });
        p.Add(new NpgsqlParameter { Value = s.CompanyId });
        p.Add(new NpgsqlParameter { Value = s.Status });
        p.Add(new NpgsqlParameter { Value = s.Header.Procedure });
        p.Add(new NpgsqlParameter { Value = (object?)s.Header.CustomsOffice ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)s.Header.DeclarationDate ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        p.Add(new NpgsqlParameter { Value = (object?)s.RegistrationNumber ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)s.Header.ShipmentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = s.Items.Count });
        p.Add(new NpgsqlParameter { Value = (object?)s.Calculation?.CustomsValue ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        p.Add(new NpgsqlParameter { Value = (object?)s.Calculation?.Total ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        p.Add(new NpgsqlParameter { Value = createdAt });
        p.Add(new NpgsqlParameter { Value = updatedAt });
        p.Add(new NpgsqlParameter { Value = version });
        p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(s, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await upsert.ExecuteNonQueryAsync(ct);
    }
}
