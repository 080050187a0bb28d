namespace WellWon.Web.Tests.Finance;

/// <summary>Payment orders as the Api answers them (FINANCE-API: PaymentOrderSummary, PaymentOrderView).</summary>
public static class PaymentSamples
{
    public static readonly Guid PaymentId = Guid.Parse("0196a0c4-5555-7000-8000-000000000001");

    public static object Summary(string number, string status, decimal amount, string currency, decimal? rubAmount) => new
    {
        id = Guid.NewGuid(), number, purpose = new { kind = "supplier-invoice", id = InvoiceSamples.InvoiceId, label = "Invoice INV-889 of Shanghai Tea Co" }, beneficiaryName = "Shanghai Tea Co",
        amount, currency, rubAmount, status, createdAt = "2026-03-21T09:00:00Z", completedAt = (string?)null,
    };

    /// <summary>A USD order for invoice INV-889 in <paramref name="status"/>, its steps as given (name, status).</summary>
    public static object View(string status, (string Step, string Status, string? Detail)[] steps, object? failure = null, string? validUntil = null) => new
    {
        id = PaymentId, number = "PAY-2026-000001",
        purpose = new { kind = "supplier-invoice", id = InvoiceSamples.InvoiceId, label = "Invoice INV-889 of Shanghai Tea Co" },
        beneficiaryName = "Shanghai Tea Co", amount = 1875m, currency = "USD", rubAmount = 172_500m, status,
        createdAt = "2026-03-21T09:00:00Z", completedAt = (string?)null,
        beneficiary = new { name = "Shanghai Tea Co", account = "CN12345678901234", swift = "BKCHCNBJ", bankName = "Bank of China", country = "CN" },
        purposeText = "Payment for invoice INV-889", contractRegistrationNumber = "26010001/1481/0000/2/1",
        quote = new { quoteId = Guid.NewGuid(), bankRate = 92m, officialRate = 91.5m, spreadRub = 937.5m, rubAmount = 172_500m, validUntil = validUntil ?? "2026-03-21T09:15:00Z" },
        bankReference = (string?)null, failure,
        steps = steps.Select(s => new { step = s.Step, status = s.Status, at = s.Status is "pending" ? null : "2026-03-21T09:00:05Z", detail = s.Detail }).ToArray(),
    };

    private static readonly string[] Steps = ["quote", "rate-locked", "debited", "credited", "transfer-sent", "confirmed"];

    public static (string, string, string?)[] Progress(int done, string next = "running") =>
    [
        .. Steps.Select((s, i) => (s, i < done ? "done" : i == done ? next : "pending", i == 0 && done > 0 ? "92.0000 RUB per USD" : null)),
    ];
}
