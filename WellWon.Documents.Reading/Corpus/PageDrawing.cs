using SkiaSharp;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace WellWon.Documents.Reading.Corpus;

/// <summary>
/// One A4 page as a list of text runs and rules in points from the top-left corner, drawn the same way into a PDF with a
/// text layer (PdfPig, embedded DejaVu) and into page images (SkiaSharp), so every variant of a document shows the same page.
/// </summary>
public sealed class PageDrawing(Fonts fonts)
{
    public const double Width = 595.28;
    public const double Height = 841.89;

    private readonly List<(double X, double Baseline, double Size, string Text, bool Bold)> _texts = [];
    private readonly List<(double X1, double Y1, double X2, double Y2, double Thickness)> _rules = [];

    public Fonts Fonts => fonts;

    /// <summary>Text whose left edge is at <paramref name="x"/> and whose baseline is at <paramref name="baseline"/>.</summary>
    public void Text(double x, double baseline, string text, double size = 9, bool bold = false) =>
        _texts.Add((x, baseline, size, text, bold));

    public void RightText(double right, double baseline, string text, double size = 9, bool bold = false) =>
        Text(right - fonts.Measure(text, size, bold), baseline, text, size, bold);

    public void CenterText(double center, double baseline, string text, double size = 9, bool bold = false) =>
        Text(center - fonts.Measure(text, size, bold) / 2, baseline, text, size, bold);

    public void Rule(double x1, double y1, double x2, double y2, double thickness = 0.6) => _rules.Add((x1, y1, x2, y2, thickness));

    public static byte[] ToPdf(IReadOnlyList<PageDrawing> pages, Fonts fonts)
    {
        using var builder = new PdfDocumentBuilder();
        var regular = builder.AddTrueTypeFont(fonts.RegularBytes);
        var bold = builder.AddTrueTypeFont(fonts.BoldBytes);
        foreach (var drawing in pages)
        {
            var page = builder.AddPage(Width, Height);
            foreach (var (x1, y1, x2, y2, thickness) in drawing._rules)
            {
                page.DrawLine(new PdfPoint(x1, Height - y1), new PdfPoint(x2, Height - y2), thickness);
            }

            foreach (var (x, baseline, size, text, isBold) in drawing._texts)
            {
                page.AddText(text, size, new PdfPoint(x, Height - baseline), isBold ? bold : regular);
            }
        }

        return builder.Build();
    }

    /// <summary>Renders the page on white at <paramref name="dpi"/>.</summary>
    public SKBitmap ToBitmap(double dpi)
    {
        var scale = (float)(dpi / 72);
        var bitmap = new SKBitmap((int)Math.Round(Width * scale), (int)Math.Round(Height * scale), SKColorType.Gray8, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        foreach (var (x1, y1, x2, y2, thickness) in _rules)
        {
            paint.StrokeWidth = (float)thickness * scale;
            canvas.DrawLine((float)x1 * scale, (float)y1 * scale, (float)x2 * scale, (float)y2 * scale, paint);
        }

        foreach (var (x, baseline, size, text, bold) in _texts)
        {
            using var font = fonts.Font(size * scale, bold);
            canvas.DrawText(text, (float)x * scale, (float)baseline * scale, SKTextAlign.Left, font, paint);
        }

        return bitmap;
    }
}

/// <summary>DejaVu Sans (regular and bold), which has the Cyrillic glyphs the Russian documents need.</summary>
public sealed class Fonts : IDisposable
{
    public const string Directory = "/usr/share/fonts/truetype/dejavu";

    private readonly SKTypeface _regular;
    private readonly SKTypeface _bold;

    public Fonts(string directory = Directory)
    {
        var regular = Path.Combine(directory, "DejaVuSans.ttf");
        var bold = Path.Combine(directory, "DejaVuSans-Bold.ttf");
        if (!File.Exists(regular) || !File.Exists(bold))
        {
            throw new FileNotFoundException(
                $"The corpus is set in DejaVu Sans and {regular} or {bold} is missing: install the Debian package fonts-dejavu-core (./wellwon test installs it).");
        }

        RegularBytes = File.ReadAllBytes(regular);
        BoldBytes = File.ReadAllBytes(bold);
        _regular = SKTypeface.FromFile(regular);
        _bold = SKTypeface.FromFile(bold);
    }

    public byte[] RegularBytes { get; }

    public byte[] BoldBytes { get; }

    public SKFont Font(double size, bool bold) => new(bold ? _bold : _regular, (float)size) { Subpixel = true, Edging = SKFontEdging.Antialias };

    public double Measure(string text, double size, bool bold)
    {
        using var font = Font(size, bold);
        return font.MeasureText(text);
    }

    public void Dispose()
    {
        _regular.Dispose();
        _bold.Dispose();
    }
}
