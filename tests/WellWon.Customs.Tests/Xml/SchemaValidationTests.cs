using System.Text;
using System.Xml.Linq;
using WellWon.Customs.Xml;

namespace WellWon.Customs.Tests.Xml;

/// <summary>The schema catches what the exporter must never write: the expected file passes, tampered copies of it do not.</summary>
public sealed class SchemaValidationTests
{
    private static readonly XNamespace Ns = DeclarationXmlExporter.Namespace;

    private static XDocument Golden() => XDocument.Load(Path.Combine(AppContext.BaseDirectory, "Xml", "ESADout_CU.worked-example.xml"));

    private static IReadOnlyList<ExportCheck> Validate(XDocument document) => DeclarationXmlExporter.Validate(Encoding.UTF8.GetBytes(document.ToString()));

    [Fact]
    public void The_expected_worked_example_is_valid() => Assert.Empty(Validate(Golden()));

    [Theory]
    [InlineData("GoodsTNVEDCode", "84821090")]
    [InlineData("OriginCountryCode", "China")]
    [InlineData("CustomsOfficeCode", "1070207")]
    [InlineData("DeclarationDate", "14.11.2025")]
    [InlineData("GrossWeightQuantity", "-1500")]
    [InlineData("PrDocumentModeCode", "4021")]
    public void A_tampered_value_fails(string element, string value)
    {
        var document = Golden();
        document.Descendants(Ns + element).First().Value = value;
        var errors = Validate(document);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(DeclarationXmlExporter.XmlInvalid, e.Code));
    }

    [Fact]
    public void A_missing_box_and_an_unknown_element_fail()
    {
        var withoutDate = Golden();
        withoutDate.Descendants(Ns + "DeclarationDate").Single().Remove();
        Assert.NotEmpty(Validate(withoutDate));

        var extra = Golden();
        extra.Root!.Add(new XElement(Ns + "Signature", "x"));
        Assert.NotEmpty(Validate(extra));

        var otherNamespace = Golden().ToString().Replace(DeclarationXmlExporter.Namespace, "urn:customs.ru:Information:CustomsDocuments:ESADout_CU:5.24.0", StringComparison.Ordinal);
        Assert.NotEmpty(DeclarationXmlExporter.Validate(Encoding.UTF8.GetBytes(otherNamespace)));
    }
}
