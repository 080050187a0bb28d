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

/// <summary>
/// One line of an entry: an amount in the account's own currency on one side of one account, with <paramref name="Functional"/> its
/// equivalent in roubles (the functional currency) on the same side. A line recorded before lines were valued has none: a rouble
/// line then counts its amount, a foreign one is "not valued". A <paramref name="Valuation"/> line is the ledger's own: an FX
/// difference (realised in roubles, or a revaluation whose foreign amount is 0 and only its rouble equivalent moves).
/// </summary>
public sealed record EntryLine(
    Guid AccountId,
    EntrySide Side,
    decimal Amount,
    string Currency,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Functional = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Valuation = false)
{
    /// <summary>The rouble equivalent the account's totals count: the stated one, a rouble line's amount, else none (not valued).</summary>
    public decimal? Rub => Functional ?? (Currency == Currencies.Rub ? Amount : null);

    /// <summary>The line as the client asked for it, without what the ledger valued (a retry compares these).</summary>
    public EntryLine Unvalued() => this with { Functional = null };
}

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

    /// <summary>The rouble equivalents of the posted debits and credits (the functional currency's running totals).</summary>
    public decimal FunctionalDebits { get; init; }

    public decimal FunctionalCredits { get; init; }

    /// <summary>A foreign line without a rouble equivalent (recorded before lines were valued) was posted here: its carrying rate is unknown.</summary>
    public bool Unvalued { get; init; }

    /// <summary>The posted balance in roubles on the account's normal side (its carrying amount).</summary>
    public decimal RubEquivalent => Normal(FunctionalDebits, FunctionalCredits);

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

    /// <summary>The account after a posted line: its amount and its rouble equivalent, or the mark that it was not valued.</summary>
    public LedgerAccount AfterPosting(EntryLine line, int sign)
    {
        var moved = Moved(line.Side, sign * line.Amount, pending: false);
        return line.Rub is not { } rub
            ? moved with { Unvalued = true }
            : line.Side == EntrySide.Debit
                ? moved with { FunctionalDebits = FunctionalDebits + sign * rub }
                : moved with { FunctionalCredits = FunctionalCredits + sign * rub };
    }

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
