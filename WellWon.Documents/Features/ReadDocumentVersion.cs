using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Documents.Contracts;
using WellWon.Documents.Domain;
using WellWon.Documents.Reading.Extraction;
using WellWon.Documents.Reading.Ocr;
using WellWon.Documents.Reading.Pages;
using WellWon.Platform.Kernel;
using TextReader = WellWon.Documents.Reading.DocumentReader;

namespace WellWon.Documents.Features;

/// <summary><c>Documents:Reading</c>: how many documents one process reads at a time, how long one may take, and tesseract's settings.</summary>
public sealed class DocumentReadingOptions
{
    public const string Section = "Documents:Reading";

    /// <summary>OCR takes a core per page; one document at a time keeps a small worker responsive.</summary>
    public int MaxConcurrentDocuments { get; set; } = 1;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    public string Languages { get; set; } = "rus+eng";

    public TimeSpan TimeoutPerPage { get; set; } = TimeSpan.FromSeconds(120);

    public bool IsValid() => MaxConcurrentDocuments >= 1 && Timeout > TimeSpan.Zero && TimeoutPerPage > TimeSpan.Zero && !string.IsNullOrWhiteSpace(Languages);
}

/// <summary>The process-wide gate that keeps the number of documents read at once within <see cref="DocumentReadingOptions.MaxConcurrentDocuments"/>.</summary>
public sealed class ReadingSlots(IOptions<DocumentReadingOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentDocuments);

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}

/// <summary>What reading a version came to.</summary>
public enum ReadingOutcome
{
    /// <summary>Nothing to do: already extracted or failed, erased, or no such version (a redelivery).</summary>
    Skipped,
    Extracted,
    Failed,
}

/// <summary>
/// Reads one uploaded version (on <see cref="DocumentVersionAdded"/>, in the worker): opens its content, reads it (text layer or OCR)
/// reporting page x of y, extracts with the company's supplier templates and records the result on the document, or records why it
/// failed (unsupported content, an OCR tool's error, timeout). A version already extracted or failed is left alone, so a redelivered
/// event does nothing; one left "reading" by a crash is read again from the start.
/// </summary>
public sealed partial class ReadDocumentVersion(
    IAggregateStore store,
    RecordReading recording,
    SupplierTemplates templates,
    ReadingSlots slots,
    IOptions<DocumentReadingOptions> options,
    ILogger<ReadDocumentVersion> logger)
{
    public async Task<ReadingOutcome> ReadAsync(Guid documentId, int version, CancellationToken ct)
    {
        using var slot = await slots.EnterAsync(ct);
        var document = await store.TryLoadAsync<Document>(documentId, ct);
        if (document is not { Exists: true } || document.State.Version(version) is not { } found
            || found.Status is ProcessingStatuses.Extracted or ProcessingStatuses.Failed)
        {
            return ReadingOutcome.Skipped;
        }

        var companyId = document.State.CompanyId;
        var path = Path.Combine(Path.GetTempPath(), $"wellwon-reading-{Guid.NewGuid():N}");
        try
        {
            var opened = await recording.OpenAsync(documentId, version, ct);
            if (opened is not { } content)
            {
                return ReadingOutcome.Skipped;
            }

            await using (content.Content)
            await using (var file = File.Create(path))
            {
                await content.Content.CopyToAsync(file, ct);
            }

            var (read, failure) = await ReadWithProgressAsync(documentId, version, path, ct);
            if (failure is not null)
            {
                LogFailed(documentId, version, failure);
                await recording.MarkFailedAsync(documentId, version, failure, ct);
                return ReadingOutcome.Failed;
            }

            var extracted = new InvoiceExtractor(await templates.ForCompanyAsync(companyId, ct)).Extract(read!);
            await recording.MarkExtractedAsync(documentId, version, read!.Pages.Count, ExtractionResults.Of(read, extracted), ct);
            return ReadingOutcome.Extracted;
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Progress is written as the reader reports it, in order, by one writer; the read waits for the last report before it answers.
    private async Task<(ReadDocument? Read, string? Failure)> ReadWithProgressAsync(Guid documentId, int version, string path, CancellationToken ct)
    {
        var o = options.Value;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(o.Timeout);
        var reports = Channel.CreateUnbounded<ReadProgress>(new UnboundedChannelOptions { SingleReader = true });
        var writer = Task.Run(async () =>
        {
            await foreach (var p in reports.Reader.ReadAllAsync(ct))
            {
                await recording.ReportProgressAsync(documentId, version, p.Page, p.Pages, ct);
            }
        }, ct);
        try
        {
            var reader = new TextReader(new OcrOptions { Languages = o.Languages, TimeoutPerPage = o.TimeoutPerPage });
            var read = await reader.ReadAsync(path, new ChannelProgress(reports.Writer), ct: deadline.Token);
            return read.Pages.Count == 0 ? (null, "unsupported content: the document has no pages") : (read, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"timeout: reading took longer than {o.Timeout.TotalSeconds:0} s");
        }
        catch (NotSupportedException e)
        {
            return (null, $"unsupported content: {e.Message}");
        }
        catch (Exception e) when (e is ExternalToolFailedException or ExternalToolMissingException)
        {
            return (null, $"OCR tool error: {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A PDF the parser cannot make sense of (truncated, damaged, encrypted) is content we cannot read, not a passing fault.
            return (null, $"unsupported content: the file could not be read ({e.Message})");
        }
        finally
        {
            reports.Writer.TryComplete();
            await writer;
        }
    }

    private sealed class ChannelProgress(ChannelWriter<ReadProgress> writer) : IProgress<ReadProgress>
    {
        public void Report(ReadProgress value) => writer.TryWrite(value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading version {Version} of document {DocumentId} failed: {Reason}")]
    private partial void LogFailed(Guid documentId, int version, string reason);
}

/// <summary>How the reader's findings are named and shaped on the document (the review API's names, boxes in points).</summary>
public static class ExtractionResults
{
    private static readonly Dictionary<string, string> HeaderNames = new(StringComparer.Ordinal)
    {
        [FieldNames.Seller] = ExtractionFields.Seller,
        [FieldNames.Buyer] = ExtractionFields.Buyer,
        [FieldNames.Number] = ExtractionFields.InvoiceNumber,
        [FieldNames.Date] = ExtractionFields.InvoiceDate,
        [FieldNames.Contract] = ExtractionFields.ContractReference,
        [FieldNames.Currency] = ExtractionFields.Currency,
        [FieldNames.Incoterms] = ExtractionFields.Incoterm,
        [FieldNames.IncotermsPlace] = ExtractionFields.IncotermPlace,
        [FieldNames.TotalAmount] = ExtractionFields.TotalAmount,
        [FieldNames.NetWeight] = ExtractionFields.TotalNetWeight,
        [FieldNames.GrossWeight] = ExtractionFields.TotalGrossWeight,
        [FieldNames.PackagesCount] = ExtractionFields.PackagesCount,
        [FieldNames.PackagesKind] = ExtractionFields.PackageKind,
    };

    private static readonly Dictionary<string, string> LineNames = new(StringComparer.Ordinal)
    {
        [FieldNames.Description] = ExtractionFields.Description,
        [FieldNames.Quantity] = ExtractionFields.Quantity,
        [FieldNames.Unit] = ExtractionFields.Unit,
        [FieldNames.UnitPrice] = ExtractionFields.UnitPrice,
        [FieldNames.Amount] = ExtractionFields.Amount,
        [FieldNames.HsCode] = ExtractionFields.HsCode,
        [FieldNames.Origin] = ExtractionFields.CountryOfOrigin,
        [FieldNames.NetWeight] = ExtractionFields.NetWeight,
        [FieldNames.GrossWeight] = ExtractionFields.GrossWeight,
        [FieldNames.Packages] = ExtractionFields.Packages,
    };

    /// <summary>The API's name of a header field the reader names <paramref name="readerName"/>.</summary>
    public static string HeaderName(string readerName) => HeaderNames.GetValueOrDefault(readerName, readerName);

    /// <summary>The reader's name of a header field the API names <paramref name="apiName"/>.</summary>
    public static string? ReaderHeaderName(string apiName) => HeaderNames.FirstOrDefault(p => p.Value == apiName).Key;

    /// <summary>The API's name of a line field the reader names <paramref name="readerName"/>.</summary>
    public static string LineName(string readerName) => LineNames.GetValueOrDefault(readerName, readerName);

    public static string? KindOf(DocumentKind kind) => kind switch
    {
        DocumentKind.CommercialInvoice => DocumentTypes.CommercialInvoice,
        DocumentKind.PackingList => DocumentTypes.PackingList,
        _ => null,
    };

    public static ExtractionResult Of(ReadDocument read, ExtractedDocument extracted) => new(
        KindOf(extracted.Kind),
        read.Source == ReadSource.Ocr ? ExtractionSources.Ocr : ExtractionSources.TextLayer,
        [.. read.Pages.Select(p => new PageSize(p.Number, Math.Round(p.Width, 2), Math.Round(p.Height, 2)))],
        [.. extracted.Fields.Select(f => Value(f, HeaderNames))],
        [.. extracted.Lines.Select(line => (IReadOnlyList<ExtractedValue>)[.. line.Select(f => Value(f, LineNames))])]);

    private static ExtractedValue Value(ExtractedField f, Dictionary<string, string> names) => new(
        names.GetValueOrDefault(f.Name, f.Name),
        f.Value,
        Math.Round(f.Confidence, 3),
        f.Page,
        f.Box is { Width: > 0 } or { Height: > 0 } ? new ValueBox(Math.Round(f.Box.X, 1), Math.Round(f.Box.Y, 1), Math.Round(f.Box.Width, 1), Math.Round(f.Box.Height, 1)) : null);
}
