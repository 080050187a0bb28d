using System.Text.Json.Serialization;

namespace WellWon.Finance.Ledger;

/// <summary>The five kinds of account; assets and expenses grow with debits, the others with credits.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AccountType>))]
public enum AccountType
{
    [JsonStringEnumMemberName("asset")] Asset,
    [JsonStringEnumMemberName("liability")] Liability,
    [JsonStringEnumMemberName("equity")] Equity,
    [JsonStringEnumMemberName("income")] Income,
    [JsonStringEnumMemberName("expense")] Expense,
}

[JsonConverter(typeof(JsonStringEnumConverter<EntrySide>))]
public enum EntrySide
{
    [JsonStringEnumMemberName("debit")] Debit,
    [JsonStringEnumMemberName("credit")] Credit,
}

/// <summary>Where an entry stands: posted at once, or held (pending) until it is posted, voided or expires.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EntryStatus>))]
public enum EntryStatus
{
    [JsonStringEnumMemberName("posted")] Posted,
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("voided")] Voided,
    [JsonStringEnumMemberName("expired")] Expired,
}

/// <summary>One line of an entry: an amount in the account's own currency on one side of one account.</summary>
public sealed record EntryLine(Guid AccountId, EntrySide Side, decimal Amount, string Currency);

/// <summary>
/// An account of a company's ledger with its four running totals (TigerBeetle's): posted and pending, debits and credits.
/// <see cref="DebitsMustNotExceedCredits"/> and <see cref="CreditsMustNotExceedDebits"/> are the no-overdraft flags; pending
/// amounts on the limited side count against them, so a hold reserves what it may later post.
/// </summary>
public sealed record LedgerAccount(
    Guid Id,
    string Code,
    string Name,
    AccountType Type,
    string Currency,
    bool DebitsMustNotExceedCredits = false,
    bool CreditsMustNotExceedDebits = false,
    Guid? PartyId = null,
    Guid? ShipmentId = null)
{
    public decimal PostedDebits { get; init; }

    public decimal PostedCredits { get; init; }

    public decimal PendingDebits { get; init; }

    public decimal PendingCredits { get; init; }

    public bool DebitNormal => Type is AccountType.Asset or AccountType.Expense;

    /// <summary>The posted balance on the account's normal side.</summary>
    public decimal Posted => Normal(PostedDebits, PostedCredits);

    /// <summary>The balance if every hold were posted (Modern Treasury's pending balance).</summary>
    public decimal Pending => Normal(PostedDebits + PendingDebits, PostedCredits + PendingCredits);

    /// <summary>The posted balance less holds that would take from it (pending credits of a debit-normal account, and vice versa).</summary>
    public decimal Available => DebitNormal ? PostedDebits - PostedCredits - PendingCredits : PostedCredits - PostedDebits - PendingDebits;

    /// <summary>Whether a no-overdraft flag is broken by the posted and pending totals.</summary>
    public bool Overdrawn =>
        (DebitsMustNotExceedCredits && PostedDebits + PendingDebits > PostedCredits)
        || (CreditsMustNotExceedDebits && PostedCredits + PendingCredits > PostedDebits);

    public LedgerAccount Moved(EntrySide side, decimal amount, bool pending) => (side, pending) switch
    {
        (EntrySide.Debit, false) => this with { PostedDebits = PostedDebits + amount },
        (EntrySide.Credit, false) => this with { PostedCredits = PostedCredits + amount },
        (EntrySide.Debit, true) => this with { PendingDebits = PendingDebits + amount },
        _ => this with { PendingCredits = PendingCredits + amount },
    };

    private decimal Normal(decimal debits, decimal credits) => DebitNormal ? debits - credits : credits - debits;
}

/// <summary>
/// A journal entry as the ledger keeps it: never changed once posted (a correction is a reversal). A held one records what it
/// held in <see cref="Lines"/> and, once posted, what was posted in <see cref="PostedLines"/> (the same or smaller amounts).
/// </summary>
public sealed record LedgerEntry(
    Guid Id,
    string Description,
    string? Cause,
    IReadOnlyList<EntryLine> Lines,
    DateTimeOffset EffectiveAt,
    DateTimeOffset RecordedAt,
    string Fingerprint,
    EntryStatus Status,
    Guid? Reverses = null,
    Guid? BatchId = null,
    DateTimeOffset? ExpiresAt = null,
    bool WasPending = false,
    IReadOnlyList<EntryLine>? PostedLines = null,
    DateTimeOffset? ResolvedAt = null,
    Guid? ReversedBy = null);
