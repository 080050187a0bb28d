using WellWon.Finance.Invoices.Features;
using WellWon.Finance.PurchaseOrders.Domain;

namespace WellWon.Finance.Tests.Invoices;

/// <summary>Which PO line each reviewed line of a supplier's invoice bills: an identity first, the unit price between look-alikes.</summary>
public sealed class SupplierInvoiceFillMatchTests
{
    private static readonly OrderLine[] Po =
    [
        new(1, "Ball bearings 6204-2RS", "BRG-6204", "8482105000", 1000m, "pcs", 12.50m),
        new(2, "Ball bearings 6205-2RS", "BRG-6205", "8482105000", 500m, "pcs", 14.00m),
        new(3, "Oil seals 35x52x7", null, null, 200m, "pcs", 3.75m),
    ];

    private static Dictionary<string, string> Line(string description, string unitPrice, string? hsCode = null, string quantity = "10")
    {
        var line = new Dictionary<string, string> { ["description"] = description, ["quantity"] = quantity, ["unitPrice"] = unitPrice };
        if (hsCode is not null)
        {
            line["hsCode"] = hsCode;
        }

        return line;
    }

    [Fact]
    public void Sku_words_hs_code_and_price_match_each_po_line_once_and_the_rest_is_zero()
    {
        var matched = SupplierInvoiceFill.Match(
        [
            Line("BRG-6205 bearings", "14.00"),
            Line("Deep groove bearings", "12.50", "8482105000"),
            Line("oil seals 35x52x7", "3.80"),
            Line("Sea freight", "850"),
            Line("Bearings again", "12.50", "8482105000"),
            Line("Oil seals 35x52x7", "3.75", quantity: "0"),
        ], Po);

        // The HS code alone is shared by two PO lines: the same unit price picks line 1; the second such line finds both taken.
        Assert.Equal([2, 1, 3, 0, 0, 0], matched);
    }
}
