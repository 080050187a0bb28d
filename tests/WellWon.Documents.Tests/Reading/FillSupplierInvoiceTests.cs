using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Customs.ExchangeRates;
using WellWon.Documents.Features;

namespace WellWon.Documents.Tests.Reading;

/// <summary>A reviewed invoice becomes a supplier invoice against a purchase order: lines matched to the PO's, the document its source.</summary>
public sealed class FillSupplierInvoiceTests(ReadingFixture fixture) : IClassFixture<ReadingFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> Header = new()
    {
        ["invoiceNumber"] = "NB-2026-77", ["invoiceDate"] = "2026-04-02", ["currency"] = "USD", ["seller"] = "Ningbo Bearing Co.",
    };

    private static Dictionary<string, string> Line(string description, string quantity, string unitPrice, string amount, string? hsCode = null)
    {
        var line = new Dictionary<string, string> { ["description"] = description, ["quantity"] = quantity, ["unit"] = "pcs", ["unitPrice"] = unitPrice, ["amount"] = amount };
        if (hsCode is not null)
        {
            line["hsCode"] = hsCode;
        }

        return line;
    }

    // An approved, sent and confirmed PO of the company: bearings (SKU BRG-6204, HS 8482105000) and oil seals.
    private async Task<Guid> PurchaseOrderAsync(HttpClient client, Guid company)
    {
        // Approval compares the total in roubles: the central bank's rates of today, the contract's and the invoice's days are known.
        using (var scope = fixture.Api.Services.CreateScope())
        {
            foreach (var day in new[] { DateOnly.FromDateTime(DateTime.UtcNow), new DateOnly(2026, 1, 15), new DateOnly(2026, 4, 2) })
            {
                await scope.ServiceProvider.GetRequiredService<ExchangeRateStore>().StoreAsync(day, new CbrDailyRates(day, [new CbrRate("USD", 1, 80.75m, 80.75m)]), Ct);
            }
        }

        var po = (await ExtractionHttpTests.JsonAsync(await client.PostAsJsonAsync("/api/finance/purchase-orders", new
        {
            companyId = company,
            supplier = new { name = "Ningbo Bearing Co.", country = "CN", address = "No. 8 Harbour Rd, Ningbo", bank = new { iban = "GB82WEST12345698765432", swift = "BKCHCNBJ92A", bankName = "Bank of China" } },
            currency = "USD",
            lines = new object[]
            {
                new { description = "Ball bearings 6204-2RS", sku = "BRG-6204", hsCode = "8482105000", quantity = 1000, unit = "pcs", unitPrice = 12.50m },
                new { description = "Oil seals 35x52x7", quantity = 200, unit = "pcs", unitPrice = 3.75m },
            },
            incoterm = "FOB",
            incotermPlace = "Shanghai",
            paymentTerms = new { prepaymentPercent = 30, prepaymentDays = 10, balanceBasis = "after_arrival", balanceDays = 30 },
            contract = new { number = $"C-{Guid.NewGuid():N}", date = new DateOnly(2026, 1, 15), currency = "USD", amount = 100_000m, bankRegistrationNumber = "26010001/1481/0000/2/1" },
            expectedDelivery = new DateOnly(2026, 5, 1),
        }, Ct), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        foreach (var action in new[] { "approve", "send", "confirm" })
        {
            await ExtractionHttpTests.JsonAsync(await client.PostAsJsonAsync($"/api/finance/purchase-orders/{po}/{action}", new { }, Ct), HttpStatusCode.OK);
        }

        return po;
    }

    private async Task<(Guid Owner, Guid Company, HttpClient Client, Guid Document, int Revision)> ReadInvoiceAsync(int seed)
    {
        var (owner, company, client) = await fixture.CompanyAsync();
        var id = await ReadingFixture.UploadAsync(client, company, await File.ReadAllBytesAsync(fixture.Invoice("ningbo-huaxin", seed).PdfPath, Ct), "invoice.pdf");
        await fixture.DeliverAsync(id, DocumentReadingHandler.VersionAddedType);
        var x = await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK);
        return (owner, company, client, id, x.GetProperty("revision").GetInt32());
    }

    private static Task<HttpResponseMessage> ReviewAsync(HttpClient client, Guid document, int revision, object[] lines, Guid po) =>
        client.PostAsJsonAsync($"/api/documents/{document}/versions/1/review",
            new { revision, fields = Header, lines, fill = new { kind = "supplier-invoice", targetId = po } }, Ct);

    [Fact]
    public async Task A_review_with_fill_enters_the_invoice_against_the_po_line_by_line_with_its_source_and_names_the_lines_it_could_not_match()
    {
        var (_, company, client, id, revision) = await ReadInvoiceAsync(41);
        var po = await PurchaseOrderAsync(client, company);

        // Bearings by their SKU in the description, seals by their words, and a freight line the PO does not order.
        var reviewed = await ExtractionHttpTests.JsonAsync(await ReviewAsync(client, id, revision,
        [
            Line("Sea freight Ningbo-St Petersburg", "1", "850", "850"),
            Line("BRG-6204 deep groove bearings", "1000", "12.50", "12500", "8482105000"),
            Line("Oil seals 35x52x7 NBR", "150", "3.75", "562.50"),
        ], po), HttpStatusCode.OK);

        var filled = Assert.Single(reviewed.GetProperty("review").GetProperty("filled").EnumerateArray());
        Assert.Equal("supplier-invoice", filled.GetProperty("kind").GetString());
        Assert.Equal([0, 1, 2], filled.GetProperty("items").EnumerateArray().Select(i => i.GetInt32()));
        var invoiceId = filled.GetProperty("targetId").GetGuid();

        var invoice = await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/finance/invoices/{invoiceId}", Ct), HttpStatusCode.OK);
        Assert.Equal((po, id, "NB-2026-77", "USD"), (invoice.GetProperty("purchaseOrderId").GetGuid(), invoice.GetProperty("sourceDocumentId").GetGuid(),
            invoice.GetProperty("number").GetString(), invoice.GetProperty("currency").GetString()));
        Assert.Equal([(1, 1000m, 12.50m), (2, 150m, 3.75m)], invoice.GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("poLineNo").GetInt32(), l.GetProperty("quantity").GetDecimal(), l.GetProperty("unitPrice").GetDecimal())));
        // Nothing has arrived yet: the three-way match holds it, saying why.
        Assert.Equal("on_hold", invoice.GetProperty("status").GetString());
        Assert.Contains(invoice.GetProperty("match").EnumerateArray(), m => m.GetProperty("mismatches").GetArrayLength() > 0);
    }

    [Fact]
    public async Task No_line_matching_the_po_is_422_naming_them_and_the_review_stays()
    {
        var (_, company, client, id, revision) = await ReadInvoiceAsync(42);
        var po = await PurchaseOrderAsync(client, company);

        var refused = await ExtractionHttpTests.JsonAsync(await ReviewAsync(client, id, revision, [Line("Sea freight", "1", "850", "850")], po), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(SupplierInvoiceFillCodes.LinesUnmatched, refused.GetProperty("code").GetString());
        Assert.Contains("lines 0", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var x = await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK);
        Assert.Equal(0, x.GetProperty("review").GetProperty("filled").GetArrayLength());
    }

    [Fact]
    public async Task Another_companys_po_is_404_and_a_viewer_is_403()
    {
        var (owner, company, client, id, revision) = await ReadInvoiceAsync(43);
        var (otherOwner, other, otherClient) = await fixture.CompanyAsync();
        var theirs = await PurchaseOrderAsync(otherClient, other);
        object[] lines = [Line("BRG-6204 bearings", "10", "12.50", "125")];

        Assert.Equal(HttpStatusCode.NotFound, (await ReviewAsync(client, id, revision, lines, theirs)).StatusCode);

        // Even a member of both companies cannot bill the other company's order from this company's document.
        await fixture.Api.JoinCompanyAsync(otherOwner, other, owner, "member");
        var again = await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await ReviewAsync(client, id, again.GetProperty("revision").GetInt32(), lines, theirs)).StatusCode);
        var bills = await ExtractionHttpTests.JsonAsync(await otherClient.GetAsync($"/api/finance/invoices?companyId={other}", Ct), HttpStatusCode.OK);
        Assert.Equal(0, (bills.ValueKind == JsonValueKind.Array ? bills : bills.GetProperty("items")).GetArrayLength());

        var viewer = Guid.NewGuid();
        await fixture.Api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using var viewing = fixture.Api.ClientFor(viewer);
        var ours = await PurchaseOrderAsync(client, company);
        var x = await ExtractionHttpTests.JsonAsync(await client.GetAsync($"/api/documents/{id}/versions/1/extraction", Ct), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, (await ReviewAsync(viewing, id, x.GetProperty("revision").GetInt32(), lines, ours)).StatusCode);
    }
}

/// <summary>Finance's code for a fill none of whose lines matched the PO, as the Api answers it.</summary>
internal static class SupplierInvoiceFillCodes
{
    public const string LinesUnmatched = "finance.invoice.fill-lines-unmatched";
}
