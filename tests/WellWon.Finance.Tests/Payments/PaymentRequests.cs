using System.Net;
using System.Net.Http.Json;
using WellWon.Finance.Tests.Http;

namespace WellWon.Finance.Tests.Payments;

/// <summary>The request bodies and purchase orders the payment tests share.</summary>
internal static class PaymentRequests
{
    /// <summary>A contract's registration number at the bank, as currency control gives it.</summary>
    public const string Unk = "26010001/1481/0000/2/1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A payment order to Ningbo Bearing Co. in China, or to the customs authority in roubles.</summary>
    public static object Body(Guid company, Guid id, string kind, Guid purposeId, decimal amount, string currency = "CNY", string? unk = Unk,
        string account = "GB82WEST12345698765432", bool customs = false, string purposeText = "Prepayment under contract SH-2026/01") => new
    {
        companyId = company,
        paymentOrderId = id,
        purpose = new { kind, id = purposeId },
        beneficiary = customs
            ? new { name = "Межрегиональное операционное УФК (ФТС России)", account = "03100643000000019502", swift = (string?)null, bankName = "Операционный департамент Банка России", country = "RU" }
            : new { name = "Ningbo Bearing Co.", account, swift = (string?)"BKCHCNBJ92A", bankName = "Bank of China", country = "CN" },
        amount,
        currency,
        purposeText = customs ? "Таможенные платежи по ДТ" : purposeText,
        contractRegistrationNumber = customs ? null : unk,
    };

    /// <summary>An approved, sent and confirmed purchase order of 8,000 bearings at 12.50 CNY: 100,000 CNY.</summary>
    public static async Task<Guid> ConfirmedPurchaseOrderAsync(PaymentsApiFactory.Company c, HttpClient admin)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var body = new
        {
            companyId = c.Id,
            supplier = new { name = "Ningbo Bearing Co.", country = "CN", address = "No. 8 Harbour Rd, Ningbo", bank = new { iban = "GB82WEST12345698765432", swift = "BKCHCNBJ92A", bankName = "Bank of China" } },
            currency = "CNY",
            lines = new object[] { new { description = "Ball bearings 6204-2RS", sku = "BRG-6204", hsCode = "8482105000", quantity = 8_000, unit = "pcs", unitPrice = 12.50m } },
            incoterm = "FOB",
            incotermPlace = "Shanghai",
            paymentTerms = new { prepaymentPercent = 30, prepaymentDays = 10, balanceBasis = "after_arrival", balanceDays = 30 },
            contract = new { number = $"SH-{Guid.NewGuid():N}"[..20], date = today, currency = "CNY", amount = 1_000_000m, bankRegistrationNumber = Unk },
            expectedDelivery = today.AddDays(60),
        };
        var id = (await LedgerApi.JsonAsync(await admin.PostAsJsonAsync("/api/finance/purchase-orders", body, Ct), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        foreach (var step in new[] { "approve", "send", "confirm" })
        {
            await LedgerApi.JsonAsync(await admin.PostAsJsonAsync($"/api/finance/purchase-orders/{id}/{step}", new { }, Ct), HttpStatusCode.OK);
        }

        return id;
    }
}
