using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace WellWon.Finance;

/// <summary>An amount in one ISO 4217 currency; decimal, never double, so cents never drift.</summary>
public sealed record Money(decimal Amount, string Currency)
{
    /// <summary>The amount rounded to the currency's minor units (half away from zero, as banks round).</summary>
    public Money Rounded() => this with { Amount = Currencies.Round(Amount, Currency) };

    /// <summary>Whether the amount has no more decimals than the currency's minor units.</summary>
    public bool IsExact => Currencies.IsKnown(Currency) && Currencies.Round(Amount, Currency) == Amount;

    public static Money operator +(Money left, Money right) => Same(left, right) with { Amount = left.Amount + right.Amount };

    public static Money operator -(Money left, Money right) => Same(left, right) with { Amount = left.Amount - right.Amount };

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    public override string ToString() => $"{Currencies.Format(Amount, Currency)} {Currency}";

    private static Money Same(Money left, Money right) =>
        string.Equals(left.Currency, right.Currency, StringComparison.Ordinal)
            ? left
            : throw new InvalidOperationException($"{left.Currency} and {right.Currency} cannot be added: convert through the FX accounts.");
}

/// <summary>The ISO 4217 currencies WellWon books, with their minor units (the number of decimals an amount may carry).</summary>
public static class Currencies
{
    public const string Rub = "RUB";
    public const string Usd = "USD";
    public const string Eur = "EUR";
    public const string Cny = "CNY";

    /// <summary>The currencies every company's ledger opens bank, prepayment, conversion, equity and fee accounts in.</summary>
    public static readonly IReadOnlyList<string> Ledger = [Rub, Usd, Eur, Cny];

    private static readonly FrozenDictionary<string, int> MinorUnits = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [Rub] = 2, [Usd] = 2, [Eur] = 2, [Cny] = 2, ["GBP"] = 2, ["CHF"] = 2, ["HKD"] = 2, ["KZT"] = 2, ["BYN"] = 2, ["UZS"] = 2,
        ["KGS"] = 2, ["AMD"] = 2, ["AED"] = 2, ["TRY"] = 2, ["INR"] = 2, ["THB"] = 2, ["SGD"] = 2, ["MYR"] = 2, ["IDR"] = 2,
        ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["KWD"] = 3, ["BHD"] = 3, ["OMR"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsKnown([NotNullWhen(true)] string? code) => code is not null && MinorUnits.ContainsKey(code);

    public static int MinorUnitsOf(string code) =>
        MinorUnits.TryGetValue(code, out var units) ? units : throw new ArgumentException($"'{code}' is not a currency WellWon books.", nameof(code));

    public static decimal Round(decimal amount, string currency) => Math.Round(amount, MinorUnitsOf(currency), MidpointRounding.AwayFromZero);

    /// <summary>The amount with exactly the currency's minor units ("100.00"), the same text for 100 and 100.00.</summary>
    public static string Format(decimal amount, string currency) =>
        amount.ToString("F" + (IsKnown(currency) ? MinorUnitsOf(currency) : 2).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
