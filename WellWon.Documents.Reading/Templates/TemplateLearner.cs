using System.Text;
using System.Text.RegularExpressions;
using WellWon.Documents.Reading.Extraction;
using WellWon.Documents.Reading.Pages;

namespace WellWon.Documents.Reading.Templates;

/// <summary>
/// Learns a supplier template from a user's corrections: for each header field the extractor got wrong, it finds the
/// corrected value on the page, takes the words before it (or the text above it) as the field's label and the value's
/// shape as its pattern; the supplier's name identifies the layout next time.
/// </summary>
public static class TemplateLearner
{
    public static SupplierTemplate Learn(ReadDocument document, ExtractedDocument extracted, IReadOnlyDictionary<string, string> corrected, SupplierTemplate? existing = null)
    {
        var lines = TextLine.Of(document);
        var hints = (existing?.Hints ?? []).ToDictionary(h => h.Field);
        foreach (var (field, value) in corrected)
        {
            if (field.StartsWith("line[", StringComparison.Ordinal) || ExtractedDocument.Same(field, value, extracted.Field(field)?.Value))
            {
                continue;
            }

            if (Hint(lines, field, value) is { } hint)
            {
                hints[field] = hint;
            }
        }

        var seller = corrected.GetValueOrDefault(FieldNames.Seller) ?? extracted.Field(FieldNames.Seller)?.Value;
        var keywords = seller is null ? existing?.Keywords ?? [] : [seller];
        return new SupplierTemplate(seller ?? existing?.Supplier ?? "", keywords, hints.Values.ToList());
    }

    private static FieldHint? Hint(IReadOnlyList<TextLine> lines, string field, string value)
    {
        foreach (var line in lines)
        {
            for (var start = 0; start < line.Words.Count; start++)
            {
                for (var count = 1; count <= Math.Min(8, line.Words.Count - start); count++)
                {
                    var span = string.Join(' ', line.Words.Skip(start).Take(count).Select(w => w.Text));
                    if (!Says(field, span, value))
                    {
                        continue;
                    }

                    var pattern = field is FieldNames.Number or FieldNames.Contract ? Shape(value) : null;
                    var phrases = line.Phrases();
                    var before = line.Words.Take(start).ToList();
                    var phrase = phrases.First(p => p.Contains(line.Words[start]));
                    var labelWords = phrase[0] != line.Words[start]
                        ? phrase.TakeWhile(w => w != line.Words[start]).ToList()
                        : phrases.TakeWhile(p => p != phrase).LastOrDefault()?.ToList() ?? [];
                    if (labelWords.Count > 0 && before.Count > 0)
                    {
                        return new FieldHint(field, Label(labelWords.TakeLast(4)), Placement.RightOf, pattern);
                    }

                    var above = lines.Where(l => l.Page == line.Page && l.Box.Bottom <= line.Box.Y + 1).OrderByDescending(l => l.Box.Y).FirstOrDefault();
                    var labelAbove = above?.Phrases().OrderBy(p => Math.Abs(p[0].Box.X - line.Words[start].Box.X)).FirstOrDefault();
                    return labelAbove is null ? null : new FieldHint(field, Label(labelAbove.Take(4)), Placement.Below, pattern);
                }
            }
        }

        return null;
    }

    private static string Label(IEnumerable<ReadWord> words) => string.Join(' ', words.Select(w => w.Text));

    private static bool Says(string field, string span, string value) => field switch
    {
        FieldNames.Number or FieldNames.Contract => Homoglyphs.ToLatin(span.Trim(':', ',', ';', '.', '№', '#')) == value,
        FieldNames.Date => Dates.Parse(span)?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) == value && span.Any(char.IsDigit),
        FieldNames.Currency => span.Length <= 12 && Currencies.Normalize(span) == value,
        FieldNames.Seller or FieldNames.Buyer or FieldNames.IncotermsPlace => Text.Canonical(span) == Text.Canonical(value),
        _ => Numbers.Parse(span) is { } n && Numbers.Canonical(n) == value,
    };

    // "LF-2025-0412" → ^[A-Z]{2}-\d{4}-\d{4}$: the next invoice's number has the same shape.
    private static string Shape(string value)
    {
        var pattern = new StringBuilder("^");
        foreach (var run in Regex.Matches(value, @"[A-Za-z]+|\d+|[^A-Za-z\d]+").Select(m => m.Value))
        {
            pattern.Append(char.IsDigit(run[0]) ? $@"\d{{{run.Length}}}" : char.IsLetter(run[0]) ? $"[A-Za-z]{{{run.Length}}}" : Regex.Escape(run));
        }

        return pattern.Append('$').ToString();
    }
}
