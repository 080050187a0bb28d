using SkiaSharp;
using WellWon.Documents.Reading.Extraction;

namespace WellWon.Documents.Reading.Corpus;

/// <summary>Which documents to make and in which forms.</summary>
public sealed record CorpusOptions
{
    public int Seed { get; init; } = 42;

    public int Documents { get; init; } = 24;

    public bool CleanImages { get; init; } = true;

    public bool DegradedImages { get; init; } = true;

    /// <summary>The resolution of the degraded scans (the clean ones are 300 dpi).</summary>
    public int DegradedDpi { get; init; } = 150;

    /// <summary>Only these suppliers (all of <see cref="CorpusData.Suppliers"/> when empty).</summary>
    public IReadOnlyList<Supplier> Suppliers { get; init; } = [];
}

/// <summary>One generated document: its ground truth and the files it was rendered to.</summary>
public sealed record CorpusDocument(string Id, DocumentTruth Truth, string PdfPath, string? CleanImagePath, string? DegradedImagePath, double DegradedAngle);

/// <summary>
/// Makes commercial invoices and packing lists in Russian and English over the supplier layouts, deterministically from a
/// seed: a PDF with a text layer, a clean 300 dpi PNG and a degraded 150 dpi JPEG of each, with its ground truth as JSON.
/// </summary>
public sealed class CorpusGenerator(Fonts fonts)
{
    public IReadOnlyList<CorpusDocument> Generate(string directory, CorpusOptions options)
    {
        Directory.CreateDirectory(directory);
        var suppliers = options.Suppliers.Count > 0 ? options.Suppliers : CorpusData.Suppliers;
        var documents = new List<CorpusDocument>();
        for (var i = 0; i < options.Documents; i++)
        {
            // Cycles through supplier, then language, then kind, so a small corpus still covers every combination it can.
            var supplier = suppliers[i % suppliers.Count];
            var language = (i / suppliers.Count) % 2 == 0 ? "en" : "ru";
            var kind = (i / (suppliers.Count * 2)) % 2 == 0 ? DocumentKind.CommercialInvoice : DocumentKind.PackingList;
            documents.Add(Generate(directory, $"{i:000}-{supplier.Layout}-{language}-{(kind == DocumentKind.CommercialInvoice ? "invoice" : "packing")}", supplier, language, kind, options, new Random(options.Seed * 7919 + i)));
        }

        return documents;
    }

    public CorpusDocument Generate(string directory, string id, Supplier supplier, string language, DocumentKind kind, CorpusOptions options, Random random)
    {
        var content = CorpusData.Invoice(random, supplier, language);
        var truth = SupplierLayouts.Truth(content, kind);
        var page = new PageDrawing(fonts);
        SupplierLayouts.Draw(page, content, kind);

        var pdfPath = Path.Combine(directory, id + ".pdf");
        File.WriteAllBytes(pdfPath, PageDrawing.ToPdf([page], fonts));
        File.WriteAllText(Path.Combine(directory, id + ".json"), truth.ToJson());

        string? cleanPath = null, degradedPath = null;
        var angle = 0.0;
        if (options.CleanImages)
        {
            using var clean = page.ToBitmap(300);
            cleanPath = Path.Combine(directory, id + ".png");
            File.WriteAllBytes(cleanPath, Degradation.Png(clean));
        }

        if (options.DegradedImages)
        {
            using SKBitmap low = page.ToBitmap(options.DegradedDpi);
            degradedPath = Path.Combine(directory, id + ".degraded.jpg");
            File.WriteAllBytes(degradedPath, Degradation.Degrade(low, random, out angle));
        }

        return new CorpusDocument(id, truth, pdfPath, cleanPath, degradedPath, angle);
    }
}
