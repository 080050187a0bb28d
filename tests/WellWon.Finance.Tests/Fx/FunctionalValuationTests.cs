using System.Text.Json;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Platform.Kernel;
using static WellWon.Finance.Tests.Fx.FxFixture;

namespace WellWon.Finance.Tests.Fx;

/// <summary>Rouble equivalents: realised differences, the month-end revaluation, reversals, missing rates and lines recorded before.</summary>
public sealed class FunctionalValuationTests
{
    private static readonly Guid Supplier = Guid.Parse("3e9b6c1d-2f4a-4b7e-8c0d-000000000007");
    private static readonly string Payable = ChartOfAccounts.PayableOf(Supplier, "USD");
    private static readonly DateOnly Oct1 = new(2026, 10, 1), Oct15 = new(2026, 10, 15), Oct31 = new(2026, 10, 31), Nov20 = new(2026, 11, 20), Nov30 = new(2026, 11, 30);

    private static FxFixture UsdBooks() => new FxFixture()
        .Rate("USD", Oct1, 95.0000m).Rate("USD", Oct15, 96.5000m).Rate("USD", Oct31, 97.1234m).Rate("USD", Nov20, 94.2500m).Rate("USD", Nov30, 93.0000m);

    /// <summary>10,000 USD of opening balance on 1 October (at 95.00: 950,000.00) and a 4,000 USD invoice on 15 October (at 96.50: 386,000.00).</summary>
    private static FxFixture WithPayable()
    {
        var fx = UsdBooks();
        fx.Ledger.Post([Entry("Opening", At(2026, 10, 1), Dr("1010.USD", 10_000m, "USD"), Cr("3010.USD", 10_000m, "USD"))], At(2026, 10, 1));
        fx.Ledger.Post([Entry("Invoice", At(2026, 10, 15), Dr("5510.USD", 4_000m, "USD"), Cr("2110", 4_000m, "USD", Supplier))], At(2026, 10, 15));
        return fx;
    }

    [Fact]
    public void Paying_a_foreign_payable_realises_the_difference_between_its_carrying_rate_and_the_money_s()
    {
        var fx = WithPayable();
        Assert.Equal((10_000m, 950_000.00m), fx.Balance("1010.USD"));
        Assert.Equal((10_000m, 950_000.00m), fx.Balance("3010.USD"));
        Assert.Equal((4_000m, 386_000.00m), fx.Balance(Payable));

        // Paying 2,500 of it: the payable leaves at 96.50 (241,250.00), the dollars at 95.00 (237,500.00): a gain of 3,750.00.
        var payment = Entry("Part payment", At(2026, 10, 20), Dr("2110", 2_500m, "USD", Supplier), Cr("1010.USD", 2_500m, "USD"));
        fx.Ledger.Post([payment], At(2026, 10, 20));
        var gain = Assert.Single(fx.FxLines(payment.Id));
        Assert.Equal((EntrySide.Credit, 3_750.00m, "RUB"), (gain.Side, gain.Amount, gain.Currency));
        Assert.Equal((1_500m, 144_750.00m), fx.Balance(Payable));
        Assert.Equal((7_500m, 712_500.00m), fx.Balance("1010.USD"));
        Assert.Equal(0m, fx.RubColumn);

        // Dollars added at a dearer 99.00 raise the bank's carrying rate, so paying the rest realises a smaller gain.
        fx.Rate("USD", new DateOnly(2026, 10, 22), 99.0000m);
        fx.Ledger.Post([Entry("More dollars", At(2026, 10, 22), Dr("1010.USD", 1_500m, "USD"), Cr("3010.USD", 1_500m, "USD"))], At(2026, 10, 22));
        // Bank now 9,000 USD carrying 712,500.00 + 148,500.00 = 861,000.00 (95.666… per dollar); 1,500 leave at 143,500.00.
        var rest = Entry("Rest", At(2026, 10, 22), Dr("2110", 1_500m, "USD", Supplier), Cr("1010.USD", 1_500m, "USD"));
        fx.Ledger.Post([rest], At(2026, 10, 22));
        Assert.Equal((7_500m, 717_500.00m), fx.Balance("1010.USD"));
        var result = Assert.Single(fx.FxLines(rest.Id));
        // The payable carried 144,750.00, the dollars 143,500.00: 1,250.00 fewer roubles left than the debt carried, a gain again.
        Assert.Equal((EntrySide.Credit, 1_250.00m), (result.Side, result.Amount));
        Assert.Equal((0m, 0m), fx.Balance(Payable));
        Assert.Equal(0m, fx.RubColumn);
    }

    [Fact]
    public void The_month_end_revaluation_is_one_idempotent_entry_and_cumulative_so_the_next_month_and_the_settlement_start_from_it()
    {
        var fx = WithPayable();
        var ledger = fx.Saved();

        Assert.Equal(LedgerErrors.MonthNotOver, Assert.Throws<LedgerRuleException>(() => ledger.Revalue(Oct1, At(2026, 10, 31))).Code);

        // 31.10 at 97.1234: bank 10,000 × 97.1234 = 971,234.00 − 950,000.00 = +21,234.00 (gain); payable 4,000 × 97.1234 = 388,493.60
        // − 386,000.00 = 2,493.60 more owed (loss). Equity and the expense are non-monetary: not revalued.
        var october = ledger.Revalue(Oct1, At(2026, 11, 1));
        Assert.Equal(
            [("1010.USD", EntrySide.Debit, 0m, 21_234.00m), (Payable, EntrySide.Credit, 0m, 2_493.60m), ("4420", EntrySide.Credit, 21_234.00m, 21_234.00m), ("5420", EntrySide.Debit, 2_493.60m, 2_493.60m)],
            october.Entry.Lines.Select(l => (ledger.State.Accounts[l.AccountId].Code, l.Side, l.Amount, l.Functional!.Value)));
        Assert.All(october.Entry.Lines, l => Assert.True(l.Valuation));
        var versionAfter = ledger.CurrentVersion;
        var again = ledger.Revalue(new DateOnly(2026, 10, 17), At(2026, 11, 3));
        Assert.True(again.Replayed);
        Assert.Equal((october.Entry.Id, versionAfter), (again.Entry.Id, ledger.CurrentVersion));
        Assert.Equal((10_000m, 971_234.00m), fx.Balance("1010.USD"));
        Assert.Equal((4_000m, 388_493.60m), fx.Balance(Payable));

        // Cumulative, not reversed on the 1st: the settlement on 20.11 measures from the revalued 388,493.60 and 97.1234.
        var payment = Entry("Payment", At(2026, 11, 20), Dr("2110", 4_000m, "USD", Supplier), Cr("1010.USD", 4_000m, "USD"));
        ledger.Post([payment], At(2026, 11, 20));
        // Both leave at 97.1234 (4,000 of 10,000 bank dollars carry 971,234.00 × 0.4 = 388,493.60): nothing is realised.
        Assert.Empty(fx.FxLines(payment.Id));

        // 30.11 at 93.00: the 6,000 bank dollars carry 582,740.40; worth 558,000.00: a loss of 24,740.40.
        ledger = fx.Saved();
        var november = ledger.Revalue(Nov30, At(2026, 12, 1));
        Assert.Equal([("1010.USD", EntrySide.Credit, 24_740.40m), ("5420", EntrySide.Debit, 24_740.40m)],
            november.Entry.Lines.Select(l => (ledger.State.Accounts[l.AccountId].Code, l.Side, l.Functional!.Value)));
        Assert.Equal((6_000m, 558_000.00m), fx.Balance("1010.USD"));
        Assert.Equal(0m, fx.RubColumn);
        Assert.Equal(LedgerErrors.NotReversible, Assert.Throws<LedgerRuleException>(() => ledger.Reverse(november.Entry.Id, Guid.NewGuid(), null, At(2026, 12, 1))).Code);
        Assert.Equal(LedgerErrors.RevaluationOutOfOrder, Assert.Throws<LedgerRuleException>(() => ledger.Revalue(new DateOnly(2026, 9, 1), At(2026, 12, 1))).Code);
    }

    [Fact]
    public void A_reversal_restores_the_rouble_balances_exactly_fx_line_included()
    {
        var fx = WithPayable();
        var before = fx.Ledger.State.Accounts.Values.ToDictionary(a => a.Code, a => (a.Posted, a.RubEquivalent));
        var payment = Entry("Payment", At(2026, 10, 20), Dr("2110", 4_000m, "USD", Supplier), Cr("1010.USD", 4_000m, "USD"));
        fx.Ledger.Post([payment], At(2026, 10, 20));
        Assert.Single(fx.FxLines(payment.Id));

        var reversal = fx.Ledger.Reverse(payment.Id, Guid.NewGuid(), null, At(2026, 10, 21));
        Assert.Single(reversal.Entry.Lines, l => l.Valuation);
        Assert.Equal(before, fx.Ledger.State.Accounts.Values.Where(a => before.ContainsKey(a.Code)).ToDictionary(a => a.Code, a => (a.Posted, a.RubEquivalent)));
        Assert.Equal((0m, 0m), fx.Balance("4410"));
    }

    [Fact]
    public void A_foreign_line_without_its_days_rate_is_asked_for_and_a_rouble_entry_needs_none()
    {
        var fx = new FxFixture();
        fx.Ledger.Post([Entry("Roubles", At(2026, 10, 1), Dr("1010.RUB", 10m), Cr("3010.RUB", 10m))], At(2026, 10, 1));

        var needed = Assert.Throws<RateNeededException>(() => fx.Ledger.Post([Entry("Dollars", At(2026, 10, 2), Dr("1010.USD", 10m, "USD"), Cr("3010.USD", 10m, "USD"))], At(2026, 10, 2)));
        Assert.Equal(("USD", new DateOnly(2026, 10, 2)), (needed.Currency, needed.Day));
        Assert.Equal(LedgerErrors.RateMissing, needed.Missing().Code);
        Assert.Contains("USD for 2026-10-02", needed.Missing().Message, StringComparison.Ordinal);
        Assert.Empty(fx.Ledger.Changes.Skip(1));
    }

    [Fact]
    public void Lines_recorded_before_lines_were_valued_replay_as_not_valued_and_decide_as_before()
    {
        // An event as it was written before lines carried roubles.
        var oldLine = """{"accountId":"9d7b8f3e-0000-8000-8000-000000000001","side":"debit","amount":10.5,"currency":"USD"}""";
        var line = JsonSerializer.Deserialize<EntryLine>(oldLine, EventTypeRegistry.JsonOptions)!;
        Assert.Equal((10.5m, (decimal?)null, false, (decimal?)null), (line.Amount, line.Functional, line.Valuation, line.Rub));
        Assert.Equal(10.5m, (line with { Currency = "RUB" }).Rub);
        Assert.DoesNotContain("functional", JsonSerializer.Serialize(line, EventTypeRegistry.JsonOptions), StringComparison.Ordinal);

        // A ledger decided on without rates records what it did before, and an account it moved in dollars is marked not valued:
        // it is left out of revaluations and its decreases are valued afresh, never at a carrying rate it does not know.
        var ledger = Domain.LedgerFixture.Funded(1_000m, "USD");
        Assert.True(ledger.State.Find("1010.USD")!.Unvalued);
        Assert.All(ledger.State.Entries.Values.Single().Lines, l => Assert.Null(l.Functional));
        ledger.Rates = new OfficialRateBook((_, _) => 90m);
        Assert.Empty(ledger.Revalue(new DateOnly(2025, 10, 1), Domain.LedgerFixture.Now).Entry.Lines);
        var spend = Entry("Fee", At(2025, 11, 20), Dr("5510.USD", 100m, "USD"), Cr("1010.USD", 100m, "USD"));
        ledger.Post([spend], At(2025, 11, 20));
        Assert.All(ledger.State.Entries[spend.Id].Lines, l => Assert.Equal(9_000m, l.Functional));
    }
}
