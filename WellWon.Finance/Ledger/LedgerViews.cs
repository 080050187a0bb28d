using WellWon.Finance.Ledger.Domain;

namespace WellWon.Finance.Ledger;

/// <summary>
/// An account with its totals and the balances on its normal side: posted, pending (as if every hold were posted) and available, and
/// <see cref="RubEquivalent"/>, the posted balance in roubles (the functional currency; a rouble account's is its balance).
/// </summary>
public sealed record AccountBalance(
    Guid Id,
    string Code,
    string Name,
    string Type,
    string Currency,
    bool DebitsMustNotExceedCredits,
    bool CreditsMustNotExceedDebits,
    Guid? PartyId,
    Guid? ShipmentId,
    decimal PostedDebits,
    decimal PostedCredits,
    decimal PendingDebits,
    decimal PendingCredits,
    decimal Posted,
    decimal Pending,
    decimal Available,
    decimal RubEquivalent)
{
    public static AccountBalance Of(LedgerAccount a) => new(
        a.Id, a.Code, a.Name, LedgerNames.Of(a.Type), a.Currency, a.DebitsMustNotExceedCredits, a.CreditsMustNotExceedDebits, a.PartyId, a.ShipmentId,
        a.PostedDebits, a.PostedCredits, a.PendingDebits, a.PendingCredits, a.Posted, a.Pending, a.Available, a.RubEquivalent);
}

/// <summary>Balances of a company's accounts at <see cref="AsOf"/> (now when no date was asked for).</summary>
public sealed record LedgerBalances(DateTimeOffset? AsOf, IReadOnlyList<AccountBalance> Accounts);

/// <summary>A line of an entry; <see cref="RubEquivalent"/> its value in roubles (null when recorded before lines were valued), <see cref="Valuation"/> an FX difference.</summary>
public sealed record EntryLineView(Guid AccountId, string? Code, string Side, decimal Amount, string Currency, decimal? RubEquivalent = null, bool Valuation = false);

public sealed record EntryView(
    Guid Id,
    string? Description,
    string? Cause,
    string Status,
    DateTimeOffset? EffectiveAt,
    DateTimeOffset? RecordedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? ResolvedAt,
    Guid? Reverses,
    Guid? ReversedBy,
    Guid? BatchId,
    IReadOnlyList<EntryLineView> Lines,
    IReadOnlyList<EntryLineView>? PostedLines)
{
    public static EntryView Of(LedgerEntry e, LedgerState ledger)
    {
        IReadOnlyList<EntryLineView> Lines(IReadOnlyList<EntryLine> lines) =>
            [.. lines.Select(l => new EntryLineView(l.AccountId, ledger.Accounts.TryGetValue(l.AccountId, out var a) ? a.Code : null, LedgerNames.Of(l.Side), l.Amount, l.Currency, l.Rub, l.Valuation))];

        return new EntryView(e.Id, e.Description, e.Cause, LedgerNames.Of(e.Status), e.EffectiveAt, e.RecordedAt, e.ExpiresAt, e.ResolvedAt, e.Reverses, e.ReversedBy,
            e.BatchId, Lines(e.Lines), e.PostedLines is null ? null : Lines(e.PostedLines));
    }
}

/// <summary>The entries a request posted, or found posted before when it was a retry (<see cref="Replayed"/>).</summary>
public sealed record PostedEntriesView(IReadOnlyList<EntryView> Entries, bool Replayed);

/// <summary>
/// One posted line of an account's statement, with the account's balance after it on its normal side, in its currency and in roubles
/// (<see cref="RubEquivalent"/>); <see cref="RubDebit"/> and <see cref="RubCredit"/> are the line's own rouble equivalent (a revaluation
/// line moves only these).
/// </summary>
public sealed record StatementLine(
    Guid EntryId, string? Description, string? Cause, DateTimeOffset EffectiveAt, DateTimeOffset RecordedAt, decimal Debit, decimal Credit, decimal Balance,
    decimal RubDebit, decimal RubCredit, decimal RubEquivalent);

public sealed record AccountStatement(Guid AccountId, string Code, string Name, string Currency, long Total, int Limit, int Offset, IReadOnlyList<StatementLine> Lines);

/// <summary>An account's posted balance as debit or credit in its currency, and in roubles (<see cref="RubEquivalent"/>: debit positive, credit negative).</summary>
public sealed record TrialBalanceLine(Guid AccountId, string Code, string Name, string Type, decimal Debit, decimal Credit, decimal RubEquivalent);

/// <summary>
/// A trial balance in one currency: the accounts' posted balances as debit or credit; the totals agree when the books do. Foreign
/// currencies balance by themselves. The roubles' accounts hold the FX differences whose other side is the foreign accounts' rouble
/// equivalents, so the rouble section is <see cref="Balanced"/> when the whole rouble column is (<see cref="TrialBalance.RubBalanced"/>).
/// <see cref="RubEquivalent"/> is the section's rouble column summed (debit positive).
/// </summary>
public sealed record TrialBalanceCurrency(string Currency, IReadOnlyList<TrialBalanceLine> Accounts, decimal TotalDebits, decimal TotalCredits, bool Balanced, decimal RubEquivalent);

/// <summary>The trial balance per currency and in roubles: every account's rouble equivalent, debits and credits, which agree when the books do.</summary>
public sealed record TrialBalance(DateTimeOffset AsOf, IReadOnlyList<TrialBalanceCurrency> Currencies, decimal RubDebits, decimal RubCredits, bool RubBalanced);
