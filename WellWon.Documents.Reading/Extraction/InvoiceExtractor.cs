using System.Text.RegularExpressions;
using WellWon.Documents.Reading.Pages;
using WellWon.Documents.Reading.Templates;

namespace WellWon.Documents.Reading.Extraction;

/// <summary>
/// Reads a commercial invoice or packing list with rules and layout heuristics (invoice2data's approach): labels in English
/// and Russian find header values beside or below them, the goods table is read by its column headers, every value is
/// normalised; a matching supplier template, learned from a user's corrections, then reads the fields it knows its own way.
/// </summary>
public sealed class InvoiceExtractor(IReadOnlyList<SupplierTemplate>? templates = null)
{
    private sealed record LabelHit(string Field, TextLine Line, int Start, int Length);

    public ExtractedDocument Extract(ReadDocument document)
    {
        var lines = TextLine.Of(document);
        var separator = Numbers.GuessDecimalSeparator(document.Words.Select(w => w.Text));
        var hits = FindLabels(lines);
        var labelLines = hits.Where(h => h.Field is FieldNames.TotalAmount or FieldNames.PackagesCount or FieldNames.GrossWeight or FieldNames.NetWeight)
            .Select(h => h.Line.Index).ToHashSet();
        var table = LineItemTable.Read(lines, separator, l => labelLines.Contains(l.Index));
        var kind = Kind(lines, table);
        var reader = new FieldReader(lines, separator);

        var fields = new Dictionary<string, ExtractedField>();
        foreach (var hit in hits.Where(h => table is null || h.Line.Index < table.HeaderLine || h.Line.Index > table.LastLine))
        {
            if (fields.ContainsKey(hit.Field) && hit.Field != FieldNames.Incoterms)
            {
                continue;
            }

            foreach (var field in reader.Read(hit.Field, hit.Line, hit.Start, hit.Length, Labels.ValueBelow.Contains(hit.Field) ? Placement.Below : Placement.RightOf))
            {
                fields.TryAdd(field.Name, field);
            }
        }

        var rows = table?.Rows ?? [];
        Complete(fields, rows, lines, kind);

        var template = templates?.FirstOrDefault(t => t.Matches(lines));
        if (template is not null)
        {
            foreach (var hint in template.Hints)
            {
                var found = reader.ReadWithHint(hint);
                if (found is not null)
                {
                    fields[hint.Field] = found;
                }
            }
        }

        var wanted = kind == DocumentKind.PackingList ? FieldNames.PackingHeader : FieldNames.InvoiceHeader;
        return new ExtractedDocument(kind, wanted.Where(fields.ContainsKey).Select(f => fields[f]).ToList(), rows);
    }

    private static List<LabelHit> FindLabels(IReadOnlyList<TextLine> lines)
    {
        var hits = new List<LabelHit>();
        foreach (var line in lines)
        {
            for (var i = 0; i < line.Words.Count;)
            {
                var best = (Field: "", Length: 0);
                foreach (var (field, labels) in Labels.Header)
                {
                    foreach (var label in labels)
                    {
                        // A one-word label ("Date", "Total") must end in a colon or stand first in its phrase, or words like "Total" inside a value would count.
                        var n = LabelMatch.MatchAt(line.Words, i, label.TrimEnd(':'));
                        if (n > best.Length && (!label.EndsWith(':') || line.Words[i + n - 1].Text.EndsWith(':')) && (n > 1 || StandsAlone(line, i, label)))
                        {
                            best = (field, n);
                        }
                    }
                }

                if (best.Length > 0)
                {
                    hits.Add(new LabelHit(best.Field, line, i, best.Length));
                    i += best.Length;
                }
                else
                {
                    i++;
                }
            }
        }

        return hits;
    }

    private static bool StandsAlone(TextLine line, int i, string label) =>
        line.Words[i].Text.EndsWith(':') || i == 0 || line.Words[i].Box.X - line.Words[i - 1].Box.Right > line.Height * 1.6;

    private static DocumentKind Kind(IReadOnlyList<TextLine> lines, LineItemTable.Table? table)
    {
        if (table is not null)
        {
            var keys = table.Columns.Select(c => c.Key).ToHashSet();
            if (keys.Contains(FieldNames.UnitPrice) || keys.Contains(FieldNames.Amount))
            {
                return DocumentKind.CommercialInvoice;
            }

            if (keys.Contains(FieldNames.Packages) || keys.Contains(FieldNames.NetWeight))
            {
                return DocumentKind.PackingList;
            }
        }

        bool Has(string[] titles) => lines.Any(l => titles.Any(t => Enumerable.Range(0, l.Words.Count).Any(i => LabelMatch.MatchAt(l.Words, i, t) > 0)));
        return Has(Labels.PackingListTitles) ? DocumentKind.PackingList : Has(Labels.InvoiceTitles) ? DocumentKind.CommercialInvoice : DocumentKind.Unknown;
    }

    // Fields no label gave: the total as the sum of the lines, Incoterms and currency from anywhere on the page.
    private static void Complete(Dictionary<string, ExtractedField> fields, IReadOnlyList<IReadOnlyList<ExtractedField>> rows, IReadOnlyList<TextLine> lines, DocumentKind kind)
    {
        if (kind != DocumentKind.PackingList && !fields.ContainsKey(FieldNames.TotalAmount) && rows.Count > 0 && rows.All(r => r.Any(f => f.Name == FieldNames.Amount)))
        {
            var sum = rows.Sum(r => decimal.Parse(r.First(f => f.Name == FieldNames.Amount).Value, System.Globalization.CultureInfo.InvariantCulture));
            fields[FieldNames.TotalAmount] = new ExtractedField(FieldNames.TotalAmount, Numbers.Canonical(sum), 0.4, rows[0][0].Page, rows[^1][0].Box);
        }

        if (!fields.ContainsKey(FieldNames.Incoterms))
        {
            foreach (var line in lines)
            {
                var words = line.Words;
                var at = words.ToList().FindIndex(w => Labels.Incoterms.Contains(Homoglyphs.ToLatin(w.Text).ToUpperInvariant()));
                if (at >= 0 && at + 1 < words.Count)
                {
                    fields[FieldNames.Incoterms] = new ExtractedField(FieldNames.Incoterms, Homoglyphs.ToLatin(words[at].Text).ToUpperInvariant(), 0.5, line.Page, words[at].Box);
                    fields.TryAdd(FieldNames.IncotermsPlace, new ExtractedField(FieldNames.IncotermsPlace, words[at + 1].Text.Trim(',', '.'), 0.4, line.Page, words[at + 1].Box));
                    break;
                }
            }
        }
    }
}

public enum Placement
{
    /// <summary>The value follows the label on its line.</summary>
    RightOf,

    /// <summary>The value is the text under the label, starting near its left edge.</summary>
    Below,
}

/// <summary>Reads and normalises the value of one field from beside or below its label.</summary>
internal sealed partial class FieldReader(IReadOnlyList<TextLine> lines, char? separator)
{
    public ExtractedField? ReadWithHint(FieldHint hint)
    {
        foreach (var line in lines)
        {
            for (var i = 0; i < line.Words.Count; i++)
            {
                var n = LabelMatch.MatchAt(line.Words, i, hint.Label);
                if (n > 0)
                {
                    var field = Read(hint.Field, line, i, n, hint.Placement).FirstOrDefault(f => f.Name == hint.Field);
                    if (field is not null && (hint.Pattern is null || Regex.IsMatch(field.Value, hint.Pattern)))
                    {
                        return field with { Confidence = Math.Min(1, field.Confidence + 0.1) };
                    }
                }
            }
        }

        return null;
    }

    public IEnumerable<ExtractedField> Read(string field, TextLine line, int start, int length, Placement placement)
    {
        var words = placement == Placement.Below ? Below(line, start, length) : RightOf(line, start, length);
        if (words.Count == 0)
        {
            yield break;
        }

        var text = string.Join(' ', words.Select(w => w.Text)).Trim();
        var confidence = words.Average(w => w.Confidence);
        var box = Box.Of(words.Select(w => w.Box));
        ExtractedField Make(string name, string value, double c = 1) => new(name, value, confidence * c, line.Page, box);
        switch (field)
        {
            case FieldNames.Seller or FieldNames.Buyer:
                yield return Make(field, Parties.RepairLegalForm(text.Trim(':', ' ')));
                break;
            case FieldNames.Number or FieldNames.Contract:
                var id = words.FirstOrDefault(w => w.Text.Any(char.IsDigit));
                if (id is not null)
                {
                    yield return new ExtractedField(field, Homoglyphs.ToLatin(id.Text.Trim(':', ',', ';', '.', '№', '#')), id.Confidence, line.Page, id.Box);
                }

                break;
            case FieldNames.Date:
                if (Dates.Parse(text) is { } date)
                {
                    yield return Make(field, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                }

                break;
            case FieldNames.Currency:
                if ((Currencies.Normalize(text) ?? Currencies.Normalize(Homoglyphs.ToLatin(text)) ?? FuzzyCurrency(Homoglyphs.ToLatin(words[0].Text))) is { } currency)
                {
                    yield return Make(field, currency);
                }

                break;
            case FieldNames.Incoterms:
                for (var i = 0; i < words.Count; i++)
                {
                    var term = Homoglyphs.ToLatin(words[i].Text).Trim(',', ':').ToUpperInvariant();
                    if (Labels.Incoterms.Contains(term))
                    {
                        yield return new ExtractedField(FieldNames.Incoterms, term, words[i].Confidence, line.Page, words[i].Box);
                        var place = words.Skip(i + 1).ToList();
                        if (place.Count > 0)
                        {
                            yield return new ExtractedField(FieldNames.IncotermsPlace, string.Join(' ', place.Select(w => w.Text)).Trim(',', '.'), place.Average(w => w.Confidence), line.Page, Box.Of(place.Select(w => w.Box)));
                        }

                        break;
                    }
                }

                break;
            case FieldNames.PackagesCount:
                var count = words.FindIndex(w => Numbers.Parse(w.Text) is not null);
                if (count >= 0)
                {
                    yield return Make(FieldNames.PackagesCount, Numbers.Canonical(Numbers.Parse(words[count].Text)!.Value));
                    if (words.Skip(count + 1).Select(w => Units.NormalizePackageKind(w.Text.Trim('(', ')'))).FirstOrDefault(k => k is not null) is { } kind)
                    {
                        yield return Make(FieldNames.PackagesKind, kind);
                    }
                }

                break;
            default:
                if (Numbers.Parse(text, separator) is { } number)
                {
                    yield return Make(field, Numbers.Canonical(number));
                }

                break;
        }
    }

    private static string? FuzzyCurrency(string word)
    {
        var w = word.Trim(':', ',', '.').ToUpperInvariant();
        string[] codes = ["USD", "EUR", "CNY", "RUB", "TRY"];
        return w.Length == 3 ? codes.FirstOrDefault(c => Text.EditDistance(c, w) <= 1) : null;
    }

    // The rest of the label's phrase, or the next phrase on its line when the label stands alone.
    private static List<ReadWord> RightOf(TextLine line, int start, int length)
    {
        var after = start + length;
        var phrases = line.Phrases();
        var words = new List<ReadWord>();
        var labelEnd = line.Words[after - 1];
        var phraseOfLabel = phrases.First(p => p.Contains(labelEnd));
        words.AddRange(phraseOfLabel.SkipWhile(w => w != labelEnd).Skip(1));
        if (words.Count == 0)
        {
            var next = phrases.SkipWhile(p => p != phraseOfLabel).Skip(1).FirstOrDefault();
            if (next is not null && next[0].Box.X - labelEnd.Box.Right < 250)
            {
                words.AddRange(next);
            }
        }

        return StopAtNextLabel(words);
    }

    // The phrase on the next line or two that starts nearest the label's left edge.
    private List<ReadWord> Below(TextLine line, int start, int length)
    {
        var rest = RightOf(line, start, length);
        var label = line.Words[start];
        if (rest.Count > 0 && rest[0].Box.X - line.Words[start + length - 1].Box.Right < line.Height * 1.6)
        {
            return rest;
        }

        foreach (var next in lines.Where(l => l.Page == line.Page && l.Box.Y > line.Box.CenterY).OrderBy(l => l.Box.Y).Take(2))
        {
            var phrase = next.Phrases(2.2)
                .Where(p => Math.Abs(p[0].Box.X - label.Box.X) < line.Height * 3)
                .OrderBy(p => Math.Abs(p[0].Box.X - label.Box.X))
                .FirstOrDefault();
            if (phrase is not null)
            {
                return phrase.ToList();
            }
        }

        return [];
    }

    private static List<ReadWord> StopAtNextLabel(List<ReadWord> words)
    {
        for (var i = 1; i < words.Count; i++)
        {
            if (words[i].Text.EndsWith(':') && words[i].Text.Length > 2 && !words[i].Text.Any(char.IsDigit))
            {
                return words.Take(i).ToList();
            }
        }

        return words;
    }
}

/// <summary>Company names as OCR misreads them in ways every Russian document shares.</summary>
internal static class Parties
{
    private static readonly string[] LegalForms = ["ООО", "ОАО", "ЗАО", "ПАО", "АО", "ИП"];

    /// <summary>"000 «Вектор»": zeros for the letter О in a Russian legal form before a quoted name.</summary>
    public static string RepairLegalForm(string name)
    {
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !name[(space + 1)..].StartsWith('«'))
        {
            return name;
        }

        var form = Homoglyphs.ToCyrillic(name[..space].Replace('0', 'О'));
        return LegalForms.Contains(form) ? form + name[space..] : name;
    }
}
