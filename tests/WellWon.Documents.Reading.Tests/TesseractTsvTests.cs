using WellWon.Documents.Reading.Ocr;

namespace WellWon.Documents.Reading.Tests;

public sealed class TesseractTsvTests
{
    private const string Tsv =
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
        "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n" +
        "2\t1\t1\t0\t0\t0\t100\t200\t800\t100\t-1\t\n" +
        "4\t1\t1\t1\t1\t0\t100\t200\t800\t40\t-1\t\n" +
        "5\t1\t1\t1\t1\t1\t100\t200\t300\t40\t96.5\tИнвойс\n" +
        "5\t1\t1\t1\t1\t2\t420\t200\t60\t40\t91\t№\n" +
        "5\t1\t1\t1\t2\t1\t100\t260\t300\t40\t88\tINV-2025/17\n" +
        "5\t1\t1\t1\t2\t2\t420\t260\t60\t40\t-1\t \n" +
        "5\t1\t2\t1\t1\t1\t1000\t600\t300\t40\t77\t1 234,50\n";

    [Fact]
    public void Words_come_with_boxes_in_points_confidence_and_line_ids()
    {
        var page = Assert.Single(TesseractTsv.Parse(Tsv, dpi: 300));

        Assert.Equal(595.2, page.Width, 1);
        Assert.Equal(841.92, page.Height, 1);
        Assert.Equal(["Инвойс", "№", "INV-2025/17", "1 234,50"], page.Words.Select(w => w.Text));
        var first = page.Words[0];
        Assert.Equal(24, first.Box.X, 3);
        Assert.Equal(48, first.Box.Y, 3);
        Assert.Equal(72, first.Box.Width, 3);
        Assert.Equal(0.965, first.Confidence, 3);
        Assert.Equal(page.Words[0].Line, page.Words[1].Line);
        Assert.NotEqual(page.Words[1].Line, page.Words[2].Line);
        Assert.Equal(2, page.Words[3].Block);
        Assert.NotEqual(page.Words[0].Line, page.Words[3].Line);
    }

    [Fact]
    public void Pages_of_a_multi_page_image_are_kept_apart_and_numbered_from_the_first()
    {
        var twoPages = Tsv + Tsv.Split('\n', 2)[1].Replace("\n1\t1\t", "\n1\t2\t").Replace("\n5\t1\t", "\n5\t2\t");
        var pages = TesseractTsv.Parse(twoPages, dpi: 150, firstPageNumber: 3);

        Assert.Equal([3, 4], pages.Select(p => p.Number));
        Assert.Equal(4, pages[1].Words.Count);
        Assert.Equal(48, pages[1].Words[0].Box.X, 3);
    }

    [Fact]
    public void Empty_output_gives_no_pages() => Assert.Empty(TesseractTsv.Parse("", 300));
}
