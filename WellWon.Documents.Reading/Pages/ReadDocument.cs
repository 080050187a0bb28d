namespace WellWon.Documents.Reading.Pages;

/// <summary>
/// A rectangle in PDF points (1/72 inch) measured from the page's top-left corner, whatever the source:
/// OCR pixels are scaled by 72 / dpi so extraction sees one unit for text-layer PDFs and scans alike.
/// </summary>
public readonly record struct Box(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;

    public double Bottom => Y + Height;

    public double CenterX => X + Width / 2;

    public double CenterY => Y + Height / 2;

    public Box Union(Box other)
    {
        var x = Math.Min(X, other.X);
        var y = Math.Min(Y, other.Y);
        return new Box(x, y, Math.Max(Right, other.Right) - x, Math.Max(Bottom, other.Bottom) - y);
    }

    public static Box Of(IEnumerable<Box> boxes) => boxes.Aggregate((a, b) => a.Union(b));
}

/// <summary>One word as read, with its box, the reader's confidence (0..1; 1 for a text layer) and the ids of its block and line on the page.</summary>
public sealed record ReadWord(string Text, Box Box, double Confidence, int Block, int Line);

/// <summary>One page: its size in points and its words in reading order.</summary>
public sealed record ReadPage(int Number, double Width, double Height, IReadOnlyList<ReadWord> Words);

public enum ReadSource
{
    /// <summary>Words taken from the PDF's own text layer.</summary>
    TextLayer,

    /// <summary>Words recognised by OCR from page images.</summary>
    Ocr,
}

public sealed record ReadDocument(IReadOnlyList<ReadPage> Pages, ReadSource Source)
{
    public IEnumerable<ReadWord> Words => Pages.SelectMany(p => p.Words);
}

/// <summary>Reported once per page while a document is read ("reading page 2 of 5").</summary>
public sealed record ReadProgress(int Page, int Pages)
{
    public override string ToString() => $"reading page {Page} of {Pages}";
}
