using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Tests.PurchaseOrders;

/// <summary>Purchase orders as they stand after their events, and terms to build them from.</summary>
internal static class PurchaseOrderFixture
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly Guid Company = Guid.Parse("5d7c1e0a-2b44-4f7e-9a61-0c3e8b2d4f10");

    public static readonly Guid User = Guid.Parse("0e2b4c6d-8f10-4a3c-9e5b-7d1f3a5c7e90");

    public static ImportContract Contract(decimal amount = 100_000m, string currency = "USD", string? unk = "26030001/1481/0000/2/1") =>
        new("SH-2026/01", new DateOnly(2026, 1, 15), currency, amount, unk);

    /// <summary>Two lines in USD: 1,000 bearings at 12.50 and 200 oil seals at 3.75 (total 13,250.00), FOB Shanghai, 30 % prepaid.</summary>
    public static PurchaseOrderTerms Terms(ImportContract? contract = null, string currency = "USD") => new(
        new Supplier(null, "Ningbo Bearing Co.", "CN", "No. 8 Harbour Rd, Ningbo", new BankDetails(null, null, "BKCHCNBJ92A", "Bank of China Ningbo")),
        currency,
        [
            new OrderLine(0, "Ball bearings 6204-2RS", "BRG-6204", "8482105000", 1_000m, "pcs", 12.50m),
            new OrderLine(0, "Oil seals 35x52x7", null, null, 200m, "pcs", 3.75m),
        ],
        "FOB",
        "Shanghai",
        new PaymentTerms(30m, 10, BalanceBases.AfterArrival, 30),
        contract ?? Contract(currency: currency),
        new DateOnly(2026, 5, 1));

    public static PurchaseOrder Draft(PurchaseOrderTerms? terms = null) =>
        Reloaded(PurchaseOrder.Create(Guid.NewGuid(), Company, "PO-2026-000001", terms ?? Terms(), User, Now));

    public static ApprovalInput Admin(decimal rate = 90m) => new(User, CompanyRole.Admin, null, rate, new DateOnly(2026, 3, 2), rate);

    public static ApprovalInput Manager(decimal? limit, decimal rate = 90m) => new(User, CompanyRole.Manager, limit, rate, new DateOnly(2026, 3, 2), rate);

    /// <summary>Approved by an admin, sent and confirmed by the supplier.</summary>
    public static PurchaseOrder Confirmed(PurchaseOrderTerms? terms = null)
    {
        var order = Draft(terms);
        order.Approve(Admin(), Now);
        order.Send(User, Now);
        order.Confirm("NB-4471", User, Now.AddDays(1));
        return Reloaded(order);
    }

    /// <summary>The purchase order as the store would load it after saving <paramref name="order"/>'s changes.</summary>
    public static PurchaseOrder Reloaded(PurchaseOrder order)
    {
        var loaded = new PurchaseOrder();
        ((IAggregate)loaded).Restore(order.Id, order.CurrentVersion, order.State);
        return loaded;
    }

    public static PurchaseOrderRuleException Refused(Action act) => Assert.Throws<PurchaseOrderRuleException>(act);

    /// <summary>The fields and codes of every broken rule of shape.</summary>
    public static IReadOnlyList<(string Field, string Code)> Broken(PurchaseOrderTerms terms) =>
        [.. Assert.Throws<PurchaseOrderTermsException>(() => PurchaseOrder.Check(terms)).Violations.Select(v => (v.Field, v.Code))];
}
