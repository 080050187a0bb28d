using FluentValidation;
using Mediator;
using WellWon.Documents.Contracts;
using WellWon.Documents.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Documents.Features;

/// <summary>
/// A company's documents, newest first (<c>GET /api/documents?companyId=&amp;shipmentId=&amp;declarationId=&amp;type=&amp;limit=&amp;offset=</c>);
/// participants only.
/// </summary>
public sealed record ListDocuments(
    Guid UserId, Guid? CompanyId, Guid? ShipmentId = null, Guid? DeclarationId = null, string? Type = null, int Limit = ListDocuments.DefaultLimit, int Offset = 0)
    : IQuery<IReadOnlyList<DocumentSummary>>, IRequireAuthenticatedUser
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

public sealed class ListDocumentsValidator : AbstractValidator<ListDocuments>
{
    public ListDocumentsValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose documents to list (companyId).");
        RuleFor(x => x.Type).Must(t => DocumentTypes.All.Contains(t!)).When(x => x.Type is not null)
            .WithMessage($"'type' is one of: {string.Join(", ", DocumentTypes.All.Order())}.");
        RuleFor(x => x.Limit).InclusiveBetween(1, ListDocuments.MaxLimit);
        RuleFor(x => x.Offset).GreaterThanOrEqualTo(0);
    }
}

public sealed class ListDocumentsHandler(DocumentReader reader, ICompanyAccess access) : IQueryHandler<ListDocuments, IReadOnlyList<DocumentSummary>>
{
    public async ValueTask<IReadOnlyList<DocumentSummary>> Handle(ListDocuments query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        return await reader.ListAsync(companyId, query.ShipmentId, query.DeclarationId, query.Type, query.Limit, query.Offset, cancellationToken);
    }
}
