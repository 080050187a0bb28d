using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace WellWon.BankSimulator;

public sealed record Quote(string QuoteId, string Sell, string Buy, decimal Amount, decimal Rate, decimal OfficialRate, DateTimeOffset ValidUntil);

public sealed record Transfer(
    string TransferId, string IdempotencyKey, string Account, decimal Amount, string Currency, DateTimeOffset SubmittedAt, bool Rejected, string Reference);

/// <summary>A transfer as the contract shows it; the status follows from the clock (pending, then confirmed) or the account (rejected).</summary>
public sealed record TransferView(string TransferId, string Status, string? Reference, string? Reason);

/// <summary>A refusal: 4xx with <c>{code, message}</c>.</summary>
public sealed record Refusal(string Code, string Message);

/// <summary>
/// The simulated bank's books, in memory: quotes at the official rate plus the spread, one deal per idempotency key, one transfer per
/// idempotency key (a repeated key answers the first transfer), confirmed <see cref="BankSimulatorOptions.ConfirmAfter"/> after it
/// was submitted. A restart forgets everything, as a simulator may.
/// </summary>
public sealed class SimulatedBank(IOptions<BankSimulatorOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Quote> _quotes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _quoteKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _deals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Transfer> _transfers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _transferIds = new(StringComparer.Ordinal);
    private long _next;

    public int Transfers => _transfers.Count;

    /// <summary>Roubles per unit of <paramref name="buy"/>, the official rate plus the spread; a refusal for a currency it does not sell.</summary>
    public (Quote? Quote, Refusal? Refusal) Offer(string sell, string buy, decimal amount, string? idempotencyKey)
    {
        var settings = options.Value;
        if (!string.Equals(sell, "RUB", StringComparison.Ordinal) || !settings.BaseRates.TryGetValue(buy, out var official))
        {
            return (null, new Refusal("currency-unsupported", $"The bank sells {string.Join(", ", settings.BaseRates.Keys)} for RUB only."));
        }

        if (amount <= 0)
        {
            return (null, new Refusal("amount-invalid", "The amount bought is more than 0."));
        }

        if (idempotencyKey is not null && _quoteKeys.TryGetValue(idempotencyKey, out var known))
        {
            return (_quotes[known], null);
        }

        var quote = new Quote(Id("Q"), sell, buy, amount, Math.Round(official * (1 + settings.Spread), 4, MidpointRounding.AwayFromZero), official,
            clock.GetUtcNow() + settings.QuoteValidity);
        _quotes[quote.QuoteId] = quote;
        if (idempotencyKey is not null)
        {
            quote = _quotes[_quoteKeys.GetOrAdd(idempotencyKey, quote.QuoteId)];
        }

        return (quote, null);
    }

    public (string? DealId, Refusal? Refusal, int Status) Accept(string quoteId, string idempotencyKey)
    {
        if (!_quotes.TryGetValue(quoteId, out var quote))
        {
            return (null, new Refusal("quote-unknown", $"There is no quote {quoteId}."), 404);
        }

        if (_deals.TryGetValue(idempotencyKey, out var deal))
        {
            return (deal, null, 200);
        }

        return quote.ValidUntil <= clock.GetUtcNow()
            ? (null, new Refusal("quote-expired", $"Quote {quoteId} expired at {quote.ValidUntil:O}; ask for a new one."), 409)
            : (_deals.GetOrAdd(idempotencyKey, _ => Id("D")), null, 200);
    }

    public (TransferView View, bool Created) Submit(string idempotencyKey, string account, decimal amount, string currency)
    {
        var created = false;
        var transfer = _transfers.GetOrAdd(idempotencyKey, key =>
        {
            created = true;
            var id = Id("T");
            return new Transfer(id, key, account, amount, currency, clock.GetUtcNow(),
                account.EndsWith(BankSimulatorOptions.RejectedAccountSuffix, StringComparison.Ordinal), $"SIMB{id[2..]}");
        });
        _transferIds.TryAdd(transfer.TransferId, transfer.IdempotencyKey);
        return (View(transfer), created);
    }

    public TransferView? Find(string transferId) =>
        _transferIds.TryGetValue(transferId, out var key) && _transfers.TryGetValue(key, out var transfer) ? View(transfer) : null;

    private TransferView View(Transfer t) =>
        t.Rejected ? new TransferView(t.TransferId, "rejected", null, $"The beneficiary's bank returned the payment: account {t.Account} is closed.")
        : clock.GetUtcNow() - t.SubmittedAt >= options.Value.ConfirmAfter ? new TransferView(t.TransferId, "confirmed", t.Reference, null)
        : new TransferView(t.TransferId, "pending", null, null);

    private string Id(string prefix) => $"{prefix}-{Interlocked.Increment(ref _next).ToString("D6", CultureInfo.InvariantCulture)}";
}
