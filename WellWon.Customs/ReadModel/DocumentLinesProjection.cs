using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Documents.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Customs.ReadModel;

/// <summary>A reviewed document version's accepted goods lines as Customs fills a declaration from them: its company, currency and lines (name → value).</summary>
public sealed record DocumentLines(Guid DocumentId, int Version, Guid CompanyId, string? Currency, IReadOnlyList<IReadOnlyDictionary<string, string>> Lines);

/// <summary>
/// <c>customs.document_lines</c>: Customs' own copy of the lines members accepted in Documents' reviews (from
/// <see cref="DocumentReviewed"/>, never from Documents' tables), one row per document version. A later review replaces an earlier
/// one; a review older than the row's changes nothing, so repetition and any order leave the latest. When the document is erased
/// (<see cref="DocumentErased"/>) every version's copy is erased with it: the lines become JSON null and the currency goes, the row
/// staying only as a marker newer than any review, so a review delivered again never brings the lines back. Goods items filled
/// from it keep their own values and their source (document id, version, line number: identifiers, not the document's content).
/// </summary>
[SyncProjection] // a member filling a declaration right after the review finds its lines
public sealed class DocumentLinesProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IProjection
{
    public static readonly ProjectionTable LiveTable = new("customs", "document_lines");

    private static readonly HashSet<string> Names = [EventTypeName<DocumentReviewed>(), EventTypeName<DocumentErased>()];

    public string Name => "customs.document-lines";

    public IReadOnlySet<string> EventTypes => Names;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            document_id    uuid        NOT NULL,
            version        integer     NOT NULL,
            company_id     uuid        NOT NULL,
            currency       text,
            lines          jsonb       NOT NULL,
            reviewed_at    timestamptz NOT NULL,
            stream_version bigint      NOT NULL,
            CONSTRAINT {table.Index("pkey")} PRIMARY KEY (document_id, version)
        );
        """;

    public async Task ApplyAsync(RecordedEvent e, CancellationToken ct)
    {
        var fact = registry.Deserialize(e.EventType, e.Data);
        if (fact is DocumentErased erased)
        {
            await using var erase = db.CreateCommand($"""
                UPDATE {LiveTable} SET lines = 'null'::jsonb, currency = NULL, stream_version = $2
                WHERE document_id = $1 AND stream_version < $2
                """);
            erase.Parameters.Add(new NpgsqlParameter { Value = erased.DocumentId });
            erase.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
            await erase.ExecuteNonQueryAsync(ct);
            return;
        }

        if (fact is not DocumentReviewed review)
        {
            return;
        }

        await using var upsert = db.CreateCommand($"""
            INSERT INTO {LiveTable} AS t (document_id, version, company_id, currency, lines, reviewed_at, stream_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (document_id, version) DO UPDATE SET
                company_id = excluded.company_id, currency = excluded.currency, lines = excluded.lines,
                reviewed_at = excluded.reviewed_at, stream_version = excluded.stream_version
            WHERE t.stream_version < excluded.stream_version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = review.DocumentId });
        p.Add(new NpgsqlParameter { Value = review.Version });
        p.Add(new NpgsqlParameter { Value = review.CompanyId });
        p.Add(new NpgsqlParameter { Value = (object?)review.Fields.GetValueOrDefault(ExtractionFields.Currency) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(review.Lines, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new NpgsqlParameter { Value = review.At.ToUniversalTime() });
        p.Add(new NpgsqlParameter { Value = e.StreamVersion });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private static string EventTypeName<T>() => typeof(T).GetCustomAttributes(typeof(EventTypeAttribute), false).OfType<EventTypeAttribute>().Single().Name;
}

/// <summary>Reads <c>customs.document_lines</c>.</summary>
public sealed class DocumentLinesReader(NpgsqlDataSource db)
{
    public async Task<DocumentLines?> GetAsync(Guid documentId, int version, CancellationToken ct)
    {
        // An erased document's copy (lines JSON null) is as good as none.
        await using var select = db.CreateCommand(
            $"SELECT company_id, currency, lines FROM {DocumentLinesProjection.LiveTable} WHERE document_id = $1 AND version = $2 AND jsonb_typeof(lines) = 'array'");
        select.Parameters.Add(new NpgsqlParameter { Value = documentId });
        select.Parameters.Add(new NpgsqlParameter { Value = version });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var lines = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(reader.GetString(2), EventTypeRegistry.JsonOptions) ?? [];
        return new DocumentLines(documentId, version, reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), [.. lines]);
    }
}
