namespace WellWon.Finance.Payments.Bank;

/// <summary>The bank's offer: roubles per unit of the bought currency (its spread included), valid until a moment.</summary>
public sealed record BankQuote(string QuoteId, decimal Rate, decimal? OfficialRate, DateTimeOffset ValidUntil);

public sealed record BankDeal(string DealId);

public sealed record TransferBeneficiary(string Name, string Account, string? Swift, string? BankName, string Country);

/// <summary>A transfer as the bank sends it; <see cref="IdempotencyKey"/> is the payment order's id.</summary>
public sealed record TransferRequest(
    string IdempotencyKey, TransferBeneficiary Beneficiary, decimal Amount, string Currency, string Purpose, string? ContractRegistrationNumber);

/// <summary>What the bank knows of a transfer: <c>pending</c>, <c>confirmed</c> (with its reference) or <c>rejected</c> (with the reason).</summary>
public sealed record BankTransfer(string TransferId, string Status, string? Reference = null, string? Reason = null)
{
    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string Rejected = "rejected";
}

/// <summary>The bank answered and refused: <see cref="Code"/> is its reason (<c>quote-expired</c>, <c>rejected</c>, …).</summary>
public sealed class BankRejectedException(string code, string message) : Exception(message)
{
    public const string QuoteExpired = "quote-expired";

    public string Code { get; } = code;
}

/// <summary>The bank did not answer usefully after every attempt (network, timeouts, 429, 5xx); <see cref="TimedOut"/> when the last had no answer in time.</summary>
public sealed class BankUnavailableException(string message, bool timedOut, Exception? inner = null) : Exception(message, inner)
{
    public bool TimedOut { get; } = timedOut;
}

/// <summary>
/// The bank, as payment orders use it. Every call that changes anything carries an idempotency key; the bank answers a repeated key
/// with what it answered first, so a call repeated after a crash or a lost answer never quotes, converts or pays twice.
/// </summary>
public interface IBankGateway
{
    /// <summary>A quote to buy <paramref name="amount"/> of <paramref name="buy"/> for <paramref name="sell"/>.</summary>
    Task<BankQuote> QuoteAsync(string sell, string buy, decimal amount, string idempotencyKey, CancellationToken ct);

    /// <summary>Accepts a quote, locking its rate; an expired quote is refused with <see cref="BankRejectedException.QuoteExpired"/>.</summary>
    Task<BankDeal> AcceptQuoteAsync(string quoteId, string idempotencyKey, CancellationToken ct);

    /// <summary>Sends a transfer; the same key twice answers the first transfer, never a second one.</summary>
    Task<BankTransfer> SubmitTransferAsync(TransferRequest transfer, CancellationToken ct);

    Task<BankTransfer> GetTransferAsync(string transferId, CancellationToken ct);
}
