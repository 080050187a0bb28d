using System.Globalization;
using Mediator;
using SkiaSharp;
using WellWon.Documents.Contracts;
using WellWon.Documents.Domain;
using WellWon.Documents.ReadModel;
using WellWon.Documents.Reading.Ocr;
using WellWon.Documents.Reading.Pages;
using WellWon.Documents.Storage;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Documents.Features;

/// <summary>
/// One page of a version as a PNG (<c>GET /api/documents/{id}/versions/{n}/pages/{page}</c>) for the company's participants: a PDF's
/// page rendered by pdftoppm at 100 dpi, an image converted by SkiaSharp, so a field's box maps onto it by fractions of the page.
/// Rendered pages are kept in a temporary folder by content hash: the same bytes render to the same picture for whoever may see them.
/// </summary>
public sealed record GetPageImage(Guid DocumentId, int Version, int Page, Guid UserId) : IQuery<byte[]>, IRequireAuthenticatedUser;

public sealed class GetPageImageHandler(DocumentReader reader, ICompanyAccess access, IBlobStore blobs) : IQueryHandler<GetPageImage, byte[]>
{
    public const int Dpi = 100;

    private static readonly string Cache = Path.Combine(Path.GetTempPath(), "wellwon-pages");

    public async ValueTask<byte[]> Handle(GetPageImage query, CancellationToken cancellationToken)
    {
        var (state, _, _, _) = await reader.GetAsync(query.DocumentId, cancellationToken) ?? throw DocumentErrors.DocumentNotFound(query.DocumentId);
        await DocumentWrites.RequireAsync(access, query.UserId, state.CompanyId, query.DocumentId, CompanyRole.Viewer, cancellationToken);
        var version = state.Version(query.Version) ?? throw DocumentErrors.NoSuchVersion(query.DocumentId, query.Version);
        var isPdf = version.Content.MediaType == "application/pdf";
        var pagedImage = version.Content.MediaType == "image/tiff";
        var known = version.Extraction?.Pages.Count ?? version.Pages;
        if (query.Page < 1 || (known is { } pages && query.Page > pages) || (!isPdf && !pagedImage && query.Page > 1))
        {
            throw NoSuchPage(query);
        }

        // An image not read yet has no measured page to scale to: it is converted as it is, and not kept.
        var size = version.Extraction?.Pages.FirstOrDefault(p => p.Number == query.Page);
        var cached = isPdf || size is not null ? Path.Combine(Cache, $"{version.Content.Sha256}-{query.Page}-{Dpi}dpi.png") : null;
        if (cached is not null && File.Exists(cached))
        {
            return await File.ReadAllBytesAsync(cached, cancellationToken);
        }

        await using var content = await blobs.OpenReadAsync(version.Content.BlobKey, cancellationToken) ?? throw DocumentErrors.DocumentNotFound(query.DocumentId);
        var png = isPdf ? await RenderPdfPageAsync(content, query, cancellationToken) : await ConvertImageAsync(content, size, query, cancellationToken);
        if (cached is not null)
        {
            Directory.CreateDirectory(Cache);
            var partial = cached + $".{Guid.NewGuid():N}";
            await File.WriteAllBytesAsync(partial, png, cancellationToken);
            File.Move(partial, cached, overwrite: true);
        }

        return png;
    }

    private static async Task<byte[]> RenderPdfPageAsync(Stream content, GetPageImage query, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("wellwon-page-");
        try
        {
            var pdf = Path.Combine(directory.FullName, "document.pdf");
            await using (var file = File.Create(pdf))
            {
                await content.CopyToAsync(file, ct);
            }

            var prefix = Path.Combine(directory.FullName, "page");
            var page = query.Page.ToString(CultureInfo.InvariantCulture);
            var render = await ExternalProcess.RunAsync(
                "pdftoppm", ["-r", Dpi.ToString(CultureInfo.InvariantCulture), "-png", "-f", page, "-l", page, "-singlefile", pdf, prefix],
                "poppler-utils", TimeSpan.FromSeconds(60), ct);
            // pdftoppm answers a page past the end with an error and no file.
            return render.ExitCode == 0 && File.Exists(prefix + ".png") ? await File.ReadAllBytesAsync(prefix + ".png", ct) : throw NoSuchPage(query);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The image as a PNG; once read, at <see cref="Dpi"/> of the page's size as the reader measured it (never enlarged), since a
    /// 300 dpi scan of an A4 page is nine times the pixels and, as a noisy PNG, megabytes that the review screen would carry.
    /// </summary>
    private static async Task<byte[]> ConvertImageAsync(Stream content, PageSize? size, GetPageImage query, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        // A TIFF may hold several pages, which SkiaSharp cannot decode; PageImages reads each of them.
        using var page = PageImages.Decode(buffer.ToArray(), query.Page) ?? throw NoSuchPage(query);
        var bitmap = page.Bitmap;
        var width = size is { Width: > 0 } ? (int)Math.Round(size.Width * Dpi / 72) : bitmap.Width;
        using var scaled = width < bitmap.Width
            ? bitmap.Resize(new SKSizeI(width, Math.Max(1, (int)Math.Round((double)bitmap.Height * width / bitmap.Width))), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            : null;
        using var image = SKImage.FromBitmap(scaled ?? bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static NotFoundException NoSuchPage(GetPageImage query) =>
        new(DocumentErrors.PageNotFound, $"Version {query.Version} of document {query.DocumentId} has no page {query.Page} to show.");
}
