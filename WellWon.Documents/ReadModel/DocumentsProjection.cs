using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Documents.Contracts;
using WellWon.Documents.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;

namespace WellWon.Documents.ReadModel;

/// <summary>
/// <c>documents.documents</c>: one row per document — the columns lists filter on (company, type, linked shipments and declarations,
/// the latest version's reading status) and the whole state with its versions and links (folded by the aggregate's own appliers)
/// for the detail and downloads. A row is the state at its <c>version</c>: the next event is folded into it, an older or repeated
/// one changes nothing, one that finds a gap folds the stream from the event store; so a replay in any order rebuilds the same row.
/// An erased document keeps a row marked erased (without versions or links), so a late event cannot bring it back.
/// </summary>
[SyncProjection] // the uploader sees the document and its version at once
public sealed class DocumentsProjection(NpgsqlDataSource db, EventTypeRegistry registry, DocumentHistory history) : IRebuildableProjection, INotifyingProjection
{
    public static readonly ProjectionTable LiveTable = new("documents", "documents");

    public string Name => "documents.documents";

    public IReadOnlySet<string> EventTypes => DocumentEventTypes.All;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id              uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id      uuid        NOT NULL,
            type            text        NOT NULL,
            title           text        NOT NULL,
            status          text,
            latest_version  integer     NOT NULL,
            shipment_ids    uuid[]      NOT NULL,
            declaration_ids uuid[]      NOT NULL,
            erased          boolean     NOT NULL,
            created_at      timestamptz NOT NULL,
            updated_at      timestamptz NOT NULL,
            version         bigint      NOT NULL,
            state           jsonb       NOT NULL
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id, created_at DESC, id DESC);
        CREATE INDEX {table.Index("by_shipment")} ON {table} USING gin (shipment_ids);
        CREATE INDEX {table.Index("by_declaration")} ON {table} USING gin (declaration_ids);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public IEnumerable<(ChangeAudience Audience, ChangeNotification Change)> ChangesFor(RecordedEvent e)
    {
        var change = registry.Deserialize(e.EventType, e.Data);
        var companyId = change is null ? null : e.Metadata.TenantId ?? DocumentChanges.CompanyOf(change);
        return change is null || companyId is not { } company
            ? []
            : [DocumentChanges.Changed(company, DocumentEventTypes.DocumentIdOf(e.StreamId), e.StreamVersion, DocumentChanges.ScopeOf(change))];
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (registry.Deserialize(e.EventType, e.Data) is not { } change)
        {
            return;
        }

        var id = DocumentEventTypes.DocumentIdOf(e.StreamId);
        var row = await ReadRowAsync(table, id, ct);
        if (row is { } current && current.Version >= e.StreamVersion)
        {
            return;
        }

        var (state, createdAt) = row is { } previous && previous.Version == e.StreamVersion - 1 ? (previous.State.When(change), previous.CreatedAt)
            : row is null && e.StreamVersion == 0 ? (new DocumentState().When(change), e.RecordedAt)
            : await FoldAsync(id, e, ct);
        if (state.Exists)
        {
            await WriteAsync(table, id, state, e.StreamVersion, createdAt, e.RecordedAt, ct);
        }
    }

    private async Task<(DocumentState, DateTimeOffset)> FoldAsync(Guid id, RecordedEvent e, CancellationToken ct)
    {
        var (state, firstAt) = await history.ReadAsync(id, e.StreamVersion, ct);
        return (state, firstAt ?? e.RecordedAt);
    }

    private async Task<(long Version, DocumentState State, DateTimeOffset CreatedAt)?> ReadRowAsync(ProjectionTable table, Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT version, state, created_at FROM {table} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<DocumentState>(reader.GetString(1), EventTypeRegistry.JsonOptions)
            ?? throw new InvalidOperationException($"Document {id} has an empty state in {table}.");
        return (reader.GetInt64(0), state, reader.GetFieldValue<DateTimeOffset>(2));
    }

    // Only over an older version: two runs racing (the Api's sync run and the worker) leave the newer row.
    private async Task WriteAsync(ProjectionTable table, Guid id, DocumentState s, long version, DateTimeOffset createdAt, DateTimeOffset updatedAt, CancellationToken ct)
    {
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t
                (id, company_id, type, title, status, latest_version, shipment_ids, declaration_ids, erased, created_at, updated_at, version, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (id) DO UPDATE SET
                type = excluded.type, title = excluded.title, status = excluded.status, latest_version = excluded.latest_version,
                shipment_ids = excluded.shipment_ids, declaration_ids = excluded.declaration_ids, erased = excluded.erased,
                updated_at = excluded.updated_at, version = excluded.version, state = excluded.state
            WHERE t.version < excluded.version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = id });
        p.Add(new NpgsqlParameter { Value = s.CompanyId });
        p.Add(new NpgsqlParameter { Value = s.Type });
        p.Add(new NpgsqlParameter { Value = s.Title });
        p.Add(new NpgsqlParameter { Value = (object?)s.Latest?.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = s.Latest?.Number ?? 0 });
        p.Add(new NpgsqlParameter { Value = TargetsOf(s, LinkKinds.Shipment) });
        p.Add(new NpgsqlParameter { Value = TargetsOf(s, LinkKinds.Declaration) });
        p.Add(new NpgsqlParameter { Value = s.Erased });
        p.Add(new NpgsqlParameter { Value = createdAt });
        p.Add(new NpgsqlParameter { Value = updatedAt });
        p.Add(new NpgsqlParameter { Value = version });
        p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(s, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private static Guid[] TargetsOf(DocumentState s, string kind) => [.. s.Links.Where(l => l.Kind == kind).Select(l => l.TargetId)];
}
