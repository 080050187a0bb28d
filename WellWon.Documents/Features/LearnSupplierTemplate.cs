using WellWon.Documents.Contracts;
using WellWon.Documents.Reading.Extraction;
using WellWon.Documents.Reading.Templates;
using TextReader = WellWon.Documents.Reading.DocumentReader;

namespace WellWon.Documents.Features;

/// <summary>
/// After a review that corrected header fields, reads the version again and lets <see cref="TemplateLearner"/> find where the
/// corrected values stand on it; the result is stored as the company's template of that supplier (merged with the one it had), which
/// the next extraction of the supplier's documents uses. Learning twice from one review stores the same template.
/// </summary>
public sealed class LearnSupplierTemplate(RecordReading recording, SupplierTemplates templates, TimeProvider clock)
{
    public async Task<SupplierTemplate?> LearnAsync(DocumentReviewed review, CancellationToken ct)
    {
        if (!review.Corrected.Any(c => !c.StartsWith("lines[", StringComparison.Ordinal)))
        {
            return null;
        }

        var path = Path.Combine(Path.GetTempPath(), $"wellwon-learning-{Guid.NewGuid():N}");
        try
        {
            if (await recording.OpenAsync(review.DocumentId, review.Version, ct) is not { } opened)
            {
                return null;
            }

            await using (opened.Content)
            await using (var file = File.Create(path))
            {
                await opened.Content.CopyToAsync(file, ct);
            }

            var read = await new TextReader().ReadAsync(path, ct: ct);
            var known = await templates.ForCompanyAsync(review.CompanyId, ct);
            var extracted = new InvoiceExtractor(known).Extract(read);
            var corrected = review.Fields
                .Select(f => (Name: ExtractionResults.ReaderHeaderName(f.Key), f.Value))
                .Where(f => f.Name is not null)
                .ToDictionary(f => f.Name!, f => f.Value);
            var seller = corrected.GetValueOrDefault(FieldNames.Seller) ?? extracted.Field(FieldNames.Seller)?.Value;
            if (string.IsNullOrWhiteSpace(seller))
            {
                return null;
            }

            var existing = await templates.FindAsync(review.CompanyId, seller, ct);
            var template = TemplateLearner.Learn(read, extracted, corrected, existing);
            if (template.Hints.Count == 0 || string.IsNullOrWhiteSpace(template.Supplier))
            {
                return null;
            }

            await templates.SaveAsync(review.CompanyId, template, clock.GetUtcNow(), ct);
            return template;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
