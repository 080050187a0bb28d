using WellWon.Documents.Reading.Pages;

namespace WellWon.Documents.Reading.Extraction;

/// <summary>
/// Reads the goods table: the header line is the one naming the most known columns; each column runs from its header's
/// left edge to the next one's, and every later line's words fall into the column holding their centre, until a totals line.
/// </summary>
public static class LineItemTable
{
    public sealed record Column(string Key, double X);

    public sealed record Table(int HeaderLine, int LastLine, IReadOnlyList<Column> Columns, IReadOnlyList<IReadOnlyList<ExtractedField>> Rows);

    private static readonly string[] Numeric = [FieldNames.Quantity, FieldNames.UnitPrice, FieldNames.Amount, FieldNames.Packages, FieldNames.NetWeight, FieldNames.GrossWeight];

    public static Table? Read(IReadOnlyList<TextLine> lines, char? decimalSeparator, Func<TextLine, bool> isLabelLine)
    {
        var best = (Line: -1, Columns: (IReadOnlyList<Column>)[]);
        foreach (var line in lines)
        {
            var columns = HeaderColumns(line);
            if (columns.Select(c => c.Key).Distinct().Count() > best.Columns.Count)
            {
                best = (line.Index, columns);
            }
        }

        if (best.Columns.Count(c => c.Key != "position") < 3)
        {
            return null;
        }

        var header = lines[best.Line];
        best.Columns = WithUnreadHeader(header, best.Columns);
        var rows = new List<IReadOnlyList<ExtractedField>>();
        var last = best.Line;
        var rowPitch = header.Height * 2;
        var previousBottom = header.Box.Bottom;
        for (var index = best.Line + 1; index < lines.Count; index++)
        {
            var line = lines[index];
            if (line.Page != header.Page || line.Box.Y - previousBottom > rowPitch * 2.5 || isLabelLine(line))
            {
                break;
            }

            var cells = Cells(best.Columns, line, header.Height);
            var numbers = Numeric.Count(key => cells.TryGetValue(key, out var words) && Numbers.Parse(Join(words), decimalSeparator) is not null);
            if (numbers == 0 && rows.Count > 0 && cells.Keys.All(k => k == FieldNames.Description))
            {
                // A description wrapped onto a second line.
                var previous = rows[^1].ToList();
                var description = previous.FindIndex(f => f.Name == FieldNames.Description);
                if (description >= 0)
                {
                    var words = cells[FieldNames.Description];
                    previous[description] = previous[description] with
                    {
                        Value = previous[description].Value + " " + Join(words),
                        Box = previous[description].Box.Union(Box.Of(words.Select(w => w.Box))),
                    };
                    rows[^1] = previous;
                }

                last = index;
                previousBottom = line.Box.Bottom;
                continue;
            }

            if (numbers < 2)
            {
                break;
            }

            rows.Add(Row(cells, line.Page, decimalSeparator));
            rowPitch = Math.Max(line.Box.Bottom - previousBottom, header.Height);
            previousBottom = line.Box.Bottom;
            last = index;
        }

        return rows.Count == 0 ? null : new Table(best.Line, last, best.Columns, rows);
    }

    // The columns a goods table of each kind has; a header naming all of them but one, beside one heading no label knows
    // ("Ea." for "Ед.", "6гоз$ kg" for "Gross kg"), has that column there, as a person reading the table would conclude.
    private static readonly string[][] KindColumns =
    [
        [FieldNames.Description, FieldNames.Quantity, FieldNames.Unit, FieldNames.Packages, FieldNames.NetWeight, FieldNames.GrossWeight],
        [FieldNames.Description, FieldNames.Quantity, FieldNames.Unit, FieldNames.UnitPrice, FieldNames.Amount, FieldNames.HsCode, FieldNames.Origin],
    ];

    private static IReadOnlyList<Column> WithUnreadHeader(TextLine header, IReadOnlyList<Column> columns)
    {
        var keys = columns.Select(c => c.Key).ToHashSet();
        var kind = KindColumns.OrderByDescending(k => k.Count(keys.Contains)).First();
        var missing = kind.Where(k => !keys.Contains(k)).ToList();
        if (missing.Count != 1)
        {
            return columns;
        }

        var read = new HashSet<ReadWord>();
        HeaderColumns(header, read);
        var unread = header.Phrases()
            .Select(p => p.Where(w => w.Text.Any(char.IsLetterOrDigit)).ToList())
            .Where(p => p.Count > 0 && p.All(w => !read.Contains(w)))
            .ToList();
        if (unread.Count != 1)
        {
            return columns;
        }

        var x = unread[0][0].Box.X;
        return [.. columns.Append(new Column(missing[0], x)).OrderBy(c => c.X)];
    }

    public static IReadOnlyList<Column> HeaderColumns(TextLine line) => HeaderColumns(line, null);

    private static List<Column> HeaderColumns(TextLine line, HashSet<ReadWord>? read)
    {
        var columns = new List<Column>();
        var words = line.Words;
        for (var i = 0; i < words.Count;)
        {
            var (key, length) = (string.Empty, 0);
            foreach (var (column, labels) in Labels.Columns)
            {
                foreach (var label in labels)
                {
                    var n = LabelMatch.MatchAt(words, i, label);
                    if (n > length)
                    {
                        (key, length) = (column, n);
                    }
                }
            }

            if (length == 0)
            {
                i++;
                continue;
            }

            if (columns.All(c => c.Key != key))
            {
                columns.Add(new Column(key, words[i].Box.X));
            }

            for (var w = i; w < i + length && w < words.Count; w++)
            {
                read?.Add(words[w]);
            }

            i += length;
        }

        return columns;
    }

    private static Dictionary<string, List<ReadWord>> Cells(IReadOnlyList<Column> columns, TextLine line, double height)
    {
        var tolerance = height * 0.5;
        var cells = new Dictionary<string, List<ReadWord>>();
        foreach (var word in line.Words)
        {
            var column = columns.LastOrDefault(c => c.X - tolerance <= word.Box.CenterX) ?? columns[0];
            if (column.Key == "position")
            {
                continue;
            }

            if (!cells.TryGetValue(column.Key, out var words))
            {
                cells[column.Key] = words = [];
            }

            words.Add(word);
        }

        return cells;
    }

    private static List<ExtractedField> Row(Dictionary<string, List<ReadWord>> cells, int page, char? decimalSeparator)
    {
        var fields = new List<ExtractedField>();
        foreach (var (key, words) in cells)
        {
            var text = Join(words);
            string? value = key switch
            {
                FieldNames.Description => text.Trim(' ', '|'),
                FieldNames.HsCode => HsCodes.Normalize(text),
                FieldNames.Origin => Countries.Normalize(text) ?? Countries.Normalize(Homoglyphs.ToLatin(text)),
                FieldNames.Unit => Units.Normalize(text) ?? FuzzyUnit(text),
                _ => Numbers.Parse(text, decimalSeparator) is { } number ? Numbers.Canonical(number) : null,
            };
            if (value is not null)
            {
                fields.Add(new ExtractedField(key, value, words.Min(w => w.Confidence), page, Box.Of(words.Select(w => w.Box))));
            }
        }

        return Repair(fields);
    }

    // A line's quantity × price = amount: a missing one of the three is computed, with less confidence.
    private static List<ExtractedField> Repair(List<ExtractedField> fields)
    {
        decimal? Get(string name) => fields.FirstOrDefault(f => f.Name == name) is { } f ? decimal.Parse(f.Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        var (q, p, a) = (Get(FieldNames.Quantity), Get(FieldNames.UnitPrice), Get(FieldNames.Amount));
        if (q is { } quantity && p is { } price && a is null)
        {
            fields.Add(new ExtractedField(FieldNames.Amount, Numbers.Canonical(Math.Round(quantity * price, 2)), 0.5, fields[0].Page, fields[0].Box));
        }

        return fields;
    }

    private static string? FuzzyUnit(string text)
    {
        var latin = text.Trim().Trim('[', ']', '(', ')', '{', '}', '|', ',', '.', ';', '‘', '’', '\'', '"').ToLowerInvariant();
        return latin switch
        {
            "wt" or "ш" or "шг" or "llt" or "lut" or "wr" or "шт," => "PCE",
            _ => Units.Normalize(latin) ?? Units.NormalizeWithSlip(latin),
        };
    }

    private static string Join(IEnumerable<ReadWord> words) => string.Join(' ', words.Select(w => w.Text));
}
