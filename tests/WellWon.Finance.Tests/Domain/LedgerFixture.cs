using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Finance.Tests.Domain;

/// <summary>A company's ledger as it stands after its events, and short ways to write entries.</summary>
internal static class LedgerFixture
{
    public static readonly DateTimeOffset Now = new(2025, 11, 14, 9, 0, 0, TimeSpan.Zero);

    public static readonly Guid Company = Guid.Parse("0b0e6c53-8b5f-4d3e-9f0a-3c7f2a9d1e11");

    /// <summary>An opened ledger, loaded as from its stream (no pending changes).</summary>
    public static CompanyLedger Opened() => Reloaded(CompanyLedger.Open(Company, Now));

    /// <summary>The ledger as the store would load it after saving <paramref name="ledger"/>'s changes.</summary>
    public static CompanyLedger Reloaded(CompanyLedger ledger)
    {
        var loaded = new CompanyLedger();
        ((IAggregate)loaded).Restore(ledger.Id, ledger.CurrentVersion, ledger.State);
        return loaded;
    }

    public static LineDraft Dr(string account, decimal amount, string currency = "RUB") => new(account, EntrySide.Debit, amount, currency);

    public static LineDraft Cr(string account, decimal amount, string currency = "RUB") => new(account, EntrySide.Credit, amount, currency);

    public static EntryDraft Entry(params LineDraft[] lines) => new(Guid.NewGuid(), "test entry", null, lines);

    public static EntryDraft Entry(Guid id, params LineDraft[] lines) => new(id, "test entry", null, lines);

    /// <summary>Opening balance of <paramref name="amount"/> on the bank account in <paramref name="currency"/>.</summary>
    public static CompanyLedger Funded(decimal amount, string currency = "RUB")
    {
        var ledger = Opened();
        ledger.Post([Entry(Dr($"1010.{currency}", amount, currency), Cr($"3010.{currency}", amount, currency))], Now);
        return Reloaded(ledger);
    }

    public static LedgerAccount Account(this CompanyLedger ledger, string code) => ledger.State.Find(code) ?? throw new InvalidOperationException(code);

    public static LedgerRuleException Refused(Action act) => Assert.Throws<LedgerRuleException>(act);
}
