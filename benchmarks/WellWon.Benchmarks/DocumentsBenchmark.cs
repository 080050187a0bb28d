using System.Diagnostics;
using WellWon.Documents.Reading;
using WellWon.Documents.Reading.Accuracy;
using WellWon.Documents.Reading.Corpus;
using WellWon.Documents.Reading.Extraction;
using WellWon.Documents.Reading.Ocr;
using WellWon.Documents.Reading.Pages;
using WellWon.Documents.Reading.Templates;

namespace WellWon.Benchmarks;

/// <summary>
/// Extraction accuracy on a generated corpus: every document read as its text-layer PDF, its clean 300 dpi scan and its
/// degraded 150 dpi scan; field precision and recall per kind and variant, OCR time per page, the page segmentation mode
/// compared on the clean scans, and a supplier template learned from one corrected invoice applied to the next.
/// </summary>
public sealed class DocumentsBenchmark(BenchOptions options)
{
    public sealed record Result(AccuracyReport Report, double OcrSecondsPerPage, IReadOnlyDictionary<int, double> RecallByPsm, (double Before, double After) Template);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("wellwon-bench-corpus-");
        try
        {
            using var fonts = new Fonts();
            var generator = new CorpusGenerator(fonts);
            var corpus = generator.Generate(directory.FullName, new CorpusOptions { Seed = 2026, Documents = options.Scale.Documents });
            var report = new AccuracyReport();
            var reader = new DocumentReader();
            var ocr = Stopwatch.StartNew();
            var ocrPages = 0;
            var extractor = new InvoiceExtractor();
            foreach (var document in corpus)
            {
                ct.ThrowIfCancellationRequested();
                await Console.Error.WriteLineAsync($"documents: {document.Id}");
                report.Add(document.Truth, extractor.Extract(PdfTextReader.Read(await File.ReadAllBytesAsync(document.PdfPath, ct), ct: ct)), document.Id, "pdf-text");
                ocr.Start();
                var clean = await reader.ReadAsync(document.CleanImagePath!, imageDpi: 300, ct: ct);
                var degraded = await reader.ReadAsync(document.DegradedImagePath!, imageDpi: 150, ct: ct);
                ocr.Stop();
                ocrPages += 2;
                report.Add(document.Truth, extractor.Extract(clean), document.Id, "clean image");
                report.Add(document.Truth, extractor.Extract(degraded), document.Id, "degraded image");
            }

            var byPsm = new Dictionary<int, double>();
            foreach (var psm in new[] { 3, 4, 6 })
            {
                var sample = new AccuracyReport();
                var psmReader = new DocumentReader(new OcrOptions { PageSegmentation = psm });
                foreach (var document in corpus.Take(options.Scale.PsmSample))
                {
                    sample.Add(document.Truth, extractor.Extract(await psmReader.ReadAsync(document.CleanImagePath!, imageDpi: 300, ct: ct)), document.Id, "clean");
                }

                byPsm[psm] = sample.Totals("clean").Recall;
            }

            return new Result(report, ocr.Elapsed.TotalSeconds / Math.Max(1, ocrPages), byPsm, Template(generator, directory.FullName, ct));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // A supplier whose labels no rule knows: fields right on its second invoice before and after learning from the first.
    private static (double Before, double After) Template(CorpusGenerator generator, string directory, CancellationToken ct)
    {
        var pdfOnly = new CorpusOptions { CleanImages = false, DegradedImages = false };
        var first = generator.Generate(directory, "template-1", CorpusData.Unusual, "en", DocumentKind.CommercialInvoice, pdfOnly, new Random(1));
        var second = generator.Generate(directory, "template-2", CorpusData.Unusual, "en", DocumentKind.CommercialInvoice, pdfOnly, new Random(2));
        var firstDocument = PdfTextReader.Read(File.ReadAllBytes(first.PdfPath), ct: ct);
        var secondDocument = PdfTextReader.Read(File.ReadAllBytes(second.PdfPath), ct: ct);
        var template = TemplateLearner.Learn(firstDocument, new InvoiceExtractor().Extract(firstDocument), first.Truth.Fields);
        var before = new AccuracyReport();
        before.Add(second.Truth, new InvoiceExtractor().Extract(secondDocument), second.Id, "before");
        before.Add(second.Truth, new InvoiceExtractor([template]).Extract(secondDocument), second.Id, "after");
        return (before.Totals("before").Recall, before.Totals("after").Recall);
    }
}
