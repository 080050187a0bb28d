using System.Globalization;
using System.Text;
using WellWon.Documents.Reading.Corpus;
using WellWon.Documents.Reading.Extraction;

namespace WellWon.Documents.Reading.Accuracy;

/// <summary>How one document was read in one variant (pdf-text, clean image, degraded image), field by field against its ground truth.</summary>
public sealed record DocumentScore(string Id, DocumentKind Kind, string Variant, int Expected, int Extracted, int Right, IReadOnlyList<(string Field, string Expected, string? Actual)> Misses);

/// <summary>
/// Field-level precision (right / extracted), recall (right / expected) and "exact right" (documents with every field right),
/// per document kind and variant, and per field; printed as a markdown table.
/// </summary>
public sealed class AccuracyReport
{
    private readonly List<DocumentScore> _scores = [];
    private readonly Dictionary<(string Variant, string Field), (int Expected, int Extracted, int Right)> _fields = [];

    public IReadOnlyList<DocumentScore> Scores => _scores;

    public DocumentScore Add(DocumentTruth truth, ExtractedDocument extracted, string id, string variant)
    {
        var expected = truth.Flatten();
        var actual = extracted.Flatten();
        var misses = new List<(string, string, string?)>();
        var right = 0;
        foreach (var (field, value) in expected)
        {
            var got = actual.GetValueOrDefault(field);
            var ok = ExtractedDocument.Same(field, value, got);
            right += ok ? 1 : 0;
            if (!ok)
            {
                misses.Add((field, value, got));
            }

            var name = $"{truth.Kind} {FieldName(field)}";
            var (e, x, r) = _fields.GetValueOrDefault((variant, name));
            _fields[(variant, name)] = (e + 1, x + (got is null ? 0 : 1), r + (ok ? 1 : 0));
        }

        var extractedCount = actual.Keys.Count(expected.ContainsKey) + actual.Keys.Count(k => !expected.ContainsKey(k));
        var score = new DocumentScore(id, truth.Kind, variant, expected.Count, extractedCount, right, misses);
        _scores.Add(score);
        return score;
    }

    private static string FieldName(string field) => field.StartsWith("line[", StringComparison.Ordinal) ? "line." + field[(field.IndexOf('.') + 1)..] : field;

    public static string Percent(double value) => double.IsFinite(value) ? (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";

    public (double Precision, double Recall, double DocumentsExact) Totals(string variant, DocumentKind? kind = null)
    {
        var scores = _scores.Where(s => s.Variant == variant && (kind is null || s.Kind == kind)).ToList();
        return (
            (double)scores.Sum(s => s.Right) / scores.Sum(s => s.Extracted),
            (double)scores.Sum(s => s.Right) / scores.Sum(s => s.Expected),
            (double)scores.Count(s => s.Right == s.Expected) / scores.Count);
    }

    public IEnumerable<string> Variants => _scores.Select(s => s.Variant).Distinct();

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| kind | variant | documents | fields | precision | recall (fields right) | documents all right |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var variant in Variants)
        {
            foreach (var kind in _scores.Where(s => s.Variant == variant).Select(s => s.Kind).Distinct().Order())
            {
                var (p, r, exact) = Totals(variant, kind);
                var scores = _scores.Where(s => s.Variant == variant && s.Kind == kind).ToList();
                text.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {variant} | {scores.Count} | {scores.Sum(s => s.Expected)} | {Percent(p)} | {Percent(r)} | {Percent(exact)} |");
            }
        }

        text.AppendLine();
        var variants = Variants.ToList();
        text.AppendLine("| field | " + string.Join(" | ", variants.Select(v => $"{v} P / R")) + " |");
        text.AppendLine("|---|" + string.Concat(variants.Select(_ => "---|")));
        foreach (var field in _fields.Keys.Select(k => k.Field).Distinct().Order())
        {
            text.Append(CultureInfo.InvariantCulture, $"| {field} |");
            foreach (var variant in variants)
            {
                var (e, x, r) = _fields.GetValueOrDefault((variant, field));
                text.Append(CultureInfo.InvariantCulture, $" {(e == 0 ? "" : $"{Percent((double)r / x)} / {Percent((double)r / e)}")} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
