using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using static WellWon.Finance.Tests.Fx.FxFixture;

namespace WellWon.Finance.Tests.Fx;

/// <summary>
/// The worked example, every figure computed by hand. A purchase order for 100,000.00 CNY from one supplier: 30 % prepaid on 6 October
/// with yuan bought from the bank that day, the goods arrive with the supplier's invoice on 20 October, the month is revalued on
/// 31 October, and the remaining 70 % is paid on 10 November with yuan bought that day.
///
/// Official rates (RUB per CNY): 06.10 11.2530; 20.10 11.4075; 31.10 11.4620; 10.11 11.3310; 30.11 (nothing open by then).
/// Bank rates: 06.10 11.42135; 10.11 11.48937.
/// </summary>
public sealed class WorkedExampleTests
{
    private static readonly Guid Supplier = Guid.Parse("5b0c2f0e-7d1a-4c55-9a1e-000000000042");
    private static readonly string Payable = ChartOfAccounts.PayableOf(Supplier, "CNY");

    [Fact]
    public void Prepayment_payable_realised_difference_and_revaluation_to_the_kopeck_with_a_zero_trial_balance()
    {
        var fx = new FxFixture()
            .Rate("CNY", new(2026, 10, 6), 11.2530m)
            .Rate("CNY", new(2026, 10, 20), 11.4075m)
            .Rate("CNY", new(2026, 10, 31), 11.4620m)
            .Rate("CNY", new(2026, 11, 10), 11.3310m);
        var ledger = fx.Ledger;
        ledger.OpenAccount("1510.CNY", "Inventory CNY", AccountType.Asset, "CNY", false, false, null, null, At(2026, 10, 1));
        ledger.Post([Entry("Opening balance", At(2026, 10, 1), Dr("1010.RUB", 2_000_000m), Cr("3010.RUB", 2_000_000m))], At(2026, 10, 1));

        // 06.10 — 30 % of 100,000.00 = 30,000.00 CNY bought at the bank's 11.42135: 30,000 × 11.42135 = 342,640.50 RUB paid.
        // At the official 11.2530 they are worth 30,000 × 11.2530 = 337,590.00; the spread 342,640.50 − 337,590.00 = 5,050.50 is a bank cost.
        // The yuan on the bank account carry 337,590.00 (11.2530 per yuan).
        ledger.Post(CurrencyConversion.Drafts(Guid.NewGuid(), new Money(342_640.50m, "RUB"), new Money(30_000m, "CNY"), 11.2530m, null, null, null, "PO-2026-000001"), At(2026, 10, 6));
        Assert.Equal((30_000m, 337_590.00m), fx.Balance("1010.CNY"));
        Assert.Equal((5_050.50m, 5_050.50m), fx.Balance("5510.RUB"));

        // The prepayment: the yuan leave the bank at their carrying 337,590.00; the prepayment (non-monetary) is recognised at the
        // official rate of the day, 30,000 × 11.2530 = 337,590.00, so nothing is realised.
        var prepayment = Entry("Prepayment 30 % of PO-2026-000001", At(2026, 10, 6), Dr("1310.CNY", 30_000m, "CNY"), Cr("1010.CNY", 30_000m, "CNY"));
        ledger.Post([prepayment], At(2026, 10, 6));
        Assert.Equal((30_000m, 337_590.00m), fx.Balance("1310.CNY"));
        Assert.Equal((0m, 0m), fx.Balance("1010.CNY"));
        Assert.Empty(fx.FxLines(prepayment.Id));

        // 20.10 — the goods arrive with the invoice for 100,000.00 CNY; the prepayment is set off against it. The payable for the rest,
        // 70,000.00, is monetary, at the official 11.4075: 70,000 × 11.4075 = 798,525.00. The goods (non-monetary) are recognised at the
        // prepayment's rate for the part it covers and at the day's rate for the rest (IFRIC 22): 337,590.00 + 798,525.00 = 1,136,115.00.
        var invoice = Entry("Supplier invoice SI-7781 (PO-2026-000001)", At(2026, 10, 20),
            Dr("1510.CNY", 100_000m, "CNY"), Cr("1310.CNY", 30_000m, "CNY"), Cr("2110", 70_000m, "CNY", Supplier));
        ledger.Post([invoice], At(2026, 10, 20));
        Assert.Equal((100_000m, 1_136_115.00m), fx.Balance("1510.CNY"));
        Assert.Equal((70_000m, 798_525.00m), fx.Balance(Payable));
        Assert.Equal((0m, 0m), fx.Balance("1310.CNY"));
        Assert.Empty(fx.FxLines(invoice.Id));

        // 31.10 — month end: the open payable, 70,000.00 CNY, is worth 70,000 × 11.4620 = 802,340.00; it carries 798,525.00, so the
        // liability grew by 802,340.00 − 798,525.00 = 3,815.00: an unrealised loss. The inventory is not revalued (non-monetary), the bank
        // holds no yuan, and the FX conversion pair clears in roubles.
        ledger = fx.Saved();
        var october = ledger.Revalue(new DateOnly(2026, 10, 1), At(2026, 11, 2));
        Assert.False(october.Replayed);
        Assert.Equal(Revaluation.EntryIdOf(ledger.Id, new DateOnly(2026, 10, 1)), october.Entry.Id);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), october.Entry.EffectiveAt);
        var payableId = ledger.State.Find(Payable)!.Id;
        Assert.Equal(
            [(payableId, EntrySide.Credit, 0m, "CNY", 3_815.00m), (ledger.State.Find("5420")!.Id, EntrySide.Debit, 3_815.00m, "RUB", 3_815.00m)],
            october.Entry.Lines.Select(l => (l.AccountId, l.Side, l.Amount, l.Currency, l.Functional!.Value)));
        Assert.Equal((70_000m, 802_340.00m), fx.Balance(Payable));
        Assert.Equal((100_000m, 1_136_115.00m), fx.Balance("1510.CNY"));

        // 10.11 — the balance: 70,000.00 CNY bought at the bank's 11.48937: 70,000 × 11.48937 = 804,255.90 RUB paid; at the official
        // 11.3310 they are worth 70,000 × 11.3310 = 793,170.00; spread 804,255.90 − 793,170.00 = 11,085.90.
        ledger.Post(CurrencyConversion.Drafts(Guid.NewGuid(), new Money(804_255.90m, "RUB"), new Money(70_000m, "CNY"), 11.3310m, null, null, null, "PO-2026-000001"), At(2026, 11, 10));
        Assert.Equal((70_000m, 793_170.00m), fx.Balance("1010.CNY"));

        // The payment: the payable leaves at its carrying 802,340.00, the yuan at theirs, 793,170.00. The liability was settled for
        // 9,170.00 fewer roubles than it carried: a realised FX gain of 802,340.00 − 793,170.00 = 9,170.00, its own line in the entry.
        // With October's unrealised loss the payable's FX result is 9,170.00 − 3,815.00 = 5,355.00 = 70,000 × (11.4075 − 11.3310).
        var payment = Entry("Payment of SI-7781, balance 70 %", At(2026, 11, 10), Dr("2110", 70_000m, "CNY", Supplier), Cr("1010.CNY", 70_000m, "CNY"));
        ledger.Post([payment], At(2026, 11, 10));
        var gain = Assert.Single(fx.FxLines(payment.Id));
        Assert.Equal((ledger.State.Find("4410")!.Id, EntrySide.Credit, 9_170.00m, "RUB", 9_170.00m), (gain.AccountId, gain.Side, gain.Amount, gain.Currency, gain.Functional!.Value));
        Assert.Equal((0m, 0m), fx.Balance(Payable));
        Assert.Equal((0m, 0m), fx.Balance("1010.CNY"));
        Assert.Equal((9_170.00m, 9_170.00m), fx.Balance("4410"));
        Assert.Equal((3_815.00m, 3_815.00m), fx.Balance("5420"));
        Assert.Equal(9_170.00m - 3_815.00m, 70_000m * (11.4075m - 11.3310m));

        // 30.11 — nothing in yuan is open: the month is revalued with an entry of no lines, and asking again answers it.
        ledger = fx.Saved();
        var november = ledger.Revalue(new DateOnly(2026, 11, 1), At(2026, 12, 1));
        Assert.Empty(november.Entry.Lines);
        Assert.True(ledger.Revalue(new DateOnly(2026, 11, 1), At(2026, 12, 2)).Replayed);

        // Roubles: 2,000,000.00 − 342,640.50 − 804,255.90 = 853,103.60 left; bank costs 5,050.50 + 11,085.90 = 16,136.40.
        Assert.Equal((853_103.60m, 853_103.60m), fx.Balance("1010.RUB"));
        Assert.Equal((16_136.40m, 16_136.40m), fx.Balance("5510.RUB"));
        // The FX conversion pair: 1910.RUB 337,590.00 + 793,170.00 = 1,130,760.00 against 1910.CNY's 100,000.00 CNY worth the same.
        Assert.Equal((1_130_760.00m, 1_130_760.00m), fx.Balance("1910.RUB"));
        Assert.Equal((-100_000m, -1_130_760.00m), fx.Balance("1910.CNY"));

        // The trial balance in roubles: 853,103.60 + 16,136.40 + 1,130,760.00 + 1,136,115.00 + 3,815.00 (debits)
        // − 2,000,000.00 − 1,130,760.00 − 9,170.00 (credits) = 0; and the yuan: 100,000.00 inventory − 100,000.00 FX conversion = 0.
        Assert.Equal(0m, fx.RubColumn);
        Assert.All(fx.ForeignColumns, c => Assert.Equal(0m, c));
    }
}
