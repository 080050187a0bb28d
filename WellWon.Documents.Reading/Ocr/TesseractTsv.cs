using System.Globalization;
using WellWon.Documents.Reading.Pages;

namespace WellWon.Documents.Reading.Ocr;

/// <summary>
/// Parses tesseract's TSV output (level page_num block_num par_num line_num word_num left top width height conf text):
/// level 1 rows give the page size, level 5 rows the words; boxes are scaled from pixels at <paramref name="dpi"/> to points.
/// </summary>
public static class TesseractTsv
{
    public static IReadOnlyList<ReadPage> Parse(string tsv, double dpi, int firstPageNumber = 1)
    {
        var scale = 72.0 / dpi;
        var pages = new SortedDictionary<int, (double Width, double Height, List<ReadWord> Words, Dictionary<(int, int, int), int> Lines)>();
        (double, double, List<ReadWord>, Dictionary<(int, int, int), int>) Page(int number) =>
            pages.TryGetValue(number, out var page) ? page : pages[number] = (0, 0, [], []);

        foreach (var raw in tsv.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith("level", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Split('\t');
            if (cells.Length < 11 || !int.TryParse(cells[0], CultureInfo.InvariantCulture, out var level))
            {
                continue;
            }

            var pageNumber = Int(cells[1]);
            double left = Int(cells[6]), top = Int(cells[7]), width = Int(cells[8]), height = Int(cells[9]);
            if (level == 1)
            {
                var page = Page(pageNumber);
                pages[pageNumber] = (width * scale, height * scale, page.Item3, page.Item4);
                continue;
            }

            var text = cells.Length > 11 ? cells[11].Trim() : "";
            if (level != 5 || text.Length == 0)
            {
                continue;
            }

            var (_, _, words, lines) = Page(pageNumber);
            var block = Int(cells[2]);
            var key = (block, Int(cells[3]), Int(cells[4]));
            if (!lines.TryGetValue(key, out var lineId))
            {
                lines[key] = lineId = lines.Count + 1;
            }

            var confidence = double.TryParse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? Math.Clamp(c / 100, 0, 1) : 0;
            words.Add(new ReadWord(text, new Box(left * scale, top * scale, width * scale, height * scale), confidence, block, lineId));
        }

        return pages.Select(p => new ReadPage(p.Key - 1 + firstPageNumber, p.Value.Width, p.Value.Height, p.Value.Words)).ToList();
    }

    private static int Int(string cell) => int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
