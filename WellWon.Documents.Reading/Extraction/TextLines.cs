using WellWon.Documents.Reading.Pages;

namespace WellWon.Documents.Reading.Extraction;

/// <summary>A line of words on a page, left to right.</summary>
public sealed record TextLine(int Page, int Index, IReadOnlyList<ReadWord> Words)
{
    public Box Box { get; } = Box.Of(Words.Select(w => w.Box));

    public double Height { get; } = Words.Select(w => w.Box.Height).Order().ElementAt(Words.Count / 2);

    public string Text => string.Join(' ', Words.Select(w => w.Text));

    /// <summary>Runs of words split where the gap is wider than a couple of characters: a label and its value stay together, columns part.</summary>
    public IReadOnlyList<IReadOnlyList<ReadWord>> Phrases(double gapFactor = 1.6)
    {
        var phrases = new List<IReadOnlyList<ReadWord>>();
        var current = new List<ReadWord>();
        foreach (var word in Words)
        {
            if (current.Count > 0 && word.Box.X - current[^1].Box.Right > Height * gapFactor)
            {
                phrases.Add(current);
                current = [];
            }

            current.Add(word);
        }

        if (current.Count > 0)
        {
            phrases.Add(current);
        }

        return phrases;
    }

    public static IReadOnlyList<TextLine> Of(ReadDocument document)
    {
        var lines = new List<TextLine>();
        foreach (var page in document.Pages)
        {
            // Table rules glued to a cell's text ("|pcs") are dropped; what is only rules or specks goes.
            // OCR may split one row into several lines (a skewed scan, cells far apart): after deskewing, lines are regrouped by height.
            var pageWords = document.Source == ReadSource.Ocr ? LineGrouping.AssignLines(page.Words) : page.Words;
            var words = pageWords.Select(w => w.Text.Contains('|', StringComparison.Ordinal) ? w with { Text = w.Text.Trim('|') } : w).Where(w => !IsNoise(w.Text));
            foreach (var group in words.GroupBy(w => w.Line).OrderBy(g => g.Average(w => w.Box.CenterY)))
            {
                lines.Add(new TextLine(page.Number, lines.Count, group.OrderBy(w => w.Box.X).ToList()));
            }
        }

        return lines;
    }

    // Table rules and specks that OCR reads as characters.
    private static bool IsNoise(string text) => text.All(c => c is '|' or '—' or '-' or '_' or '=' or '~' or '.' or ',' or '\'' or '`' or '[' or ']' or '(' or ')' or '‘' or '’' or '"' or '!' or 'ı' or '¦');
}

/// <summary>Matches labels ("Invoice No:", "Вес брутто") against words, forgiving case, punctuation and one OCR slip per longer word.</summary>
public static class LabelMatch
{
    public static string Key(string word)
    {
        var chars = word.ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is '№' or '#').ToArray();
        return Homoglyphs.ToCyrillicIfMixed(new string(chars));
    }

    public static bool WordMatches(string label, string word)
    {
        var (a, b) = (Key(label), Key(word));
        if (a.Length == 0)
        {
            return b.Length == 0 && word.Trim().Length > 0 && label.Trim() == word.Trim();
        }

        if (a == b)
        {
            return true;
        }

        // OCR with both alphabets loaded may read a whole Cyrillic word in Latin look-alikes ("Bpytto" for "Брутто").
        var (sa, sb) = (Homoglyphs.Skeleton(a), Homoglyphs.Skeleton(b));
        return sa == sb || a.Length >= 4 && Text.EditDistance(sa, sb) <= (a.Length >= 10 ? 2 : 1);
    }

    /// <summary>The number of words of <paramref name="words"/> from <paramref name="start"/> that spell the label, or 0.</summary>
    public static int MatchAt(IReadOnlyList<ReadWord> words, int start, string label)
    {
        var parts = label.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var i = start;
        foreach (var part in parts)
        {
            if (Key(part).Length == 0 && i < words.Count && Key(words[i].Text).Length > 0)
            {
                continue; // a label's lone punctuation ("№", "#") may be glued to the previous word or missing
            }

            // A label's words stand close together; a wide gap means the next column.
            if (i > start && i < words.Count && words[i].Box.X - words[i - 1].Box.Right > words[i].Box.Height * 1.6)
            {
                return 0;
            }

            if (i >= words.Count || !WordMatches(part, words[i].Text))
            {
                // "Инвойс №:" may come out as "Инвойс№:" in one word
                if (i < words.Count && i > start && Key(words[i - 1].Text).EndsWith(Key(part), StringComparison.Ordinal) && Key(part).Length > 0)
                {
                    continue;
                }

                return 0;
            }

            i++;
        }

        return i - start;
    }
}

/// <summary>Latin and Cyrillic letters that look alike, which OCR with both alphabets loaded swaps inside codes and words.</summary>
public static class Homoglyphs
{
    private const string Cyrillic = "АВЕКМНОРСТХУаеорсху";
    private const string Latin = "ABEKMHOPCTXYaeopcxy";

    /// <summary>Identifiers (invoice and contract numbers) are Latin: Cyrillic look-alikes inside them become Latin.</summary>
    public static string ToLatin(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var index = Cyrillic.IndexOf(chars[i], StringComparison.Ordinal);
            if (index >= 0)
            {
                chars[i] = Latin[index];
            }
        }

        return new string(chars);
    }

    private const string SkeletonFrom = "авекмнорстхуьb";
    private const string SkeletonTo = "abekmhopctxybb";

    /// <summary>A lower-case word with every Latin or Cyrillic letter that has a look-alike in the other alphabet written one way, to compare words across alphabets.</summary>
    public static string Skeleton(string lower)
    {
        var chars = lower.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var index = SkeletonFrom.IndexOf(chars[i], StringComparison.Ordinal);
            if (index >= 0)
            {
                chars[i] = SkeletonTo[index];
            }
        }

        return new string(chars);
    }

    /// <summary>Latin look-alikes become Cyrillic letters.</summary>
    public static string ToCyrillic(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var index = Latin.IndexOf(chars[i], StringComparison.Ordinal);
            if (index >= 0)
            {
                chars[i] = Cyrillic[index];
            }
        }

        return new string(chars);
    }

    /// <summary>A mostly Cyrillic word with Latin look-alikes inside ("Инвoйc") is read as Cyrillic.</summary>
    public static string ToCyrillicIfMixed(string text)
    {
        var cyrillic = text.Count(c => c is >= 'а' and <= 'я' or 'ё');
        if (cyrillic == 0 || cyrillic == text.Length)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var index = Latin.IndexOf(chars[i], StringComparison.Ordinal);
            if (index >= 0)
            {
                chars[i] = char.ToLowerInvariant(Cyrillic[index]);
            }
        }

        return new string(chars);
    }
}
