using SkiaSharp;

namespace WellWon.Documents.Reading.Corpus;

/// <summary>Makes a clean page look scanned: a slight rotation, blur, sensor noise and JPEG compression.</summary>
public static class Degradation
{
    public static byte[] Degrade(SKBitmap clean, Random random, out double angleDegrees)
    {
        angleDegrees = (1 + random.NextDouble() * 2) * (random.Next(2) == 0 ? -1 : 1);
        using var rotated = new SKBitmap(clean.Width, clean.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(rotated))
        {
            canvas.Clear(SKColors.White);
            canvas.Translate(clean.Width / 2f, clean.Height / 2f);
            canvas.RotateDegrees((float)angleDegrees);
            canvas.Translate(-clean.Width / 2f, -clean.Height / 2f);
            var sigma = 0.4f + (float)random.NextDouble() * 0.4f;
            using var blur = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(sigma, sigma) };
            using var image = SKImage.FromBitmap(clean);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), blur);
        }

        // Gaussian-ish grey noise on every pixel, and a few dark specks.
        var pixels = rotated.GetPixelSpan().ToArray();
        for (var i = 0; i < pixels.Length; i++)
        {
            var noise = (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 28;
            pixels[i] = (byte)Math.Clamp(pixels[i] + noise, 0, 255);
        }

        for (var speck = 0; speck < pixels.Length / 4000; speck++)
        {
            pixels[random.Next(pixels.Length)] = (byte)random.Next(0, 90);
        }

        using var noisy = new SKBitmap(new SKImageInfo(clean.Width, clean.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, noisy.GetPixels(), pixels.Length);
        using var encoded = noisy.Encode(SKEncodedImageFormat.Jpeg, 55 + random.Next(20));
        return encoded.ToArray();
    }

    public static byte[] Png(SKBitmap bitmap)
    {
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }
}
