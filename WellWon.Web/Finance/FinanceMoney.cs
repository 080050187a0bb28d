using System.Globalization;

namespace WellWon.Web.Finance;

/// <summary>Amounts as the finance screens show and check them: decimal, with exactly the currency's minor units (ISO 4217).</summary>
public static class FinanceMoney
{
    public static readonly IReadOnlyList<string> LedgerCurrencies = ["RUB", "USD", "EUR", "CNY"];

    // The same table the server rounds with; a currency it does not know shows two decimals.
    private static readonly Dictionary<string, int> MinorUnits = new(StringComparer.Ordinal)
    {
        ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["KWD"] = 3, ["BHD"] = 3, ["OMR"] = 3,
    };

    public static int MinorUnitsOf(string currency) => MinorUnits.TryGetValue(currency, out var units) ? units : 2;

    /// <summary>"1 234.50" for 1234.5 USD: grouped thousands, exactly the minor units.</summary>
    public static string Format(decimal amount, string currency)
    {
        var format = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        format.NumberGroupSeparator = "\u00a0";
        return amount.ToString("N" + MinorUnitsOf(currency).ToString(CultureInfo.InvariantCulture), format);
    }

    public static string WithCurrency(decimal amount, string currency) => $"{Format(amount, currency)} {currency}";

    /// <summary>Whether the amount carries no more decimals than the currency allows (the server refuses more).</summary>
    public static bool IsExact(decimal amount, string currency) => decimal.Round(amount, MinorUnitsOf(currency)) == amount;
}
