using Mediator;
using Microsoft.AspNetCore.Http;
using WellWon.Documents.Domain;
using WellWon.Documents.ReadModel;
using WellWon.Documents.Storage;
using WellWon.Platform.Tenancy;

namespace WellWon.Documents.Features;

/// <summary>A version's content, ready to stream, with the media type sniffed at upload and the name to save it under.</summary>
public sealed record DownloadContent(Stream Content, string MediaType, string FileName, long Size);

/// <summary>
/// Follows a signed link (<c>GET /api/documents/{id}/versions/{n}/content?user=&amp;expires=&amp;sig=</c>). A signature that does not
/// match is 403 and a past expiry 410 (checked in that order, so an expiry is only believed when signed); then the user the link was
/// issued to must still be a participant of the owning company, and so must the caller when the request is signed in: anyone else
/// gets 404, as for a document that does not exist.
/// </summary>
public sealed record DownloadDocumentVersion(Guid DocumentId, int Version, SignedLink Link, Guid? CallerId) : IQuery<DownloadContent>;

public sealed class DownloadDocumentVersionHandler(DocumentReader reader, ICompanyAccess access, DownloadLinks links, IBlobStore blobs, TimeProvider clock)
    : IQueryHandler<DownloadDocumentVersion, DownloadContent>
{
    public async ValueTask<DownloadContent> Handle(DownloadDocumentVersion query, CancellationToken cancellationToken)
    {
        if (!links.IsAuthentic(query.DocumentId, query.Version, query.Link))
        {
            throw new DocumentProblemException(StatusCodes.Status403Forbidden, DocumentErrors.LinkInvalid, "This download link is not valid.");
        }

        if (DateTimeOffset.FromUnixTimeSeconds(query.Link.Expires) <= clock.GetUtcNow())
        {
            throw new DocumentProblemException(StatusCodes.Status410Gone, DocumentErrors.LinkExpired, "This download link has expired; ask for a new one.");
        }

        var (state, _, _, _) = await reader.GetAsync(query.DocumentId, cancellationToken) ?? throw DocumentErrors.DocumentNotFound(query.DocumentId);
        foreach (var user in new[] { query.Link.UserId, query.CallerId ?? query.Link.UserId }.Distinct())
        {
            await DocumentWrites.RequireAsync(access, user, state.CompanyId, query.DocumentId, CompanyRole.Viewer, cancellationToken);
        }

        var version = state.Version(query.Version) ?? throw DocumentErrors.NoSuchVersion(query.DocumentId, query.Version);
        var stream = await blobs.OpenReadAsync(version.Content.BlobKey, cancellationToken)
            ?? throw DocumentErrors.NoSuchVersion(query.DocumentId, query.Version);
        return new DownloadContent(stream, version.Content.MediaType, version.Content.FileName, version.Content.Size);
    }
}
