using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace WellWon.Logistics.Domain;

/// <summary>Incoterms 2020: seven rules for any mode of transport and four (FAS, FOB, CFR, CIF) for sea and inland waterway only.</summary>
public static class Incoterms
{
    public static readonly FrozenSet<string> AnyMode = FrozenSet.Create(StringComparer.Ordinal, "EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP");

    public static readonly FrozenSet<string> SeaOnly = FrozenSet.Create(StringComparer.Ordinal, "FAS", "FOB", "CFR", "CIF");

    public static readonly FrozenSet<string> All = AnyMode.Union(SeaOnly).ToFrozenSet(StringComparer.Ordinal);

    public static string Normalize(string? input) => (input ?? string.Empty).Trim().ToUpperInvariant();

    /// <summary>Whether <paramref name="incoterm"/> may govern a shipment moved by <paramref name="mode"/> (WellWon has no inland-waterway mode).</summary>
    public static bool Allows(string incoterm, string mode) => !SeaOnly.Contains(incoterm) || mode == Contracts.TransportModes.Sea;
}

/// <summary>Harmonized System codes: the 6 international digits, extended nationally to 8 or 10 (EAEU: 10).</summary>
public static partial class HsCode
{
    /// <summary>"8482.10 10 00" → "8482101000": dots and spaces, as tariffs print them, are dropped.</summary>
    public static string Normalize(string? input) => string.Concat((input ?? string.Empty).Where(c => c is not ('.' or ' ')));

    public static bool IsValid(string normalized) => Shape().IsMatch(normalized);

    [GeneratedRegex("^[0-9]{6,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}

/// <summary>
/// ISO 4217 codes of currencies in circulation (no funds, metals or test codes). Written out as of the 2024–2025 amendments
/// (ZWG for ZWL, XCG for ANG, SLE for SLL); not checked against the maintenance agency's list from here.
/// </summary>
public static class CurrencyCodes
{
    private const string Active = """
        AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
        CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD
        HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD
        MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG
        QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
        UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
        """;

    public static readonly FrozenSet<string> All = Active.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    public static string Normalize(string? input) => (input ?? string.Empty).Trim().ToUpperInvariant();
}

/// <summary>The identifiers a transport document carries, as carriers print them.</summary>
public static partial class TransportIds
{
    /// <summary>"su 1234" → "SU1234".</summary>
    public static string NormalizeFlight(string? input) => string.Concat((input ?? string.Empty).Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    /// <summary>An IATA (2 characters, one at least a letter) or ICAO (3 letters) airline designator, 1–4 digits and an optional suffix letter.</summary>
    public static bool IsFlightNumber(string normalized) => Flight().IsMatch(normalized);

    /// <summary>A bill of lading number: letters and digits (dashes and slashes allowed), 3 to 35 characters (UN/EDIFACT an..35).</summary>
    public static bool IsBlNumber(string normalized) => BillOfLading().IsMatch(normalized);

    public static string NormalizeBl(string? input) => (input ?? string.Empty).Trim().ToUpperInvariant();

    [GeneratedRegex("^(?:[A-Z]{2}|[A-Z][0-9]|[0-9][A-Z]|[A-Z]{3})[0-9]{1,4}[A-Z]?$", RegexOptions.CultureInvariant)]
    private static partial Regex Flight();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9/-]{2,34}$", RegexOptions.CultureInvariant)]
    private static partial Regex BillOfLading();
}
