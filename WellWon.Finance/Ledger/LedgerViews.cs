using WellWon.Finance.Ledger.Domain;

namespace WellWon.Finance.Ledger;

/// <summary>An account with its totals and the balances on its normal side: posted, pending (as if every hold were posted) and available.</summary>
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
    decimal Available)
{
    public static AccountBalance Of(LedgerAccount a) => new(
        a.Id, a.Code, a.Name, LedgerNames.Of(a.Type), a.Currency, a.DebitsMustNotExceedCredits, a.CreditsMustNotExceedDebits, a.PartyId, a.ShipmentId,
        a.PostedDebits, a.PostedCredits, a.PendingDebits, a.PendingCredits, a.Posted, a.Pending, a.Available);
}

/// <summary>Balances of a company's accounts at <see cref="AsOf"/> (now when no date was asked for).</summary>
public sealed record LedgerBalances(DateTimeOffset? AsOf, IReadOnlyList<AccountBalance> Accounts);

public sealed record EntryLineView(Guid AccountId, string? Code, string Side, decimal Amount, string Currency);

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
            [.. lines.Select(l => new EntryLineView(l.AccountId, ledger.Accounts.TryGetValue(l.AccountId, out var a) ? a.Code : null, LedgerNames.Of(l.Side), l.Amount, l.Currency))];

        return new EntryView(e.Id, e.Description, e.Cause, LedgerNames.Of(e.Status), e.EffectiveAt, e.RecordedAt, e.ExpiresAt, e.ResolvedAt, e.Reverses, e.ReversedBy,
            e.BatchId, Lines(e.Lines), e.PostedLines is null ? null : Lines(e.PostedLines));
    }
}

/// <summary>The entries a request posted, or found posted before when it was a retry (<see cref="Replayed"/>).</summary>
public sealed record PostedEntriesView(IReadOnlyList<EntryView> Entries, bool Replayed);

/// <summary>One posted line of an account's statement, with the account's balance after it on its normal side.</summary>
public sealed record StatementLine(Guid EntryId, string? Description, string? Cause, DateTimeOffset EffectiveAt, DateTimeOffset RecordedAt, decimal Debit, decimal Credit, decimal Balance);

public sealed record AccountStatement(Guid AccountId, string Code, string Name, string Currency, long Total, int Limit, int Offset, IReadOnlyList<StatementLine> Lines);

public sealed record TrialBalanceLine(Guid AccountId, string Code, string Name, string Type, decimal Debit, decimal Credit);

/// <summary>A trial balance in one currency: the accounts' posted balances as debit or credit; the totals agree when the books do.</summary>
public sealed record TrialBalanceCurrency(string Currency, IReadOnlyList<TrialBalanceLine> Accounts, decimal TotalDebits, decimal TotalCredits, bool Balanced);

public sealed record TrialBalance(DateTimeOffset AsOf, IReadOnlyList<TrialBalanceCurrency> Currencies);
