namespace WellWon.Web.Tests.Finance;

/// <summary>Supplier invoices as the Api answers them (WellWon.Finance's InvoiceView and InvoiceSummary).</summary>
public static class InvoiceSamples
{
    public static readonly Guid InvoiceId = Guid.Parse("0196a0c4-4444-7000-8000-000000000001");

    public static object Summary(Guid id, string number, string status, decimal total, Guid? purchaseOrderId = null) => new
    {
        id, kind = "goods", status, number, supplierId = Guid.NewGuid(), supplierName = "Shanghai Tea Co", purchaseOrderId, currency = "USD", total,
        invoiceDate = "2026-03-20", dueDate = "2026-04-19", updatedAt = "2026-03-20T10:00:00Z", paid = status == "paid" ? total : 0m, open = status == "paid" ? 0m : total,
    };

    /// <summary>An invoice of 150 kg of green tea at 12.50 against PO line 1 (100 kg received, PO price 12.3455): held on both counts.</summary>
    public static object Held(Guid companyId, string status = "on_hold", object? approval = null, decimal paid = 0m) => new
    {
        id = InvoiceId, companyId, kind = "goods", status, purchaseOrderId = PurchaseOrderSamples.OrderId, purchaseOrderNumber = "PO-2026-000001",
        supplierId = Guid.NewGuid(), supplierName = "Shanghai Tea Co", number = "INV-889", invoiceDate = "2026-03-20", currency = "USD",
        lines = new[] { new { poLineNo = 1, quantity = 150m, unitPrice = 12.5m, amount = 1875m } },
        serviceLines = Array.Empty<object>(),
        net = 1875m, vat = 0m, total = 1875m, dueDate = "2026-04-19", sourceDocumentId = (Guid?)null,
        match = new[]
        {
            new
            {
                poLineNo = 1, received = 100m, matched = false,
                mismatches = new[]
                {
                    new { reason = "over-invoiced-vs-received", message = "Invoiced 150 kg, received 100 kg." },
                    new { reason = "price-above-po", message = "12.50 is above the order's 12.3455 by more than 0.5 %." },
                },
            },
        },
        approval, rejectReason = (string?)null, cancelReason = (string?)null, receivedBy = Guid.NewGuid(),
        receivedAt = "2026-03-20T10:00:00Z", updatedAt = "2026-03-20T10:00:00Z", version = 2L, paid, open = 1875m - paid,
    };
}
