using System.Globalization;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.AspNetCore.Http;
using WellWon.Documents.Contracts;
using WellWon.Documents.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Documents.Features;

public sealed record FillRequest(string? Kind, Guid? TargetId);

/// <summary>The body of <c>POST /api/documents/{id}/versions/{n}/review</c>.</summary>
public sealed record ReviewRequest(int? Revision, Dictionary<string, string?>? Fields, List<Dictionary<string, string?>>? Lines, FillRequest? Fill);

/// <summary>
/// Puts a reviewed version's accepted lines into another context's aggregate (a declaration's goods items) and answers the item
/// numbers. Documents knows no other context: the host that serves both wires this (WellWon.Api to Customs' command).
/// </summary>
public interface IDocumentFill
{
    /// <summary>The target kind this fills; a fill that names none fills a declaration.</summary>
    string Kind => LinkKinds.Declaration;

    Task<IReadOnlyList<int>> FillAsync(string kind, Guid targetId, Guid documentId, int version, Guid userId, CancellationToken ct);

    /// <summary>Fills from the accepted values themselves; answers what was made (its id, and the numbers the review records).</summary>
    async Task<DocumentFilled> FillAsync(DocumentFillRequest request, CancellationToken ct) =>
        new(request.TargetId, await FillAsync(request.Kind, request.TargetId, request.DocumentId, request.Version, request.UserId, ct));
}

/// <summary>A review's fill: the target named, the document's version and company, and the values the member accepted in it.</summary>
public sealed record DocumentFillRequest(
    string Kind, Guid TargetId, Guid DocumentId, Guid CompanyId, int Version, Guid UserId,
    IReadOnlyDictionary<string, string> Fields, IReadOnlyList<IReadOnlyDictionary<string, string>> Lines);

/// <summary>What a fill made: the aggregate it went into (the target, or what it created from it) and the numbers recorded.</summary>
public sealed record DocumentFilled(Guid TargetId, IReadOnlyList<int> Items);

/// <summary>The review's fill kinds beyond the link kinds: a supplier invoice created against the purchase order named.</summary>
public static class FillKinds
{
    public const string SupplierInvoice = "supplier-invoice";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { LinkKinds.Declaration, SupplierInvoice };
}

/// <summary>
/// A member accepts a version's values (viewers 403, outsiders 404): stored exactly as sent, after each was checked against its
/// field's rule (400 naming <c>fields.invoiceDate</c> or <c>lines[0].quantity</c>); the revision sent must be the version's
/// (409 <c>documents.review-stale</c>), and only an extracted version is reviewed (422). With <c>fill</c>, the accepted lines then go
/// into the named target through <see cref="IDocumentFill"/>, and the items it made are recorded with the review.
/// </summary>
public sealed record ReviewDocumentVersion(Guid DocumentId, int Version, Guid UserId, ReviewRequest Review) : ICommand<ExtractionView>, IRequireAuthenticatedUser;

public sealed partial class ReviewDocumentVersionHandler(DocumentWrites writes, TimeProvider clock, IEnumerable<IDocumentFill> fills)
    : ICommandHandler<ReviewDocumentVersion, ExtractionView>
{
    public const int MaxValueLength = 1000;

    public const int MaxLines = 999;

    private static readonly HashSet<string> Incoterms = new(StringComparer.Ordinal) { "EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP" };

    public async ValueTask<ExtractionView> Handle(ReviewDocumentVersion command, CancellationToken cancellationToken)
    {
        var (revision, fields, lines) = Checked(command.Review);
        var fill = command.Review.Fill is { } f ? CheckedFill(f) : default((string, Guid)?);
        var document = await writes.ChangeAsync(command.DocumentId, command.UserId, CompanyRole.Member, d =>
        {
            d.Review(command.Version, revision, fields, lines, command.UserId, clock.GetUtcNow());
            return d;
        }, cancellationToken);

        if (fill is { } target)
        {
            var filler = fills.LastOrDefault(f => f.Kind == target.Item1)
                ?? throw new DomainException(DocumentErrors.FillUnavailable, $"Nothing here fills a {target.Item1}.");
            var made = await filler.FillAsync(
                new DocumentFillRequest(target.Item1, target.Item2, command.DocumentId, document.State.CompanyId, command.Version, command.UserId, fields, lines), cancellationToken);
            document = await writes.ChangeAsync(command.DocumentId, command.UserId, CompanyRole.Member, d =>
            {
                d.RecordFill(command.Version, target.Item1, made.TargetId, made.Items, command.UserId, clock.GetUtcNow());
                return d;
            }, cancellationToken);
        }

        return ExtractionView.From(command.DocumentId, document.State.Version(command.Version)!);
    }

    private static (string, Guid) CheckedFill(FillRequest fill) =>
        fill.Kind is not { } kind || !FillKinds.All.Contains(kind)
            ? throw RequestValidationException.For("fill.kind", DocumentErrors.ReviewValueInvalid, $"A document fills one of: {string.Join(", ", FillKinds.All)}.")
            : fill.TargetId is not { } id || id == Guid.Empty
                ? throw RequestValidationException.For("fill.targetId", DocumentErrors.ReviewValueInvalid,
                    kind == FillKinds.SupplierInvoice ? "Name the purchase order the invoice is against." : "Name the declaration to fill.")
                : (kind, id);

    private static (int Revision, Dictionary<string, string> Fields, List<IReadOnlyDictionary<string, string>> Lines) Checked(ReviewRequest request)
    {
        var errors = new List<FieldError>();
        if (request.Revision is not { } revision)
        {
            errors.Add(new FieldError("revision", DocumentErrors.ReviewValueInvalid, "Send the revision you reviewed."));
            revision = 0;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Fields ?? [])
        {
            if (Check(ExtractionFields.Header, name, value, $"fields.{name}", errors) is { } ok)
            {
                fields[name] = ok;
            }
        }

        var lines = new List<IReadOnlyDictionary<string, string>>();
        var sent = request.Lines ?? [];
        if (sent.Count > MaxLines)
        {
            errors.Add(new FieldError("lines", DocumentErrors.ReviewValueInvalid, $"At most {MaxLines} lines."));
        }

        for (var i = 0; i < Math.Min(sent.Count, MaxLines); i++)
        {
            var line = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in sent[i] ?? [])
            {
                if (Check(ExtractionFields.Line, name, value, $"lines[{i}].{name}", errors) is { } ok)
                {
                    line[name] = ok;
                }
            }

            lines.Add(line);
        }

        return errors.Count > 0 ? throw new RequestValidationException(errors) : (revision, fields, lines);
    }

    // The value as sent when it follows its field's rule; null (and an error naming the field) when it does not.
    private static string? Check(IReadOnlyList<string> known, string name, string? value, string path, List<FieldError> errors)
    {
        string? Refuse(string rule)
        {
            errors.Add(new FieldError(path, DocumentErrors.ReviewValueInvalid, rule));
            return null;
        }

        if (!known.Contains(name))
        {
            return Refuse($"'{name}' is not a field here ({string.Join(", ", known)}).");
        }

        if (value is null)
        {
            return Refuse("A value is a string; leave the field out to leave it empty.");
        }

        if (value.Length > MaxValueLength)
        {
            return Refuse($"At most {MaxValueLength} characters.");
        }

        return name switch
        {
            ExtractionFields.InvoiceDate => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? value : Refuse("An ISO date, yyyy-MM-dd."),
            ExtractionFields.Currency => CurrencyCode().IsMatch(value) ? value : Refuse("An ISO 4217 code: three capital letters."),
            ExtractionFields.Incoterm => Incoterms.Contains(value) ? value : Refuse($"An Incoterms 2020 rule ({string.Join(", ", Incoterms)})."),
            ExtractionFields.CountryOfOrigin => CountryCode().IsMatch(value) ? value : Refuse("An ISO 3166 alpha-2 code: two capital letters."),
            ExtractionFields.HsCode => HsCode().IsMatch(value) ? value : Refuse("A 10-digit HS code."),
            ExtractionFields.TotalAmount or ExtractionFields.TotalNetWeight or ExtractionFields.TotalGrossWeight or ExtractionFields.Quantity
                or ExtractionFields.UnitPrice or ExtractionFields.Amount or ExtractionFields.NetWeight or ExtractionFields.GrossWeight
                => PlainDecimal().IsMatch(value) ? value : Refuse("A non-negative number with '.' as its decimal separator and no grouping."),
            ExtractionFields.PackagesCount or ExtractionFields.Packages => Count().IsMatch(value) ? value : Refuse("A whole non-negative number."),
            _ => string.IsNullOrWhiteSpace(value) ? Refuse("Not empty; leave the field out to leave it empty.") : value,
        };
    }

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCode();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryCode();

    [GeneratedRegex("^[0-9]{10}$", RegexOptions.CultureInvariant)]
    private static partial Regex HsCode();

    [GeneratedRegex(@"^[0-9]{1,15}(\.[0-9]{1,6})?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainDecimal();

    [GeneratedRegex("^[0-9]{1,9}$", RegexOptions.CultureInvariant)]
    private static partial Regex Count();
}
