using System.Text.RegularExpressions;

namespace WellWon.Logistics.Domain;

/// <summary>
/// ISO 6346 container numbers: a 3-letter owner code, the category (U freight container, J detachable equipment, Z trailer or
/// chassis), a 6-digit serial and a check digit. The check digit: letters count A=10, B=12 … skipping multiples of 11, digits as
/// themselves; the ten values are weighted 2^0 … 2^9, summed, taken mod 11, and 10 counts as 0 (CSQU305438 → 3, MSCU123456 → 6).
/// </summary>
public static partial class ContainerNumber
{
    private static readonly int[] LetterValues = BuildLetterValues();

    /// <summary>"mscu 123456-6" → "MSCU1234566": spaces and dashes, as printed on doors, are dropped.</summary>
    public static string Normalize(string? input) =>
        string.Concat((input ?? string.Empty).Where(c => c is not (' ' or '-'))).ToUpperInvariant();

    /// <summary>Null when <paramref name="normalized"/> is a valid number; otherwise what is wrong with it.</summary>
    public static RuleViolation? Check(string normalized, string field = "number")
    {
        if (!Shape().IsMatch(normalized))
        {
            return new(field, ShipmentErrors.ContainerNumberInvalid,
                "A container number is 3 owner letters, the category U, J or Z, 6 digits and a check digit (MSCU1234566).");
        }

        var expected = CheckDigit(normalized.AsSpan(0, 10));
        return normalized[10] - '0' == expected
            ? null
            : new(field, ShipmentErrors.ContainerCheckDigit, $"The check digit of {normalized[..10]} is {expected}, not {normalized[10]}.");
    }

    public static bool IsValid(string normalized) => Check(normalized) is null;

    /// <summary>The check digit of the first ten characters (owner code, category, serial).</summary>
    public static int CheckDigit(ReadOnlySpan<char> ownerCategorySerial)
    {
        if (ownerCategorySerial.Length != 10)
        {
            throw new ArgumentException("The check digit is computed over exactly 10 characters.", nameof(ownerCategorySerial));
        }

        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += ValueOf(ownerCategorySerial[i]) << i;
        }

        return sum % 11 % 10;
    }

    /// <summary>What a character counts for: a digit itself, a letter from A=10 on, skipping 11, 22 and 33.</summary>
    internal static int ValueOf(char c) =>
        c is >= 'A' and <= 'Z' ? LetterValues[c - 'A']
        : c is >= '0' and <= '9' ? c - '0'
        : throw new ArgumentException($"'{c}' has no value in ISO 6346.", nameof(c));

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
    private static partial Regex Shape();
}

/// <summary>
/// ISO 6346 size and type codes (22G1, 45G1, 42R1): a length code, a height/width code, a type group letter and a digit for the
/// detail. Checked by shape against the standard's length and height codes and type groups; the detail digit is not checked.
/// </summary>
public static partial class ContainerTypeCode
{
    /// <summary>Length codes: 1 (10 ft) 2 (20 ft) 3 (30 ft) 4 (40 ft), and the lettered lengths A–P (B 24 ft … L 45 ft, M 48 ft, N 49 ft).</summary>
    public const string Lengths = "1234ABCDEFGHKLMNP";

    /// <summary>Height/width codes: 0 (8 ft) 2 (8 ft 6) 4 (9 ft) 5 (9 ft 6) 6 (over 9 ft 6) 8 (4 ft 3) 9 (4 ft or less), C–F and L–P for wider boxes.</summary>
    public const string Heights = "0245689CDEFLMNP";

    /// <summary>
    /// Type groups: G general purpose, V ventilated, B dry bulk, S named cargo, R refrigerated, H heated or insulated, U open top,
    /// P platform or flat rack, T tank, A air/surface.
    /// </summary>
    public const string TypeGroups = "GVBSRHUPTA";

    public static string Normalize(string? input) => (input ?? string.Empty).Trim().ToUpperInvariant();

    public static RuleViolation? Check(string normalized, string field = "type") =>
        normalized.Length == 4 && Lengths.Contains(normalized[0], StringComparison.Ordinal) && Heights.Contains(normalized[1], StringComparison.Ordinal)
            && TypeGroups.Contains(normalized[2], StringComparison.Ordinal) && char.IsAsciiDigit(normalized[3])
            ? null
            : new(field, ShipmentErrors.ContainerTypeInvalid,
                "A container type is an ISO 6346 size/type code: length, height, type group and a digit (22G1, 45G1, 42R1).");
}

/// <summary>Seal numbers as printed on the seal: letters, digits and dashes, up to 35 characters.</summary>
public static partial class SealNumber
{
    public const int MaxSeals = 10;

    public static string Normalize(string? input) => (input ?? string.Empty).Trim().ToUpperInvariant();

    public static bool IsValid(string normalized) => Shape().IsMatch(normalized);

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,34}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
