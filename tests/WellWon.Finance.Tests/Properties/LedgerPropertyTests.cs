using System.Collections.Immutable;
using CsCheck;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Platform.Kernel;
using static WellWon.Finance.Tests.Domain.LedgerFixture;

namespace WellWon.Finance.Tests.Properties;

/// <summary>
/// Random sequences of fundings, conversions, prepayments, invoices (set off against prepayments), payments, reversals and month-end
/// revaluations, over days with official rates that move; after every step the books must hold: each entry balances per currency
/// and in roubles, the trial balance is zero in each foreign currency and in roubles, no bank account is overdrawn, and folding the
/// log from the start gives the same accounts, rouble balances included.
/// </summary>
public sealed class LedgerPropertyTests
{
    private static readonly string[] Foreign = ["USD", "CNY"];
    private static readonly Guid[] Suppliers = [Guid.Parse("a1000000-0000-4000-8000-000000000001"), Guid.Parse("a1000000-0000-4000-8000-000000000002")];
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>One random step: what it does, in which currency, how much (in cents), how many days pass before it, and a free choice.</summary>
    public sealed record Step(int Kind, int Currency, int Cents, int Days, int Pick);

    private static readonly Gen<Step> Steps =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, 2], Gen.Int[1, 5_000_000], Gen.Int[0, 9], Gen.Int[0, 9_999], (k, c, a, d, p) => new Step(k, c, a, d, p));

    /// <summary>RUB per unit on a day: moves by up to a rouble around the currency's level, differently each day.</summary>
    private static decimal RateOf(string currency, DateOnly day) =>
        (currency == "USD" ? 90m : 12m) + (day.DayNumber * 37 + currency[0] * 11) % 997 / 1000m;

    private static readonly OfficialRateBook Book = new((currency, day) => RateOf(currency, day));

    [Fact]
    public void Any_sequence_of_business_keeps_the_books_balanced_in_every_currency_and_in_roubles_and_rebuilds_the_same()
    {
        Steps.Array[1, 40].Sample(Run, iter: 150, threads: 1);
    }

    private static void Run(Step[] steps)
    {
        var ledger = CompanyLedger.Open(Company, Start);
        // The log folded from its first event, one event at a time as it grows: what a load of the stream gives.
        var rebuilt = ledger.Changes.Aggregate(new LedgerState(), (s, e) => s.When(e));
        ledger = Saved(ledger);
        var now = Start;
        foreach (var step in steps)
        {
            now = now.AddDays(step.Days);
            var version = ledger.CurrentVersion;
            try
            {
                Do(ledger, step, now);
            }
            catch (LedgerRuleException)
            {
                // A refusal (an overdraft, a month not over) leaves the ledger as it was.
                Assert.Equal(version, ledger.CurrentVersion);
            }

            rebuilt = ledger.Changes.Aggregate(rebuilt, (s, e) => s.When(e));
            ledger = Saved(ledger);
            Check(ledger.State, rebuilt);
        }
    }

    private static CompanyLedger Saved(CompanyLedger ledger)
    {
        var saved = Reloaded(ledger);
        saved.Rates = Book;
        return saved;
    }

    private static void Do(CompanyLedger ledger, Step step, DateTimeOffset now)
    {
        var currency = step.Currency == 0 ? Currencies.Rub : Foreign[step.Currency - 1];
        var foreign = step.Currency == 0 ? "USD" : currency;
        var amount = step.Cents / 100m;
        var day = OfficialRateBook.DayOf(now);
        LedgerAccount Account(string code) => ledger.State.Find(code) ?? throw new InvalidOperationException(code);
        EntryDraft Entry(string description, params LineDraft[] lines) => new(Guid.NewGuid(), description, null, lines, now);
        LineDraft Line(string code, EntrySide side, decimal value, string? cur = null, Guid? supplier = null) => new(code, side, value, cur ?? foreign, supplier);

        switch (step.Kind)
        {
            case 0:
                ledger.Post([Entry("Funding", Line($"1010.{currency}", EntrySide.Debit, amount, currency), Line($"3010.{currency}", EntrySide.Credit, amount, currency))], now);
                break;
            case 1:
                // Currency bought for roubles at up to 1 % over the official rate.
                var paid = Currencies.Round(amount * RateOf(foreign, day) * (1 + step.Pick / 1_000_000m), Currencies.Rub);
                ledger.Post(CurrencyConversion.Drafts(Guid.NewGuid(), new Money(paid, Currencies.Rub), new Money(amount, foreign), RateOf(foreign, day), null, null, null, null), now);
                break;
            case 2:
                // Currency sold for roubles at up to 1 % under the official rate.
                var got = Currencies.Round(amount * RateOf(foreign, day) * (1 - step.Pick / 1_000_000m), Currencies.Rub);
                ledger.Post(CurrencyConversion.Drafts(Guid.NewGuid(), new Money(amount, foreign), new Money(got, Currencies.Rub), 1 / RateOf(foreign, day), null, null, null, null), now);
                break;
            case 3:
                ledger.Post([Entry("Prepayment", Line($"1310.{foreign}", EntrySide.Debit, amount), Line($"1010.{foreign}", EntrySide.Credit, amount))], now);
                break;
            case 4:
                // An invoice sets off up to the prepayment held, the rest owed to one of the suppliers.
                if (ledger.State.Find($"1510.{foreign}") is null)
                {
                    ledger.OpenAccount($"1510.{foreign}", $"Inventory {foreign}", AccountType.Asset, foreign, false, false, null, null, now);
                }

                var setOff = Math.Min(Account($"1310.{foreign}").Posted, Currencies.Round(amount * (step.Pick % 101) / 100m, foreign));
                var lines = new List<LineDraft> { Line($"1510.{foreign}", EntrySide.Debit, amount) };
                if (setOff > 0)
                {
                    lines.Add(Line($"1310.{foreign}", EntrySide.Credit, setOff));
                }

                if (amount - setOff > 0)
                {
                    lines.Add(Line("2110", EntrySide.Credit, amount - setOff, supplier: Suppliers[step.Pick % 2]));
                }

                ledger.Post([Entry("Invoice", [.. lines])], now);
                break;
            case 5:
                var supplier = Suppliers[step.Pick % 2];
                var owed = ledger.State.Find(ChartOfAccounts.PayableOf(supplier, foreign))?.Posted ?? 0m;
                var pay = Math.Min(owed, amount);
                if (pay > 0)
                {
                    ledger.Post([Entry("Payment", Line("2110", EntrySide.Debit, pay, supplier: supplier), Line($"1010.{foreign}", EntrySide.Credit, pay))], now);
                }

                break;
            case 6:
                // Any posted entry but one leg of a conversion alone: its two legs are undone together or not at all.
                var reversible = ledger.State.Entries.Values.Where(e => e.Status == EntryStatus.Posted && e.ReversedBy is null && e.BatchId is null)
                    .OrderBy(e => e.RecordedAt).ThenBy(e => e.Id).ToList();
                if (reversible.Count > 0)
                {
                    ledger.Reverse(reversible[step.Pick % reversible.Count].Id, Guid.NewGuid(), null, now);
                }

                break;
            default:
                ledger.Revalue(Revaluation.MonthOf(day).AddMonths(-(step.Pick % 2) - 1), now);
                break;
        }
    }

    private static void Check(LedgerState state, LedgerState rebuilt)
    {
        foreach (var entry in state.Entries.Values.Where(e => e.Status == EntryStatus.Posted))
        {
            var lines = entry.PostedLines ?? entry.Lines;
            foreach (var currency in lines.Where(l => !l.Valuation).GroupBy(l => l.Currency))
            {
                Assert.Equal(0m, currency.Sum(l => l.Side == EntrySide.Debit ? l.Amount : -l.Amount));
            }

            Assert.Equal(0m, lines.Sum(l => l.Side == EntrySide.Debit ? l.Functional!.Value : -l.Functional!.Value));
        }

        var accounts = state.Accounts.Values.ToList();
        Assert.Equal(0m, accounts.Sum(a => a.FunctionalDebits - a.FunctionalCredits));
        foreach (var currency in accounts.Where(a => a.Currency != Currencies.Rub).GroupBy(a => a.Currency))
        {
            Assert.Equal(0m, currency.Sum(a => a.PostedDebits - a.PostedCredits));
        }

        Assert.All(accounts, a => Assert.False(a.Overdrawn, $"{a.Code} is overdrawn: {a.Posted}."));
        // An emptied account carries no roubles; the FX conversion accounts are a clearing pair that nets to zero in roubles together.
        var conversion = accounts.Where(a => a.Code.StartsWith(ChartOfAccounts.FxConversion + ".", StringComparison.Ordinal)).ToList();
        Assert.All(accounts.Except(conversion).Where(a => a.Posted == 0 && a.Currency != Currencies.Rub), a => Assert.Equal(0m, a.RubEquivalent));
        Assert.Equal(0m, conversion.Sum(a => a.FunctionalDebits - a.FunctionalCredits));

        Assert.Equal(state.Accounts.OrderBy(a => a.Key).ToImmutableList(), rebuilt.Accounts.OrderBy(a => a.Key).ToImmutableList());
        Assert.Equal(state.Entries.Count, rebuilt.Entries.Count);
    }
}
