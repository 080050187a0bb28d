namespace WellWon.Web.Tests.Finance;

/// <summary>Purchase orders as the Api answers them.</summary>
public static class PurchaseOrderSamples
{
    public static readonly Guid OrderId = Guid.Parse("0196a0c4-3333-7000-8000-000000000001");

    public static object Summary(string number, string status, string supplier, string currency, decimal total) => new
    {
        id = Guid.NewGuid(), number, status, supplierName = supplier, supplierCompanyId = (Guid?)null, currency, total, contractNumber = "IC-7",
        expectedDelivery = "2026-06-01", createdAt = "2026-03-01T10:00:00Z", updatedAt = "2026-03-01T10:00:00Z",
    };

    public static object Details(Guid companyId, string status, object? approval = null) => new
    {
        id = OrderId, companyId, number = "PO-2026-000001", status,
        supplier = new { companyId = (Guid?)null, name = "Shanghai Tea Co", country = "CN", address = "Shanghai", bank = new { account = (string?)null, iban = (string?)null, swift = "BKCHCNBJ", bankName = "Bank of China" } },
        currency = "USD", total = 12_345.5m,
        lines = new[]
        {
            new { lineNo = 1, description = "Green tea", sku = (string?)null, hsCode = "0902100000", unit = "kg", unitPrice = 12.3455m, amount = 12_345.5m,
                  ordered = 1000m, linked = 400m, shipped = 400m, received = 100m, invoiced = 0m, paid = 0m },
        },
        incoterm = "FOB", incotermPlace = "Shanghai",
        paymentTerms = new { prepaymentPercent = 30m, prepaymentDays = 5, balanceBasis = "against_documents", balanceDays = 10 },
        payments = new[] { new { kind = "prepayment", amount = 3703.65m, basis = "confirmation", dueDate = (string?)"2026-03-10" } },
        contract = new { number = "IC-7", date = "2026-01-15", currency = "USD", amount = 50_000m, bankRegistrationNumber = "26010001/1481/0000/2/1" },
        expectedDelivery = "2026-06-01", approval, supplierReference = (string?)null, cancelReason = (string?)null,
        links = Array.Empty<object>(), createdBy = Guid.NewGuid(), createdAt = "2026-03-01T10:00:00Z", updatedAt = "2026-03-01T10:00:00Z", version = 3L,
    };
}
