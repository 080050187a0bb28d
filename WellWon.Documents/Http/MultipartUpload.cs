using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using WellWon.Platform.Mediator;

namespace WellWon.Documents.Http;

/// <summary>
/// Reads a <c>multipart/form-data</c> upload as a stream: the form fields that come before the file part, then the file part's body
/// itself, which the caller consumes straight from the request (never buffered whole). Fields after the file are not read, so
/// clients send them first; the query string may give them too.
/// </summary>
public sealed class MultipartUpload
{
    private const int MaxFieldLength = 4096;
    private const int MaxFields = 32;

    private MultipartUpload(Dictionary<string, List<string>> fields, string? fileName, Stream file)
    {
        Fields = fields;
        FileName = fileName;
        File = file;
    }

    public IReadOnlyDictionary<string, List<string>> Fields { get; }

    public string? FileName { get; }

    public Stream File { get; }

    public string? Field(string name) => Fields.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> All(string name) => Fields.TryGetValue(name, out var values) ? values : [];

    /// <summary>Reads up to the file part; lets the request body be <paramref name="maxFileBytes"/> plus room for the fields.</summary>
    public static async Task<MultipartUpload> ReadAsync(HttpRequest request, long maxFileBytes, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // The store cuts the file off at its limit and answers 413; the server's own limit must not answer first.
            limit.MaxRequestBodySize = maxFileBytes + (MaxFields * MaxFieldLength) + (64 * 1024);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw RequestValidationException.For("file", "documents.multipart-required", "Send the file as multipart/form-data (a 'file' part).");
        }

        var fields = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in request.Query)
        {
            fields[key] = [.. values.OfType<string>()];
        }

        var form = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        var count = 0;
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (disposition.IsFileDisposition())
            {
                var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                // A form field replaces the query string's value of the same name.
                foreach (var (key, values) in form)
                {
                    fields[key] = values;
                }

                return new MultipartUpload(fields, name, section.Body);
            }

            if (++count > MaxFields)
            {
                throw RequestValidationException.For("form", "documents.form-too-large", $"An upload has at most {MaxFields} fields.");
            }

            var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            using var text = new StreamReader(section.Body);
            var buffer = new char[MaxFieldLength + 1];
            var read = await text.ReadBlockAsync(buffer, ct);
            if (read > MaxFieldLength)
            {
                throw RequestValidationException.For(field, "documents.field-too-long", $"The field '{field}' is longer than {MaxFieldLength} characters.");
            }

            if (!form.TryGetValue(field, out var list))
            {
                form[field] = list = [];
            }

            list.Add(new string(buffer, 0, read));
        }

        throw RequestValidationException.For("file", "documents.file-missing", "The upload has no file part.");
    }
}
