using BitMiracle.LibTiff.Classic;
using SkiaSharp;

namespace WellWon.Documents.Tests.Reading;

/// <summary>Writes page images into one multi-page greyscale TIFF at 300 dpi, as a document scanner does.</summary>
public static class TiffPages
{
    public static byte[] Of(params SKBitmap[] pages)
    {
        var output = new MemoryStream();
        using (var tiff = Tiff.ClientOpen("pages.tif", "w", output, new TiffStream()))
        {
            for (var index = 0; index < pages.Length; index++)
            {
                using var grey = new SKBitmap(new SKImageInfo(pages[index].Width, pages[index].Height, SKColorType.Gray8, SKAlphaType.Opaque));
                using (var canvas = new SKCanvas(grey))
                {
                    canvas.Clear(SKColors.White);
                    using var image = SKImage.FromBitmap(pages[index]);
                    canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
                }

                tiff.SetField(TiffTag.IMAGEWIDTH, grey.Width);
                tiff.SetField(TiffTag.IMAGELENGTH, grey.Height);
                tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
                tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
                tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
                tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
                tiff.SetField(TiffTag.ROWSPERSTRIP, grey.Height);
                tiff.SetField(TiffTag.COMPRESSION, Compression.LZW);
                tiff.SetField(TiffTag.XRESOLUTION, 300.0);
                tiff.SetField(TiffTag.YRESOLUTION, 300.0);
                tiff.SetField(TiffTag.RESOLUTIONUNIT, ResUnit.INCH);
                tiff.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
                tiff.SetField(TiffTag.PAGENUMBER, index, pages.Length);
                var pixels = grey.GetPixelSpan().ToArray();
                var row = new byte[grey.Width];
                for (var y = 0; y < grey.Height; y++)
                {
                    Array.Copy(pixels, y * grey.RowBytes, row, 0, grey.Width);
                    tiff.WriteScanline(row, y);
                }

                tiff.WriteDirectory();
            }
        }

        return output.ToArray();
    }
}
