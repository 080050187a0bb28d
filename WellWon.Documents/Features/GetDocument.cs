using Mediator;
using Microsoft.Extensions.Options;
using WellWon.Documents.Domain;
using WellWon.Documents.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Documents.Features;

/// <summary>One document with its versions, links and reading status (<c>GET /api/documents/{id}</c>) for its company's participants; anyone else gets 404.</summary>
public sealed record GetDocument(Guid DocumentId, Guid UserId) : IQuery<DocumentView>, IRequireAuthenticatedUser;

public sealed class GetDocumentHandler(DocumentReader reader, ICompanyAccess access, IOptions<DocumentsOptions> options) : IQueryHandler<GetDocument, DocumentView>
{
    public async ValueTask<DocumentView> Handle(GetDocument query, CancellationToken cancellationToken)
    {
        var (state, version, createdAt, updatedAt) = await reader.GetAsync(query.DocumentId, cancellationToken)
            ?? throw DocumentErrors.DocumentNotFound(query.DocumentId);
        await DocumentWrites.RequireAsync(access, query.UserId, state.CompanyId, query.DocumentId, CompanyRole.Viewer, cancellationToken);
        return DocumentView.From(query.DocumentId, state, version, createdAt, updatedAt, options.Value.DeclarationRetention);
    }
}
