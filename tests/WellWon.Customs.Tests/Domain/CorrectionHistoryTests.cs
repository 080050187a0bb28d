using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using static WellWon.Customs.Tests.Domain.DeclarationFixture;

namespace WellWon.Customs.Tests.Domain;

/// <summary>A correction's history entry: who, when, why, each changed value, and the payments before and after, rebuilt from the events.</summary>
public sealed class CorrectionHistoryTests
{
    [Fact]
    public void A_correction_keeps_what_changed_and_the_payments_before_and_after_its_calculation()
    {
        var declaration = Registered();
        var bearings = Bearings() with { InvoicePrice = new Money(13_000m, "USD") };
        declaration.Correct(Header(), [bearings, Cod(), Shirts()], Costs(), "Price per the supplier's corrected invoice", User, Now);
        declaration = Stored(declaration);

        var entry = Assert.Single(declaration.State.CorrectionHistory);
        Assert.Equal((1, User, Now, "Price per the supplier's corrected invoice"), (entry.Number, entry.By, entry.At, entry.Reason));
        Assert.Equal([new CorrectionChange(1, "invoicePrice", "12000 USD", "13000 USD")], entry.Changes);
        Assert.Equal(643_372.27m, entry.Before!.Total);
        Assert.Null(entry.After);
        Assert.Null(entry.PaymentDifference);

        declaration.RecordCalculation(Calculate(declaration), User, Now);
        entry = Stored(declaration).State.CorrectionHistory[0];

        // 1,000 USD × 80.75 = 80,750.00 more customs value on item 1 (costs are shared by weight, unchanged):
        // duty 10 % → +8,075.00; VAT 20 % of (80,750.00 + 8,075.00) → +17,765.00; the fee band (1.2–2.7 million) is the same.
        Assert.Equal(2_328_625.10m, entry.After!.CustomsValue);
        Assert.Equal((218_362.93m + 8_075.00m, 411_468.34m + 17_765.00m), (entry.After.Duty, entry.After.Vat));
        Assert.Equal(25_840.00m, entry.PaymentDifference);
        Assert.Equal(8_075.00m, entry.After.Items[0].Duty - entry.Before!.Items[0].Duty);
    }

    [Fact]
    public void Items_added_and_removed_and_header_and_cost_changes_are_listed()
    {
        var declaration = Registered();
        var pallets = Cod() with { Id = Guid.Parse("0193a8f0-0000-7000-8000-00000000d004"), Description = "Wooden pallets", HsCode = "4415202000" };
        declaration.Correct(Header(incoterm: "CIF"), [Bearings(), pallets], [new(CostKinds.Freight, new Money(3_100m, "USD"))], "Consignment per the corrected invoice", User, Now);

        var changes = Stored(declaration).State.CorrectionHistory[0].Changes;
        Assert.Contains(new CorrectionChange(null, "incoterm", "FOB, Shanghai", "CIF, Shanghai"), changes);
        Assert.Contains(new CorrectionChange(null, "costs.freight", "3000 USD", "3100 USD"), changes);
        Assert.Contains(new CorrectionChange(null, "costs.insurance", "250 EUR", null), changes);
        Assert.Contains(new CorrectionChange(2, "item", null, "4415202000 Wooden pallets"), changes);
        Assert.Contains(new CorrectionChange(2, "item", "0303631000 Frozen Pacific cod, headed and gutted", null), changes);
        Assert.Contains(new CorrectionChange(3, "item", "6109100000 Men's cotton T-shirts", null), changes);
        Assert.DoesNotContain(changes, c => c.Item == 1);
    }
}
