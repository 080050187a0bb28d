using System.Text.RegularExpressions;

namespace WellWon.Companies.Domain;

/// <summary>
/// Tax or registration numbers, checked by the rules of the company's country: Russia's INN with its check digits
/// (10 digits for an organisation, 12 for an individual entrepreneur); elsewhere 5–20 characters of A–Z, 0–9, '-' and '/'.
/// </summary>
public static partial class TaxIds
{
    public const string InvalidCode = "companies.tax-id-invalid";

    private static readonly int[] Inn10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] Inn12First = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] Inn12Second = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

    /// <summary>Trimmed and upper-cased; null for null or blank (no tax id).</summary>
    public static string? Normalize(string? input) =>
        string.IsNullOrWhiteSpace(input) ? null : input.Trim().ToUpperInvariant();

    /// <summary>Null when <paramref name="taxId"/> (normalised) is valid in <paramref name="country"/>; otherwise why not.</summary>
    public static string? Check(string country, string taxId) => country switch
    {
        "RU" => !Digits().IsMatch(taxId) || taxId.Length is not (10 or 12)
            ? "A Russian INN has 10 digits (organisation) or 12 digits (individual entrepreneur)."
            : IsValidInn(taxId) ? null : "The INN's check digits do not match; check the number.",
        _ => Generic().IsMatch(taxId) ? null : "A tax or registration number has 5 to 20 characters: letters A-Z, digits, '-' or '/'.",
    };

    /// <summary>The generic shape, which every country's number also has (a first check where the country is not known yet).</summary>
    public static bool HasGenericShape(string taxId) => Generic().IsMatch(taxId);

    /// <summary>Whether a 10- or 12-digit INN has the check digits the Federal Tax Service's algorithm gives.</summary>
    public static bool IsValidInn(string inn)
    {
        if (!Digits().IsMatch(inn))
        {
            return false;
        }

        return inn.Length switch
        {
            10 => CheckDigit(inn, Inn10) == inn[9] - '0',
            12 => CheckDigit(inn, Inn12First) == inn[10] - '0' && CheckDigit(inn, Inn12Second) == inn[11] - '0',
            _ => false,
        };
    }

    // Weighted sum of the leading digits, modulo 11, then modulo 10 (a remainder of 10 becomes 0).
    private static int CheckDigit(string digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }

        return sum % 11 % 10;
    }

    [GeneratedRegex("^[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    [GeneratedRegex("^[A-Z0-9/-]{5,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex Generic();
}
