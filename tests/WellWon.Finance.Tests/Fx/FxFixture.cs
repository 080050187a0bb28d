using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using static WellWon.Finance.Tests.Domain.LedgerFixture;

namespace WellWon.Finance.Tests.Fx;

/// <summary>A ledger that values its lines in roubles at the official rates a test sets per currency and day.</summary>
internal sealed class FxFixture
{
    private readonly Dictionary<(string Currency, DateOnly Day), decimal> _rates = [];

    public FxFixture(Guid? company = null)
    {
        var opened = CompanyLedger.Open(company ?? Company, Now);
        Ledger = Reloaded(opened);
        Ledger.Rates = Book;
    }

    public CompanyLedger Ledger { get; private set; }

    public OfficialRateBook Book => new((currency, day) => _rates.TryGetValue((currency, day), out var r) ? r : null);

    public FxFixture Rate(string currency, DateOnly day, decimal rubPerUnit)
    {
        _rates[(currency, day)] = rubPerUnit;
        return this;
    }

    /// <summary>The ledger as the store would load it, with this fixture's rates given again (as the write path does).</summary>
    public CompanyLedger Saved()
    {
        Ledger = Reloaded(Ledger);
        Ledger.Rates = Book;
        return Ledger;
    }

    public static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 10, 0, 0, TimeSpan.Zero);

    public static LineDraft Dr(string account, decimal amount, string currency = "RUB", Guid? supplier = null) => new(account, EntrySide.Debit, amount, currency, supplier);

    public static LineDraft Cr(string account, decimal amount, string currency = "RUB", Guid? supplier = null) => new(account, EntrySide.Credit, amount, currency, supplier);

    public static EntryDraft Entry(string description, DateTimeOffset at, params LineDraft[] lines) => new(Guid.NewGuid(), description, null, lines, at);

    /// <summary>The rouble column of the trial balance: every account's rouble balance, debit positive; zero when the books balance.</summary>
    public decimal RubColumn => Ledger.State.Accounts.Values.Sum(a => a.FunctionalDebits - a.FunctionalCredits);

    /// <summary>Each foreign currency's amounts, debit positive; each is zero when the books balance.</summary>
    public IEnumerable<decimal> ForeignColumns => Ledger.State.Accounts.Values.Where(a => a.Currency != Currencies.Rub)
        .GroupBy(a => a.Currency).Select(g => g.Sum(a => a.PostedDebits - a.PostedCredits));

    public (decimal Amount, decimal Rub) Balance(string code)
    {
        var account = Ledger.State.Find(code) ?? throw new InvalidOperationException(code);
        return (account.Posted, account.RubEquivalent);
    }

    public IReadOnlyList<EntryLine> FxLines(Guid entryId) => [.. Ledger.State.Entries[entryId].Lines.Where(l => l.Valuation)];
}
