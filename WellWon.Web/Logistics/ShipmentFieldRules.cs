using System.Globalization;
using System.Text.RegularExpressions;

namespace WellWon.Web.Logistics;

/// <summary>
/// The shipment rules the browser checks while the user types, mirroring WellWon.Logistics' ShipmentRules, ContainerNumber and
/// UnLocode; the Api checks them again (and a few more, such as a UN/LOCODE's country) and names the field it refuses.
/// </summary>
public static partial class ShipmentFieldRules
{
    private static readonly int[] LetterValues = BuildLetterValues();

    /// <summary>"mscu 123456-6" → "MSCU1234566", as the Api normalises it.</summary>
    public static string NormalizeContainer(string? input) =>
        string.Concat((input ?? string.Empty).Where(c => c is not (' ' or '-'))).ToUpperInvariant();

    /// <summary>
    /// ISO 6346: owner code, category U/J/Z, 6-digit serial, check digit. Letters count A=10, B=12 … skipping multiples of 11; the
    /// ten values weighted 2^0 … 2^9, summed, mod 11, and 10 counts as 0. Null when valid.
    /// </summary>
    public static string? ContainerNumber(string? input)
    {
        var number = NormalizeContainer(input);
        if (number.Length == 0)
        {
            return "Enter the container number.";
        }

        if (!ContainerShape().IsMatch(number))
        {
            return "A container number is 3 owner letters, the category U, J or Z, 6 digits and a check digit (MSCU1234566).";
        }

        var expected = CheckDigit(number.AsSpan(0, 10));
        return number[10] - '0' == expected ? null : $"The check digit of {number[..10]} is {expected}, not {number[10]}.";
    }

    public static int CheckDigit(ReadOnlySpan<char> ownerCategorySerial)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var c = ownerCategorySerial[i];
            sum += (c is >= 'A' and <= 'Z' ? LetterValues[c - 'A'] : c - '0') << i;
        }

        return sum % 11 % 10;
    }

    public static string? ContainerType(string? input)
    {
        var type = (input ?? string.Empty).Trim().ToUpperInvariant();
        return type.Length == 4 && "1234ABCDEFGHKLMNP".Contains(type[0], StringComparison.Ordinal) && "0245689CDEFLMNP".Contains(type[1], StringComparison.Ordinal)
            && "GVBSRHUPTA".Contains(type[2], StringComparison.Ordinal) && char.IsAsciiDigit(type[3])
            ? null
            : "An ISO 6346 size/type code: length, height, type group and a digit (22G1, 45G1, 42R1).";
    }

    public static string NormalizeLocode(string? input) =>
        string.Concat((input ?? string.Empty).Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    /// <summary>The shape of a UN/LOCODE (the Api also checks that the country exists).</summary>
    public static string? Locode(string? input, bool required = true)
    {
        var code = NormalizeLocode(input);
        if (code.Length == 0)
        {
            return required ? "Enter a UN/LOCODE (CNSHA, DEHAM)." : null;
        }

        return LocodeShape().IsMatch(code) ? null : "A UN/LOCODE is a 2-letter country and 3 letters or digits 2-9 (CNSHA, RULED).";
    }

    public static string? HsCode(string? input)
    {
        var hs = string.Concat((input ?? string.Empty).Where(c => c is not ('.' or ' ')));
        return hs.Length == 0 || HsShape().IsMatch(hs) ? null : "An HS code has 6 to 10 digits (8482 10 or 8482101000).";
    }

    public static string? FlightNumber(string? input)
    {
        var flight = string.Concat((input ?? string.Empty).Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        return flight.Length == 0 || FlightShape().IsMatch(flight) ? null : "A flight number is an airline designator and 1 to 4 digits (SU1234).";
    }

    public static string? BlNumber(string? input)
    {
        var bl = (input ?? string.Empty).Trim().ToUpperInvariant();
        return bl.Length == 0 || BlShape().IsMatch(bl) ? null : "A B/L number has 3 to 35 letters, digits, '-' or '/'.";
    }

    /// <summary>FAS, FOB, CFR and CIF are for sea transport only.</summary>
    public static string? Incoterm(string? incoterm, string? mode) =>
        incoterm is { Length: > 0 } rule && ShipmentVocabulary.SeaOnlyIncoterms.Contains(rule) && mode is { Length: > 0 } m && m != "sea"
            ? $"{rule} is for sea transport only; a {m} shipment uses FCA, CPT, CIP, DAP, DPU, DDP or EXW."
            : null;

    public static string? NetWeight(decimal? net, decimal? gross) =>
        net is < 0 ? "The net weight is not negative."
        : net is { } n && gross is { } g && n > g ? string.Create(CultureInfo.InvariantCulture, $"The net weight ({n} kg) cannot exceed the gross weight ({g} kg).")
        : null;

    public static string? GrossWeight(decimal? gross) => gross is > 0 ? null : "The gross weight is more than 0 kg.";

    public static string? Packages(int? packages) => packages is >= 1 ? null : "A cargo line has at least one package.";

    public static string? Eta(DateTimeOffset? etd, DateTimeOffset? eta) =>
        etd is { } d && eta is { } a && a < d ? "The ETA is before the ETD." : null;

    private static int[] BuildLetterValues()
    {
        var values = new int[26];
        var next = 10;
        for (var letter = 0; letter < 26; letter++)
        {
            if (next % 11 == 0)
            {
                next++;
            }

            values[letter] = next++;
        }

        return values;
    }

    [GeneratedRegex("^[A-Z]{3}[UJZ][0-9]{7}$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerShape();

    [GeneratedRegex("^[A-Z]{2}[A-Z2-9]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LocodeShape();

    [GeneratedRegex("^[0-9]{6,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex HsShape();

    [GeneratedRegex("^(?:[A-Z]{2}|[A-Z][0-9]|[0-9][A-Z]|[A-Z]{3})[0-9]{1,4}[A-Z]?$", RegexOptions.CultureInvariant)]
    private static partial Regex FlightShape();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9/-]{2,34}$", RegexOptions.CultureInvariant)]
    private static partial Regex BlShape();
}
