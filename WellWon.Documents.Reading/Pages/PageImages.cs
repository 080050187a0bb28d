using BitMiracle.LibTiff.Classic;
using SkiaSharp;

namespace WellWon.Documents.Reading.Pages;

/// <summary>
/// The pages of an uploaded image as bitmaps: one for a PNG or JPEG, one per directory for a TIFF (a scanner's multi-page
/// file), which SkiaSharp cannot decode and LibTiff reads; the resolution a TIFF records is kept so OCR knows its scale.
/// </summary>
public static class PageImages
{
    public sealed record PageImage(SKBitmap Bitmap, int? Dpi) : IDisposable
    {
        public void Dispose() => Bitmap.Dispose();
    }

    public static bool IsTiff(ReadOnlySpan<byte> head) => head is [0x49, 0x49, 0x2A, 0x00, ..] or [0x4D, 0x4D, 0x00, 0x2A, ..];

    public static int Count(byte[] image)
    {
        if (!IsTiff(image))
        {
            return 1;
        }

        using var tiff = Open(image);
        return tiff.NumberOfDirectories();
    }

    /// <summary>Page <paramref name="number"/> (from 1), or null when the file has no such page or is not an image SkiaSharp or LibTiff reads.</summary>
    public static PageImage? Decode(byte[] image, int number)
    {
        if (!IsTiff(image))
        {
            return number == 1 && SKBitmap.Decode(image) is { } bitmap ? new PageImage(bitmap, null) : null;
        }

        using var tiff = Open(image);
        if (number < 1 || number > tiff.NumberOfDirectories() || !tiff.SetDirectory((short)(number - 1)))
        {
            return null;
        }

        var width = tiff.GetField(TiffTag.IMAGEWIDTH)[0].ToInt();
        var height = tiff.GetField(TiffTag.IMAGELENGTH)[0].ToInt();
        var raster = new int[width * height];
        if (!tiff.ReadRGBAImageOriented(width, height, raster, Orientation.TOPLEFT))
        {
            return null;
        }

        var page = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = new byte[raster.Length * 4];
        for (var i = 0; i < raster.Length; i++)
        {
            // LibTiff packs a pixel as ABGR in one int: the bytes of a little-endian int are R, G, B, A, which is Rgba8888.
            var value = raster[i];
            pixels[i * 4] = (byte)Tiff.GetR(value);
            pixels[(i * 4) + 1] = (byte)Tiff.GetG(value);
            pixels[(i * 4) + 2] = (byte)Tiff.GetB(value);
            pixels[(i * 4) + 3] = (byte)Tiff.GetA(value);
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, page.GetPixels(), pixels.Length);
        return new PageImage(page, Resolution(tiff));
    }

    /// <summary>Page <paramref name="number"/> as PNG, for the review screen.</summary>
    public static byte[]? ToPng(byte[] image, int number)
    {
        using var page = Decode(image, number);
        if (page is null)
        {
            return null;
        }

        using var encoded = page.Bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    private static int? Resolution(Tiff tiff)
    {
        var x = tiff.GetField(TiffTag.XRESOLUTION);
        if (x is null || x.Length == 0)
        {
            return null;
        }

        var value = x[0].ToFloat();
        var unit = tiff.GetField(TiffTag.RESOLUTIONUNIT) is { Length: > 0 } u ? (ResUnit)u[0].ToInt() : ResUnit.INCH;
        var dpi = unit == ResUnit.CENTIMETER ? value * 2.54 : value;
        return dpi is >= 50 and <= 2400 && unit != ResUnit.NONE ? (int)Math.Round(dpi) : null;
    }

    private static Tiff Open(byte[] image)
    {
        Tiff.SetErrorHandler(QuietErrors.Instance);
        return Tiff.ClientOpen("upload.tif", "r", new MemoryStream(image, writable: false), new TiffStream())
            ?? throw new InvalidDataException("The TIFF could not be opened.");
    }

    // LibTiff writes warnings about unknown tags to the console; an upload's odd tags are not the server's business.
    private sealed class QuietErrors : TiffErrorHandler
    {
        public static readonly QuietErrors Instance = new();

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }
    }
}
