using WellWon.Documents.Contracts;
using WellWon.Documents.Domain;
using WellWon.Documents.Storage;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Documents.Features;

/// <summary>
/// What a document reader (OCR and extraction, in a worker) reports about a version it picked up from
/// <see cref="Contracts.DocumentVersionAdded"/>: reading at page x of y, extracted, or failed with a reason; and how it opens the content.
/// Each report is appended to the document's stream in its company's tenant, retried when it races another change.
/// </summary>
public sealed class RecordReading(IAggregateStore store, IBlobStore blobs, RequestContext context, TimeProvider clock)
{
    public Task ReportProgressAsync(Guid documentId, int version, int page, int pages, CancellationToken ct) =>
        ChangeAsync(documentId, d => d.ReportReading(version, page, pages, clock.GetUtcNow()), ct);

    public Task MarkExtractedAsync(Guid documentId, int version, int pages, CancellationToken ct) =>
        ChangeAsync(documentId, d => d.MarkExtracted(version, pages, clock.GetUtcNow()), ct);

    public Task MarkExtractedAsync(Guid documentId, int version, int pages, ExtractionResult result, CancellationToken ct) =>
        ChangeAsync(documentId, d => d.MarkExtracted(version, pages, result, clock.GetUtcNow()), ct);

    public Task MarkFailedAsync(Guid documentId, int version, string reason, CancellationToken ct) =>
        ChangeAsync(documentId, d => d.MarkFailed(version, reason, clock.GetUtcNow()), ct);

    /// <summary>The version's content and its media type; null when the document or version is gone (erased).</summary>
    public async Task<(Stream Content, string MediaType)?> OpenAsync(Guid documentId, int version, CancellationToken ct)
    {
        var document = await store.TryLoadAsync<Document>(documentId, ct);
        if (document is not { Exists: true } || document.State.Version(version) is not { } found)
        {
            return null;
        }

        return await blobs.OpenReadAsync(found.Content.BlobKey, ct) is { } stream ? (stream, found.Content.MediaType) : null;
    }

    private async Task ChangeAsync(Guid documentId, Action<Document> change, CancellationToken ct) =>
        await store.RetryOnConflictAsync<Document>(documentId, d =>
        {
            if (!d.Exists)
            {
                throw DocumentErrors.DocumentNotFound(documentId);
            }

            context.TenantId = d.State.CompanyId;
            change(d);
        }, ct);
}
