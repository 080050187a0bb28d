using System.Net.Http.Headers;

namespace WellWon.Web.Api;

// Documents as WellWon.Api answers them (WellWon.Documents' DocumentSummary, DocumentView, UploadOutcome, DownloadLink and the
// extraction/review shape), read by name: the Web references no context.

public sealed record DocumentListItem(
    Guid Id,
    string Type,
    string Title,
    int LatestVersion,
    string? Status,
    IReadOnlyList<Guid> ShipmentIds,
    IReadOnlyList<Guid> DeclarationIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record DocumentVersionDetails(
    int Number,
    string Sha256,
    long Size,
    string MediaType,
    string FileName,
    Guid UploadedBy,
    DateTimeOffset UploadedAt,
    string Status,
    int? Page,
    int? Pages,
    string? FailureReason);

public sealed record DocumentLinkView(string Kind, Guid TargetId);

public sealed record DocumentDetails(
    Guid Id,
    Guid CompanyId,
    string Type,
    string Title,
    string? Status,
    IReadOnlyList<DocumentVersionDetails> Versions,
    IReadOnlyList<DocumentLinkView> Links,
    DateTimeOffset? RetainedUntil,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public DocumentVersionDetails? Latest => Versions.Count == 0 ? null : Versions[^1];
}

/// <summary>An upload's answer: the document and version holding the content; <see cref="Duplicate"/> when it was already there.</summary>
public sealed record UploadOutcome(Guid DocumentId, int Version, bool Duplicate, string Sha256, long Size, string MediaType, string FileName);

public sealed record DownloadLink(string Url, DateTimeOffset ExpiresAt);

public sealed record DocumentFilter(string? Type = null, Guid? ShipmentId = null, Guid? DeclarationId = null);

/// <summary>A new document: its company, type, optional title and what it is linked to from the start.</summary>
public sealed record NewDocument(Guid CompanyId, string Type, string? Title = null, Guid? ShipmentId = null, Guid? DeclarationId = null);

/// <summary>A file to send: its bytes as a stream (read once, as the request goes out), name and the browser's media type.</summary>
public sealed record UploadFile(Stream Content, string FileName, string? MediaType);

public sealed record ReadingProgress(int Page, int Pages);

public sealed record PageSize(int Number, double Width, double Height);

/// <summary>Where a value sits on its page, in PDF points from the top-left corner.</summary>
public sealed record FieldBox(double X, double Y, double Width, double Height);

public sealed record ExtractedField(string Name, string? Label, string? Value, double Confidence, int? Page, FieldBox? Box);

public sealed record ExtractedLine(int Index, IReadOnlyList<ExtractedField> Fields);

public sealed record FilledTarget(string Kind, Guid TargetId, IReadOnlyList<int> Items);

public sealed record ReviewView(
    Guid AcceptedBy,
    DateTimeOffset AcceptedAt,
    IReadOnlyDictionary<string, string?> Fields,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Lines,
    IReadOnlyList<string> Corrected,
    IReadOnlyList<FilledTarget> Filled);

/// <summary>What the reader made of one version, and its review once accepted.</summary>
public sealed record Extraction(
    Guid DocumentId,
    int Version,
    string Status,
    ReadingProgress? Progress,
    string? Failure,
    string? Kind,
    string? Source,
    long Revision,
    IReadOnlyList<PageSize> Pages,
    IReadOnlyList<ExtractedField> Fields,
    IReadOnlyList<ExtractedLine> Lines,
    ReviewView? Review);

public sealed record FillRequest(string Kind, Guid TargetId);

/// <summary>The accepted values, exactly as the form shows them, for the revision the form was loaded from.</summary>
public sealed record ReviewBody(
    long Revision,
    IReadOnlyDictionary<string, string?> Fields,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Lines,
    FillRequest? Fill);

/// <summary>Documents' endpoints, <c>/api/documents/*</c>, as the signed-in user.</summary>
public sealed class DocumentsApi(HttpClient http)
{
    private const string Documents = "/api/documents";

    public Task<ApiResult<IReadOnlyList<DocumentListItem>>> ListAsync(Guid companyId, DocumentFilter filter, CancellationToken ct)
    {
        var query = $"{Documents}?companyId={companyId}";
        query += filter.Type is { } type ? "&type=" + Uri.EscapeDataString(type) : "";
        query += filter.ShipmentId is { } shipment ? $"&shipmentId={shipment}" : "";
        query += filter.DeclarationId is { } declaration ? $"&declarationId={declaration}" : "";
        return http.GetAsync<IReadOnlyList<DocumentListItem>>(query, ct);
    }

    public Task<ApiResult<DocumentDetails>> GetAsync(Guid id, CancellationToken ct) =>
        http.GetAsync<DocumentDetails>($"{Documents}/{id}", ct);

    /// <summary>Files a new document; the content streams to the Api as it is read, reporting the bytes sent so far.</summary>
    public Task<ApiResult<UploadOutcome>> UploadAsync(NewDocument document, UploadFile file, IProgress<long>? progress, CancellationToken ct)
    {
        // The Api reads the fields before the file part, so they go first.
        var form = new MultipartFormDataContent
        {
            { new StringContent(document.CompanyId.ToString()), "companyId" },
            { new StringContent(document.Type), "type" },
        };
        if (!string.IsNullOrWhiteSpace(document.Title))
        {
            form.Add(new StringContent(document.Title), "title");
        }

        if (document.ShipmentId is { } shipment)
        {
            form.Add(new StringContent(shipment.ToString()), "shipmentId");
        }

        if (document.DeclarationId is { } declaration)
        {
            form.Add(new StringContent(declaration.ToString()), "declarationId");
        }

        form.Add(FilePart(file, progress), "file", file.FileName);
        return http.SendAsync<UploadOutcome>(new HttpRequestMessage(HttpMethod.Post, Documents) { Content = form }, ct);
    }

    public Task<ApiResult<UploadOutcome>> AddVersionAsync(Guid id, UploadFile file, IProgress<long>? progress, CancellationToken ct)
    {
        var form = new MultipartFormDataContent { { FilePart(file, progress), "file", file.FileName } };
        return http.SendAsync<UploadOutcome>(new HttpRequestMessage(HttpMethod.Post, $"{Documents}/{id}/versions") { Content = form }, ct);
    }

    public Task<ApiResult<NoContent>> LinkAsync(Guid id, string kind, Guid targetId, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, $"{Documents}/{id}/links", new { kind, targetId }, ct);

    public Task<ApiResult<NoContent>> UnlinkAsync(Guid id, string kind, Guid targetId, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Delete, $"{Documents}/{id}/links/{kind}/{targetId}", null, ct);

    /// <summary>Erases the document (managers and above); within its retention the answer is 409 <c>documents.retained</c>.</summary>
    public Task<ApiResult<NoContent>> EraseAsync(Guid id, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Delete, $"{Documents}/{id}", null, ct);

    /// <summary>A short-lived signed link to the version's content, which the browser can follow without a token.</summary>
    public Task<ApiResult<DownloadLink>> DownloadLinkAsync(Guid id, int version, CancellationToken ct) =>
        http.SendJsonAsync<DownloadLink>(HttpMethod.Post, $"{Documents}/{id}/versions/{version}/link", null, ct);

    public Task<ApiResult<Extraction>> ExtractionAsync(Guid id, int version, CancellationToken ct) =>
        http.GetAsync<Extraction>($"{Documents}/{id}/versions/{version}/extraction", ct);

    /// <summary>The page rendered as PNG.</summary>
    public async Task<ApiResult<byte[]>> PageImageAsync(Guid id, int version, int page, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync($"{Documents}/{id}/versions/{version}/pages/{page}", ct);
            return response.IsSuccessStatusCode
                ? ApiResult.Ok(await response.Content.ReadAsByteArrayAsync(ct))
                : ApiResult.Failed<byte[]>(await ApiProblem.ReadAsync(response, ct));
        }
        catch (HttpRequestException e)
        {
            return ApiResult.Failed<byte[]>(ApiProblem.Unreachable(e.Message));
        }
    }

    public Task<ApiResult<Extraction>> ReviewAsync(Guid id, int version, ReviewBody body, CancellationToken ct) =>
        http.SendJsonAsync<Extraction>(HttpMethod.Post, $"{Documents}/{id}/versions/{version}/review", body, ct);

    private static StreamContent FilePart(UploadFile file, IProgress<long>? progress)
    {
        var part = new StreamContent(progress is null ? file.Content : new ProgressStream(file.Content, progress));
        part.Headers.ContentType = MediaTypeHeaderValue.TryParse(file.MediaType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        return part;
    }

    /// <summary>Reports the bytes read so far: what the request has sent, as it streams.</summary>
    private sealed class ProgressStream(Stream inner, IProgress<long> progress) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Advance(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Advance(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Advance(int read)
        {
            if (read > 0)
            {
                _read += read;
                progress.Report(_read);
            }

            return read;
        }
    }
}
