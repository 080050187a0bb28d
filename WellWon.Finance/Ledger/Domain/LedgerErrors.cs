using WellWon.Platform.Kernel;

namespace WellWon.Finance.Ledger.Domain;

/// <summary>The stable codes of the ledger's rules (each becomes the <c>code</c> of a problem detail).</summary>
public static class LedgerErrors
{
    public const string NotOpened = "finance.ledger.not-opened";
    public const string EntryNotFound = "finance.ledger.entry-not-found";
    public const string AccountNotFound = "finance.ledger.account-not-found";

    // 409: the id names something else already.
    public const string IdReused = "finance.ledger.id-reused";

    // 422: the entry breaks a rule of the ledger.
    public const string AccountUnknown = "finance.ledger.account-unknown";
    public const string AccountCodeTaken = "finance.ledger.account-code-taken";
    public const string SupplierRequired = "finance.ledger.supplier-required";
    public const string CurrencyUnknown = "finance.ledger.currency-unknown";
    public const string CurrencyMismatch = "finance.ledger.currency-mismatch";
    public const string AmountInvalid = "finance.ledger.amount-invalid";
    public const string AmountPrecision = "finance.ledger.amount-precision";
    public const string TooFewLines = "finance.ledger.too-few-lines";
    public const string Unbalanced = "finance.ledger.unbalanced";
    public const string Overdraft = "finance.ledger.overdraft";
    public const string NotPending = "finance.ledger.not-pending";
    public const string AlreadyPosted = "finance.ledger.pending-already-posted";
    public const string AlreadyVoided = "finance.ledger.pending-already-voided";
    public const string Expired = "finance.ledger.pending-expired";
    public const string PostExceedsHold = "finance.ledger.post-exceeds-hold";
    public const string PartialPostAmbiguous = "finance.ledger.partial-post-ambiguous";
    public const string NotReversible = "finance.ledger.not-reversible";
    public const string AlreadyReversed = "finance.ledger.already-reversed";
    public const string RateInvalid = "finance.ledger.rate-invalid";
    public const string RateMissing = "finance.ledger.rate-missing";
    public const string MonthNotOver = "finance.ledger.month-not-over";
    public const string RevaluationOutOfOrder = "finance.ledger.revaluation-out-of-order";

    public static NotFoundException LedgerNotOpened(Guid companyId) =>
        new(NotOpened, $"Company {companyId} has no ledger yet; open it first (POST /api/finance/ledger).");

    public static NotFoundException NoEntry(Guid entryId) => new(EntryNotFound, $"Entry {entryId} does not exist.");
}

/// <summary>
/// A ledger rule said no. <see cref="Field"/> names the part of the request (<c>entries[0].lines[1].amount</c>), <see cref="Account"/>
/// the account concerned (its code), and <see cref="Status"/> the HTTP answer: 422, or 409 for an id already used for other data.
/// </summary>
public sealed class LedgerRuleException(string code, string message, string? field = null, string? account = null, int status = 422)
    : DomainException(code, message)
{
    public string? Field { get; } = field;

    public string? Account { get; } = account;

    public int Status { get; } = status;

    public LedgerRuleException Under(string prefix) => new(Code, Message, Field is null ? prefix : $"{prefix}.{Field}", Account, Status);

    public static LedgerRuleException IdReused(Guid id, string? field = null) =>
        new(LedgerErrors.IdReused, $"Id {id} was already used for other data; entries never change: choose a new id.", field, status: 409);
}
