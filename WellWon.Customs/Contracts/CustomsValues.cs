using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using WellWon.Companies.Domain;
using WellWon.Customs.Domain;

namespace WellWon.Customs.Contracts;

// The values declaration events carry, each normalised once at its edge; events hold their plain string form.

/// <summary>A 10-digit code of the EAEU commodity nomenclature (ТН ВЭД ЕАЭС): the 6 HS digits and 4 national ones.</summary>
public readonly record struct HsCode
{
    private HsCode(string value) => Value = value;

    public string Value { get; }

    /// <summary>The HS chapter (first two digits), heading (four) and subheading (six).</summary>
    public string Chapter => Value[..2];

    public string Heading => Value[..4];

    public string Subheading => Value[..6];

    /// <summary>"8482 10 100 0", "8482.10.100.0" → "8482101000": spaces and dots, as tariffs print codes, are dropped.</summary>
    public static bool TryParse(string? input, out HsCode code)
    {
        var digits = string.Concat((input ?? string.Empty).Where(c => c is not (' ' or '.' or '\u00A0')));
        code = digits.Length == 10 && digits.All(char.IsAsciiDigit) ? new HsCode(digits) : default;
        return code.Value is not null;
    }

    public static HsCode Parse(string? input, string field = "hsCode") => TryParse(input, out var code)
        ? code
        : throw new CustomsRuleException(field, CustomsErrors.HsCodeInvalid, $"'{input}' is not a 10-digit EAEU commodity code.");

    public override string ToString() => Value ?? string.Empty;
}

/// <summary>An assigned ISO 3166-1 alpha-2 country code (WellWon's one list lives in Companies).</summary>
public static class Country
{
    public static string Parse(string? input, string field) => CountryCodes.Normalize(input)
        ?? throw new CustomsRuleException(field, CustomsErrors.CountryInvalid, $"'{input}' is not an ISO 3166-1 alpha-2 country code.");
}

/// <summary>An amount in an ISO 4217 currency; money is decimal, never floating point.</summary>
public sealed record Money(decimal Amount, string Currency)
{
    public static Money Rub(decimal amount) => new(amount, CurrencyCodes.Rouble);

    /// <summary>A non-negative amount in a known currency, the code upper-cased.</summary>
    public static Money Create(decimal amount, string? currency, string field)
    {
        if (amount < 0)
        {
            throw new CustomsRuleException($"{field}.amount", CustomsErrors.AmountInvalid, "An amount is never negative.");
        }

        return new Money(amount, CurrencyCodes.Parse(currency, $"{field}.currency"));
    }

    public override string ToString() => $"{Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} {Currency}";
}

/// <summary>
/// ISO 4217 codes of currencies in circulation (no funds, metals or test codes), as of the 2024–2025 amendments (ZWG, XCG, SLE);
/// not checked against the maintenance agency's list from here.
/// </summary>
public static class CurrencyCodes
{
    public const string Rouble = "RUB";

    private const string Active = """
        AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
        CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD
        HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD
        MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG
        QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
        UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
        """;

    public static readonly FrozenSet<string> All = Active.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? code)
    {
        code = (input ?? string.Empty).Trim().ToUpperInvariant();
        if (All.Contains(code))
        {
            return true;
        }

        code = null;
        return false;
    }

    public static string Parse(string? input, string field) => TryNormalize(input, out var code)
        ? code
        : throw new CustomsRuleException(field, CustomsErrors.CurrencyInvalid, $"'{input}' is not an ISO 4217 currency code.");
}

/// <summary>
/// The two digits of a customs procedure (box 37's first part). The procedures WellWon knows, with their names and direction,
/// are data (<c>procedures.csv</c>); these two are named because the calculation treats them differently.
/// </summary>
public static class ProcedureCodes
{
    /// <summary>Release for domestic consumption (выпуск для внутреннего потребления): import duty, excise, VAT and the fee.</summary>
    public const string ImportForHomeUse = "40";

    /// <summary>Export (экспорт): the fee, export duty only where the tariff sets one.</summary>
    public const string Export = "10";

    public static string Parse(string? input, string field = "procedure")
    {
        var code = (input ?? string.Empty).Trim();
        return code.Length == 2 && code.All(char.IsAsciiDigit)
            ? code
            : throw new CustomsRuleException(field, CustomsErrors.ProcedureInvalid, $"'{input}' is not a two-digit customs procedure code.");
    }
}

/// <summary>The 8-digit code of a customs office (e.g. 10702070, Vladivostok's e-declaration centre; 10000010 for advance payments).</summary>
public static class CustomsOfficeCode
{
    public static bool IsValid(string? code) => code is { Length: 8 } && code.All(char.IsAsciiDigit);

    public static string Parse(string? input, string field = "customsOffice")
    {
        var code = (input ?? string.Empty).Trim();
        return IsValid(code)
            ? code
            : throw new CustomsRuleException(field, CustomsErrors.CustomsOfficeInvalid, $"'{input}' is not an 8-digit customs office code.");
    }
}
