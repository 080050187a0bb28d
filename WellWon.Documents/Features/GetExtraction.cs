using Mediator;
using WellWon.Documents.Contracts;
using WellWon.Documents.Domain;
using WellWon.Documents.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Documents.Features;

public sealed record PageProgress(int Page, int Pages);

public sealed record FieldView(string Name, string Label, string Value, double Confidence, int Page, ValueBox? Box);

public sealed record LineView(int Index, IReadOnlyList<FieldView> Fields);

public sealed record FilledTarget(string Kind, Guid TargetId, IReadOnlyList<int> Items);

public sealed record ReviewView(
    Guid AcceptedBy,
    DateTimeOffset AcceptedAt,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Lines,
    IReadOnlyList<string> Corrected,
    IReadOnlyList<FilledTarget> Filled);

/// <summary>A version's reading and review as <c>GET /api/documents/{id}/versions/{n}/extraction</c> answers it.</summary>
public sealed record ExtractionView(
    Guid DocumentId,
    int Version,
    string Status,
    PageProgress? Progress,
    string? Failure,
    string? Kind,
    string? Source,
    int Revision,
    IReadOnlyList<PageSize> Pages,
    IReadOnlyList<FieldView> Fields,
    IReadOnlyList<LineView> Lines,
    ReviewView? Review)
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        [ExtractionFields.Seller] = "Seller",
        [ExtractionFields.Buyer] = "Buyer",
        [ExtractionFields.InvoiceNumber] = "Invoice number",
        [ExtractionFields.InvoiceDate] = "Invoice date",
        [ExtractionFields.ContractReference] = "Contract",
        [ExtractionFields.Currency] = "Currency",
        [ExtractionFields.Incoterm] = "Incoterm",
        [ExtractionFields.IncotermPlace] = "Incoterm place",
        [ExtractionFields.TotalAmount] = "Total amount",
        [ExtractionFields.TotalNetWeight] = "Total net weight, kg",
        [ExtractionFields.TotalGrossWeight] = "Total gross weight, kg",
        [ExtractionFields.PackagesCount] = "Packages",
        [ExtractionFields.PackageKind] = "Package kind",
        [ExtractionFields.Description] = "Description",
        [ExtractionFields.Quantity] = "Quantity",
        [ExtractionFields.Unit] = "Unit",
        [ExtractionFields.UnitPrice] = "Unit price",
        [ExtractionFields.Amount] = "Amount",
        [ExtractionFields.HsCode] = "HS code",
        [ExtractionFields.CountryOfOrigin] = "Country of origin",
        [ExtractionFields.NetWeight] = "Net weight, kg",
        [ExtractionFields.GrossWeight] = "Gross weight, kg",
        [ExtractionFields.Packages] = "Packages",
    };

    public static ExtractionView From(Guid documentId, DocumentVersion v)
    {
        var x = v.Extraction;
        return new ExtractionView(
            documentId,
            v.Number,
            v.Status,
            v.Status == ProcessingStatuses.Reading && v.Page is { } page && v.Pages is { } pages ? new PageProgress(page, pages) : null,
            v.FailureReason,
            x?.Kind,
            x?.Source,
            v.Revision,
            x?.Pages ?? [],
            [.. (x?.Fields ?? []).Select(Field)],
            [.. (x?.Lines ?? []).Select((line, i) => new LineView(i, [.. line.Select(Field)]))],
            v.Review is { } r ? new ReviewView(r.By, r.At, r.Fields, r.Lines, r.Corrected, [.. (r.Filled ?? []).Select(f => new FilledTarget(f.Kind, f.TargetId, f.Items))]) : null);
    }

    private static FieldView Field(ExtractedValue f) => new(f.Name, Labels.GetValueOrDefault(f.Name, f.Name), f.Value, f.Confidence, f.Page, f.Box);
}

/// <summary>A version's reading status, extracted fields and lines and its review, for the company's participants; anyone else gets 404.</summary>
public sealed record GetExtraction(Guid DocumentId, int Version, Guid UserId) : IQuery<ExtractionView>, IRequireAuthenticatedUser;

public sealed class GetExtractionHandler(DocumentReader reader, ICompanyAccess access) : IQueryHandler<GetExtraction, ExtractionView>
{
    public async ValueTask<ExtractionView> Handle(GetExtraction query, CancellationToken cancellationToken)
    {
        var (state, _, _, _) = await reader.GetAsync(query.DocumentId, cancellationToken) ?? throw DocumentErrors.DocumentNotFound(query.DocumentId);
        await DocumentWrites.RequireAsync(access, query.UserId, state.CompanyId, query.DocumentId, CompanyRole.Viewer, cancellationToken);
        var version = state.Version(query.Version) ?? throw DocumentErrors.NoSuchVersion(query.DocumentId, query.Version);
        return ExtractionView.From(query.DocumentId, version);
    }
}
