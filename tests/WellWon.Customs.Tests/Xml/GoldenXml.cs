using System.Xml.Linq;

namespace WellWon.Customs.Tests.Xml;

/// <summary>
/// Compares XML with a checked-in expected file canonically: whitespace between elements, attribute order and the declaration's
/// random id (DocumentID) do not count. A mismatch writes the actual XML beside the test output to diff against.
/// </summary>
internal static class GoldenXml
{
    public static XDocument Canonical(byte[] xml)
    {
        using var stream = new MemoryStream(xml);
        var document = XDocument.Load(stream, LoadOptions.None);
        foreach (var id in document.Descendants().Where(e => e.Name.LocalName == "DocumentID"))
        {
            id.Value = "00000000-0000-0000-0000-000000000000";
        }

        foreach (var element in document.Descendants())
        {
            var attributes = element.Attributes().OrderBy(a => a.Name.ToString(), StringComparer.Ordinal).ToList();
            element.ReplaceAttributes(attributes);
        }

        return document;
    }

    public static void AssertMatches(string expectedFile, byte[] actual)
    {
        var expected = Canonical(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Xml", expectedFile)));
        var canonical = Canonical(actual);
        if (!XNode.DeepEquals(expected.Root, canonical.Root))
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Xml", expectedFile + ".actual");
            canonical.Save(path);
            Assert.Fail($"The XML differs from {expectedFile}; the actual XML is in {path}.");
        }
    }
}
