using WellWon.Platform.Kernel;

namespace WellWon.Finance.Ledger;

/// <summary>A company got its ledger; its chart of accounts follows in the same append.</summary>
[EventType("finance.ledger-opened.v1")]
public sealed record LedgerOpened(Guid CompanyId, DateTimeOffset OpenedAt) : IDomainEvent;

[EventType("finance.account-opened.v1")]
public sealed record AccountOpened(
    Guid CompanyId,
    Guid AccountId,
    string Code,
    string Name,
    AccountType Type,
    string Currency,
    bool DebitsMustNotExceedCredits,
    bool CreditsMustNotExceedDebits,
    Guid? PartyId,
    Guid? ShipmentId,
    DateTimeOffset OpenedAt) : IDomainEvent;

/// <summary>
/// A balanced entry was posted. <paramref name="Fingerprint"/> is the hash of what the client sent, so a retry with the same id is
/// told apart from a reuse of the id; <paramref name="BatchId"/> links the entries of one request, which were posted together.
/// </summary>
[EventType("finance.entry-posted.v1")]
public sealed record EntryPosted(
    Guid CompanyId,
    Guid EntryId,
    string Description,
    string? Cause,
    IReadOnlyList<EntryLine> Lines,
    DateTimeOffset EffectiveAt,
    DateTimeOffset RecordedAt,
    string Fingerprint,
    Guid? Reverses,
    Guid? BatchId) : IDomainEvent;

/// <summary>A balanced entry was held (pending) until <paramref name="ExpiresAt"/>: it counts in pending balances only.</summary>
[EventType("finance.entry-held.v1")]
public sealed record EntryHeld(
    Guid CompanyId,
    Guid EntryId,
    string Description,
    string? Cause,
    IReadOnlyList<EntryLine> Lines,
    DateTimeOffset EffectiveAt,
    DateTimeOffset RecordedAt,
    string Fingerprint,
    Guid? BatchId,
    DateTimeOffset ExpiresAt) : IDomainEvent;

/// <summary>
/// A held entry was posted with <paramref name="Lines"/> (its amounts or smaller ones) and its hold, <paramref name="Released"/>
/// (the held lines, carried so a read model needs no other event), is released.
/// </summary>
[EventType("finance.held-entry-posted.v1")]
public sealed record HeldEntryPosted(Guid CompanyId, Guid EntryId, IReadOnlyList<EntryLine> Lines, IReadOnlyList<EntryLine> Released, DateTimeOffset PostedAt) : IDomainEvent;

/// <summary>A held entry was released without posting: voided by hand, or expired at its timeout (<paramref name="Expired"/>).</summary>
[EventType("finance.held-entry-voided.v1")]
public sealed record HeldEntryVoided(Guid CompanyId, Guid EntryId, IReadOnlyList<EntryLine> Released, bool Expired, DateTimeOffset VoidedAt) : IDomainEvent;
