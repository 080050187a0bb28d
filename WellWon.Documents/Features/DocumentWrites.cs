using WellWon.Documents.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Documents.Features;

/// <summary>
/// How every command on an existing document writes: the stream is loaded (no document, an erased one and one of a company the
/// caller is not in are the same 404), the caller's role in the owning company must reach the command's, that company becomes the
/// events' tenant, the aggregate decides, and the append is retried when another writer won the race (each retry reloads).
/// </summary>
public sealed class DocumentWrites(IAggregateStore store, ICompanyAccess access, RequestContext context)
{
    public const int Attempts = 3;

    /// <summary>The live document after the caller's role was checked; 404 for a document the caller may not know of.</summary>
    public async Task<Document> LoadAsync(Guid documentId, Guid userId, CompanyRole atLeast, CancellationToken ct)
    {
        var document = await store.TryLoadAsync<Document>(documentId, ct);
        if (document is not { Exists: true })
        {
            throw DocumentErrors.DocumentNotFound(documentId);
        }

        await RequireAsync(access, userId, document.State.CompanyId, documentId, atLeast, ct);
        context.TenantId = document.State.CompanyId;
        return document;
    }

    public async Task<T> ChangeAsync<T>(Guid documentId, Guid userId, CompanyRole atLeast, Func<Document, T> decide, CancellationToken ct)
    {
        var document = await LoadAsync(documentId, userId, atLeast, ct);
        for (var attempt = 1; ; attempt++)
        {
            var result = decide(document);
            try
            {
                await store.SaveAsync(document, ct);
                return result;
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
                document = await store.TryLoadAsync<Document>(documentId, ct) is { Exists: true } reloaded
                    ? reloaded
                    : throw DocumentErrors.DocumentNotFound(documentId);
            }
        }
    }

    /// <summary>The caller's role in the owning company when it is at least <paramref name="atLeast"/>; an outsider is told the document does not exist.</summary>
    public static async ValueTask<CompanyRole> RequireAsync(ICompanyAccess access, Guid userId, Guid companyId, Guid documentId, CompanyRole atLeast, CancellationToken ct)
    {
        var role = await access.RoleOfAsync(userId, companyId, ct) ?? throw DocumentErrors.DocumentNotFound(documentId);
        return role >= atLeast ? role : throw CompanyAccessExtensions.RoleTooWeak(atLeast);
    }
}
