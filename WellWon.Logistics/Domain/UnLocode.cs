using System.Text.RegularExpressions;
using WellWon.Companies.Domain;

namespace WellWon.Logistics.Domain;

/// <summary>
/// UN/LOCODE: the ISO 3166-1 alpha-2 country, then three characters from A–Z and 2–9 naming the place (CNSHA Shanghai, RULED
/// Saint Petersburg, RUVVO Vladivostok). Only the shape and the country are checked: WellWon has no copy of the code list itself.
/// </summary>
public static partial class UnLocode
{
    /// <summary>UN/LOCODE's own country code for installations in international waters.</summary>
    public const string InternationalWaters = "XZ";

    /// <summary>"cn sha" → "CNSHA": written with a space between country and place, as the code list prints it.</summary>
    public static string Normalize(string? input) =>
        string.Concat((input ?? string.Empty).Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    public static RuleViolation? Check(string normalized, string field)
    {
        if (!Shape().IsMatch(normalized))
        {
            return new(field, ShipmentErrors.UnLocodeInvalid,
                "A UN/LOCODE is a 2-letter country and 3 letters or digits 2-9 (CNSHA, RULED).");
        }

        var country = normalized[..2];
        return country == InternationalWaters || CountryCodes.All.Contains(country)
            ? null
            : new(field, ShipmentErrors.UnLocodeCountryUnknown, $"'{country}' is not an ISO 3166-1 country, so {normalized} is no UN/LOCODE.");
    }

    public static bool IsValid(string normalized) => Check(normalized, "location") is null;

    [GeneratedRegex("^[A-Z]{2}[A-Z2-9]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
