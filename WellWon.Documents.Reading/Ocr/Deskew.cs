using WellWon.Documents.Reading.Pages;

namespace WellWon.Documents.Reading.Ocr;

/// <summary>
/// Straightens the word boxes of a slightly rotated scan: the skew is the median slope of its text lines' baselines,
/// and every word's centre is turned back around the page centre, so columns line up again for the table reader.
/// </summary>
public static class Deskew
{
    public static double EstimateAngle(ReadPage page)
    {
        var slopes = new List<double>();
        foreach (var line in page.Words.GroupBy(w => w.Line))
        {
            var words = line.ToList();
            if (words.Count < 3)
            {
                continue;
            }

            double meanX = words.Average(w => w.Box.CenterX), meanY = words.Average(w => w.Box.Bottom);
            double sxx = words.Sum(w => Math.Pow(w.Box.CenterX - meanX, 2)), sxy = words.Sum(w => (w.Box.CenterX - meanX) * (w.Box.Bottom - meanY));
            if (sxx > Math.Pow(page.Width / 6, 2))
            {
                slopes.Add(sxy / sxx);
            }
        }

        if (slopes.Count < 3)
        {
            return 0;
        }

        slopes.Sort();
        return Math.Atan(slopes[slopes.Count / 2]);
    }

    public static ReadPage Straighten(ReadPage page)
    {
        var angle = EstimateAngle(page);
        if (Math.Abs(angle) < 0.1 * Math.PI / 180)
        {
            return page;
        }

        double cos = Math.Cos(-angle), sin = Math.Sin(-angle), cx = page.Width / 2, cy = page.Height / 2;
        var words = page.Words.Select(w =>
        {
            double dx = w.Box.CenterX - cx, dy = w.Box.CenterY - cy;
            var x = cx + dx * cos - dy * sin;
            var y = cy + dx * sin + dy * cos;
            return w with { Box = new Box(x - w.Box.Width / 2, y - w.Box.Height / 2, w.Box.Width, w.Box.Height) };
        }).ToList();
        return page with { Words = words };
    }
}
