namespace WellWon.Documents.Reading.Pages;

/// <summary>Groups words into lines where the source gives none: words whose vertical centres sit within half a word height.</summary>
public static class LineGrouping
{
    public static IReadOnlyList<ReadWord> AssignLines(IEnumerable<ReadWord> words)
    {
        var result = new List<ReadWord>();
        var lineId = 0;
        var lines = new List<(double CenterY, double Height, List<ReadWord> Words)>();
        foreach (var word in words.OrderBy(w => w.Box.CenterY))
        {
            var line = lines.LastOrDefault();
            if (line.Words is null || Math.Abs(word.Box.CenterY - line.CenterY) > Math.Max(line.Height, word.Box.Height) * 0.5)
            {
                lines.Add((word.Box.CenterY, word.Box.Height, [word]));
            }
            else
            {
                line.Words.Add(word);
            }
        }

        foreach (var (_, _, lineWords) in lines)
        {
            lineId++;
            result.AddRange(lineWords.OrderBy(w => w.Box.X).Select(w => w with { Line = lineId }));
        }

        return result;
    }
}
