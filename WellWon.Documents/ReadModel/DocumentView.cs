using WellWon.Documents.Contracts;
using WellWon.Documents.Domain;

namespace WellWon.Documents.ReadModel;

/// <summary>One version as the API shows it (where its bytes are stored is not shown).</summary>
public sealed record DocumentVersionView(
    int Number,
    string Sha256,
    long Size,
    string MediaType,
    string FileName,
    Guid UploadedBy,
    DateTimeOffset UploadedAt,
    string Status,
    int? Page,
    int? Pages,
    string? FailureReason);

/// <summary>A document as <c>GET /api/documents/{id}</c> answers it.</summary>
public sealed record DocumentView(
    Guid Id,
    Guid CompanyId,
    string Type,
    string Title,
    string? Status,
    IReadOnlyList<DocumentVersionView> Versions,
    IReadOnlyList<DocumentLink> Links,
    DateTimeOffset? RetainedUntil,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static DocumentView From(Guid id, DocumentState s, long version, DateTimeOffset createdAt, DateTimeOffset updatedAt, TimeSpan retention) => new(
        id, s.CompanyId, s.Type, s.Title, s.Latest?.Status,
        [.. s.Versions.Select(v => new DocumentVersionView(
            v.Number, v.Content.Sha256, v.Content.Size, v.Content.MediaType, v.Content.FileName, v.UploadedBy, v.UploadedAt, v.Status, v.Page, v.Pages, v.FailureReason))],
        s.Links, s.DeclarationLinkedAt + retention, version, createdAt, updatedAt);
}
