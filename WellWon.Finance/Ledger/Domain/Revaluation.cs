using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WellWon.Finance.Ledger.Domain;

/// <summary>The month-end revaluation's names and the balances it revalues.</summary>
public static class Revaluation
{
    /// <summary>"2026-11".</summary>
    public static string Name(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateOnly month) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);

    /// <summary>The month's first day, whatever day of it is given.</summary>
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>The last moment of the month (UTC): the revaluation is effective then, after every entry of its last day.</summary>
    public static DateTimeOffset EndOf(DateOnly month) =>
        new DateTimeOffset(MonthOf(month).AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-10);

    /// <summary>The official rates' day the month is revalued at: its last day.</summary>
    public static DateOnly RatesDayOf(DateOnly month) => MonthOf(month).AddMonths(1).AddDays(-1);

    public static Guid EntryIdOf(Guid companyId, DateOnly month) => ChartOfAccounts.DerivedId(companyId, $"revaluation/{Name(month)}");

    public const string CausePrefix = "finance.ledger.revaluation:";

    public static string CauseOf(DateOnly month) => CausePrefix + Name(month);

    public static string Fingerprint(DateOnly month) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"revaluation\n{Name(month)}")));

    /// <summary>
    /// Monetary accounts are revalued, except the FX conversion accounts: a conversion's two legs put the same roubles on the pair, which
    /// nets to zero in roubles; revaluing the foreign side alone would book a gain or loss on an exposure the company no longer has.
    /// </summary>
    public static bool IsRevalued(string code) =>
        FunctionalValuation.IsMonetary(code) && !code.StartsWith(ChartOfAccounts.FxConversion + ".", StringComparison.Ordinal);

    /// <summary>
    /// Each valued foreign monetary account with a balance at <paramref name="end"/>: its debit-positive balance and rouble balance,
    /// summed from the posted entries effective by then (a posted hold counts from when it was posted, as the read model does).
    /// </summary>
    public static IEnumerable<(LedgerAccount Account, decimal Balance, decimal Rub)> OpenForeignMonetary(LedgerState state, DateTimeOffset end)
    {
        var totals = new Dictionary<Guid, (decimal Balance, decimal Rub, bool Valued)>();
        foreach (var entry in state.Entries.Values)
        {
            if (entry.Status is not EntryStatus.Posted || (entry.WasPending ? entry.ResolvedAt : entry.EffectiveAt) > end)
            {
                continue;
            }

            foreach (var line in entry.PostedLines ?? entry.Lines)
            {
                var sign = line.Side == EntrySide.Debit ? 1 : -1;
                var (balance, rub, valued) = totals.GetValueOrDefault(line.AccountId, (0m, 0m, true));
                totals[line.AccountId] = (balance + sign * line.Amount, rub + sign * (line.Rub ?? 0m), valued && line.Rub is not null);
            }
        }

        return totals
            .Select(t => (Account: state.Accounts[t.Key], t.Value))
            .Where(t => t.Account.Currency != Currencies.Rub && IsRevalued(t.Account.Code) && t.Value.Valued && t.Value.Balance != 0)
            .OrderBy(t => t.Account.Code, StringComparer.Ordinal)
            .Select(t => (t.Account, t.Value.Balance, t.Value.Rub))
            .ToList();
    }
}
