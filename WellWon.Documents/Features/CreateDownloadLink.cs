using Mediator;
using Microsoft.Extensions.Options;
using WellWon.Documents.Domain;
using WellWon.Documents.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Documents.Features;

/// <summary>A short-lived signed link to one version's content.</summary>
public sealed record DownloadLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// A participant of the owning company (viewers included) asks for a link to a version (<c>POST|GET /api/documents/{id}/versions/{n}/link</c>);
/// anyone else gets 404. The link is issued to the caller and expires after <c>Documents:LinkLifetime</c>.
/// </summary>
public sealed record CreateDownloadLink(Guid DocumentId, int Version, Guid UserId) : IQuery<DownloadLink>, IRequireAuthenticatedUser;

public sealed class CreateDownloadLinkHandler(DocumentReader reader, ICompanyAccess access, DownloadLinks links, IOptions<DocumentsOptions> options, TimeProvider clock)
    : IQueryHandler<CreateDownloadLink, DownloadLink>
{
    public async ValueTask<DownloadLink> Handle(CreateDownloadLink query, CancellationToken cancellationToken)
    {
        var (state, _, _, _) = await reader.GetAsync(query.DocumentId, cancellationToken) ?? throw DocumentErrors.DocumentNotFound(query.DocumentId);
        await DocumentWrites.RequireAsync(access, query.UserId, state.CompanyId, query.DocumentId, CompanyRole.Viewer, cancellationToken);
        _ = state.Version(query.Version) ?? throw DocumentErrors.NoSuchVersion(query.DocumentId, query.Version);
        // Whole seconds: the link carries Unix seconds, and the answer must name the moment the link really expires.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((clock.GetUtcNow() + options.Value.LinkLifetime).ToUnixTimeSeconds());
        return new DownloadLink(links.Create(query.DocumentId, query.Version, query.UserId, expiresAt), expiresAt);
    }
}
