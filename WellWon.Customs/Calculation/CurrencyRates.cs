using System.Collections.Frozen;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Customs.Calculation;

/// <summary>
/// The central bank's rates on one date, in roubles per one unit of each currency (<c>VunitRate</c>, or <c>Value / Nominal</c>).
/// Given to a calculation as input: in the request, or as stored from the central bank (<c>customs.exchange_rates</c>).
/// </summary>
public sealed class CurrencyRates
{
    private readonly string _whyMissing;

    /// <param name="whyMissing">What to say of a currency without a rate (given in the request, or why the stored ones lack it).</param>
    public CurrencyRates(DateOnly date, IReadOnlyDictionary<string, decimal> rubPerUnit, string whyMissing = "none was given")
    {
        _whyMissing = whyMissing;
        foreach (var (currency, rate) in rubPerUnit)
        {
            if (!CurrencyCodes.All.Contains(currency) || rate <= 0)
            {
                throw new CustomsRuleException($"rates.{currency}", CustomsErrors.CurrencyInvalid, $"{currency} {rate} is not a rate in roubles of an ISO 4217 currency.");
            }
        }

        Date = date;
        RubPerUnit = rubPerUnit.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public DateOnly Date { get; }

    public IReadOnlyDictionary<string, decimal> RubPerUnit { get; }

    /// <summary>Roubles per one unit of <paramref name="currency"/> (1 for the rouble itself).</summary>
    public decimal Of(string currency) =>
        currency == CurrencyCodes.Rouble ? 1m
        : RubPerUnit.TryGetValue(currency, out var rate) ? rate
        : throw new DomainException(CustomsErrors.RateMissing, $"No rate of {currency} on {Date:yyyy-MM-dd}: {_whyMissing}.");
}
