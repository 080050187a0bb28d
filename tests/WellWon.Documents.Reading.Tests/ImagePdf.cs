using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace WellWon.Documents.Reading.Tests;

/// <summary>A PDF holding only a page image, as a scanner makes it: no text layer.</summary>
internal static class ImagePdf
{
    public static byte[] FromPng(byte[] png)
    {
        using var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(595.28, 841.89);
        page.AddPng(png, new PdfRectangle(0, 0, 595.28, 841.89));
        return builder.Build();
    }
}
