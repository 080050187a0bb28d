using WellWon.Documents.Storage;

namespace WellWon.Documents.Tests.Domain;

public sealed class ContentSnifferTests
{
    [Fact]
    public void Each_accepted_type_is_recognised_by_its_bytes()
    {
        Assert.Same(ContentSniffer.Pdf, ContentSniffer.Sniff(Samples.Pdf()));
        Assert.Same(ContentSniffer.Png, ContentSniffer.Sniff(Samples.Png()));
        Assert.Same(ContentSniffer.Jpeg, ContentSniffer.Sniff(Samples.Jpeg()));
        Assert.Same(ContentSniffer.Tiff, ContentSniffer.Sniff([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]));
        Assert.Same(ContentSniffer.Tiff, ContentSniffer.Sniff([0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8]));
        Assert.Same(ContentSniffer.WebP, ContentSniffer.Sniff("RIFF\x24\0\0\0WEBPVP8 "u8));
        Assert.Same(ContentSniffer.Docx, ContentSniffer.Sniff(Samples.Office("word/document.xml")));
        Assert.Same(ContentSniffer.Xlsx, ContentSniffer.Sniff(Samples.Office("xl/workbook.xml")));
    }

    [Fact]
    public void Other_content_is_not_recognised_whatever_it_is_called()
    {
        Assert.Null(ContentSniffer.Sniff("MZ\x90\0 this is an executable"u8));
        Assert.Null(ContentSniffer.Sniff("plain text that claims to be a PDF"u8));
        Assert.Null(ContentSniffer.Sniff(Samples.Office("payload/readme.txt")));
        Assert.Null(ContentSniffer.Sniff([]));
    }

    [Theory]
    [InlineData("invoice.PDF", "invoice.PDF")]
    [InlineData("scan.exe", "scan.exe.pdf")]
    [InlineData("../../etc/passwd", "passwd.pdf")]
    [InlineData("C:\\docs\\a\"b.pdf", "ab.pdf")]
    [InlineData("", "document.pdf")]
    public void Download_names_end_in_the_sniffed_types_extension_and_lose_their_path(string uploaded, string expected) =>
        Assert.Equal(expected, ContentSniffer.SafeFileName(uploaded, ContentSniffer.Pdf));

    [Fact]
    public void A_names_extension_claims_a_type_only_when_it_is_one_of_the_accepted_ones()
    {
        Assert.Same(ContentSniffer.Jpeg, ContentSniffer.ClaimedBy("photo.JPG"));
        Assert.Null(ContentSniffer.ClaimedBy("notes.txt"));
        Assert.Null(ContentSniffer.ClaimedBy("no-extension"));
    }
}
