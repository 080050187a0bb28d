namespace WellWon.Documents.Reading.Ocr;

/// <summary>How scans are read: tesseract's languages and page segmentation, the render resolution and the time allowed per page.</summary>
public sealed record OcrOptions
{
    public string Languages { get; init; } = "rus+eng";

    /// <summary>
    /// 4 (one column of lines of varying size) measured best on the corpus: it keeps a row's cells on one line like 6 does,
    /// and still reads tables drawn in a full grid, which 6 mostly drops (./wellwon bench --only documents compares 3, 4 and 6).
    /// </summary>
    public int PageSegmentation { get; init; } = 4;

    /// <summary>The resolution a PDF without text is rendered at, and the one assumed for images that do not say theirs.</summary>
    public int Dpi { get; init; } = 300;


    public TimeSpan TimeoutPerPage { get; init; } = TimeSpan.FromSeconds(120);

    public string Tesseract { get; init; } = "tesseract";

    public string Pdftoppm { get; init; } = "pdftoppm";

    /// <summary>
    /// Straighten a skewed scan: the page image before OCR (<see cref="ScanPreprocessing"/>), then the word boxes, whose
    /// remaining tilt is estimated from the slope of its text lines.
    /// </summary>
    public bool Deskew { get; init; } = true;
}
