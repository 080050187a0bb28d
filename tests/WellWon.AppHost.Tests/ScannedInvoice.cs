using System.Globalization;
using WellWon.Documents.Reading.Corpus;
using WellWon.Documents.Reading.Extraction;

namespace WellWon.Testing.Documents;

/// <summary>
/// A commercial invoice drawn by the reading corpus's generator and degraded as a scanner leaves it (a slight rotation, blur, noise,
/// JPEG), at the 300 dpi the reader assumes for an image that does not say its resolution; with what it says, named as the review API
/// names it, and each line's weights, which an invoice does not print and a reviewer adds for the declaration.
/// </summary>
internal sealed record ScannedInvoice(
    byte[] Jpeg,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Lines,
    IReadOnlyList<(decimal NetKg, decimal GrossKg)> Weights)
{
    private static readonly Dictionary<string, string> ApiNames = new(StringComparer.Ordinal)
    {
        [FieldNames.Seller] = "seller",
        [FieldNames.Buyer] = "buyer",
        [FieldNames.Number] = "invoiceNumber",
        [FieldNames.Date] = "invoiceDate",
        [FieldNames.Contract] = "contractReference",
        [FieldNames.Currency] = "currency",
        [FieldNames.Incoterms] = "incoterm",
        [FieldNames.IncotermsPlace] = "incotermPlace",
        [FieldNames.TotalAmount] = "totalAmount",
        [FieldNames.NetWeight] = "totalNetWeight",
        [FieldNames.GrossWeight] = "totalGrossWeight",
        [FieldNames.Description] = "description",
        [FieldNames.Quantity] = "quantity",
        [FieldNames.Unit] = "unit",
        [FieldNames.UnitPrice] = "unitPrice",
        [FieldNames.Amount] = "amount",
        [FieldNames.HsCode] = "hsCode",
        [FieldNames.Origin] = "countryOfOrigin",
    };

    public static ScannedInvoice Generate(string supplierKey, int seed)
    {
        var folder = Directory.CreateTempSubdirectory("wellwon-scan-");
        try
        {
            using var fonts = new Fonts();
            var supplier = CorpusData.Suppliers.Single(s => s.Key == supplierKey);
            var made = new CorpusGenerator(fonts).Generate(folder.FullName, "scan", supplier, "en", DocumentKind.CommercialInvoice,
                new CorpusOptions { CleanImages = false, DegradedImages = true, DegradedDpi = 300 }, new Random(seed));
            // The generator draws the content first from the same seed, so this is the invoice's own content with its lines' weights.
            var content = CorpusData.Invoice(new Random(seed), supplier, "en");
            Assert.Equal(made.Truth.Fields[FieldNames.Number], content.Number);
            return new ScannedInvoice(
                File.ReadAllBytes(made.DegradedImagePath!),
                Named(made.Truth.Fields),
                [.. made.Truth.Lines.Select(Named)],
                [.. content.Lines.Select(l => (l.NetKg, l.GrossKg))]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The lines as a reviewer completes them for a declaration: what the invoice says and the weights it leaves out.</summary>
    public List<Dictionary<string, string>> LinesWithWeights() =>
    [
        .. Lines.Select((line, i) => new Dictionary<string, string>(line, StringComparer.Ordinal)
        {
            ["netWeight"] = Weights[i].NetKg.ToString(CultureInfo.InvariantCulture),
            ["grossWeight"] = Weights[i].GrossKg.ToString(CultureInfo.InvariantCulture),
        }),
    ];

    private static Dictionary<string, string> Named(IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(v => ApiNames[v.Key], v => v.Value, StringComparer.Ordinal);
}
