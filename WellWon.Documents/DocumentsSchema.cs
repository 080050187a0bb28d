using WellWon.Platform.Database;

namespace WellWon.Documents;

/// <summary>
/// The <c>documents</c> schema: the read model, the content index (one row per company and SHA-256: the uniqueness reservation that
/// recognises a duplicate upload) and the uploads in progress (a blob written but not yet recorded, swept when abandoned).
/// </summary>
public static class DocumentsSchema
{
    public const string Module = "documents";

    public const string Uploads = """
        CREATE SCHEMA IF NOT EXISTS documents;

        CREATE TABLE documents.content_index (
            company_id  uuid        NOT NULL,
            sha256      text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
            document_id uuid        NOT NULL,
            blob_key    text        NOT NULL,
            reserved_at timestamptz NOT NULL,
            committed   boolean     NOT NULL DEFAULT false,
            PRIMARY KEY (company_id, sha256)
        );
        CREATE INDEX content_index_by_document ON documents.content_index (document_id);

        CREATE TABLE documents.uploads (
            blob_key   text        PRIMARY KEY,
            company_id uuid        NOT NULL,
            started_at timestamptz NOT NULL
        );
        CREATE INDEX uploads_by_age ON documents.uploads (started_at);
        """;

    /// <summary>Supplier templates learned from reviews, per company and supplier (its name in canonical form); the reader uses them.</summary>
    public const string SupplierTemplates = """
        CREATE TABLE documents.supplier_templates (
            company_id   uuid        NOT NULL,
            supplier_key text        NOT NULL,
            template     jsonb       NOT NULL,
            updated_at   timestamptz NOT NULL,
            PRIMARY KEY (company_id, supplier_key)
        );
        """;
}

/// <summary>The <c>documents</c> module's migrations, in order; an applied one is never edited.</summary>
public sealed class DocumentsMigrations : IMigrationSource
{
    public IEnumerable<Migration> Migrations { get; } =
    [
        new(DocumentsSchema.Module, 1, "create content index and uploads", DocumentsSchema.Uploads),
        new(DocumentsSchema.Module, 2, "create documents", ReadModel.DocumentsProjection.CreateSql(ReadModel.DocumentsProjection.LiveTable)),
        new(DocumentsSchema.Module, 3, "create supplier templates", DocumentsSchema.SupplierTemplates),
    ];
}
