using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace WellWon.Customs.ExchangeRates;

/// <summary>One currency of a <c>XML_daily</c> answer: roubles per <paramref name="Nominal"/> units and per one unit, exactly as published.</summary>
public sealed record CbrRate(string Currency, int Nominal, decimal Value, decimal UnitRate);

/// <summary>The rates the central bank set for <paramref name="Date"/> (the <c>ValCurs Date</c>, which for a weekend is the last business day's).</summary>
public sealed record CbrDailyRates(DateOnly Date, IReadOnlyList<CbrRate> Rates);

/// <summary>A <c>XML_daily</c> answer that is not the documented shape; nothing of it is stored.</summary>
public sealed class CbrPayloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads the central bank's <c>XML_daily.asp</c> answer: windows-1251 XML, <c>&lt;ValCurs Date="dd.mm.yyyy"&gt;</c> with
/// <c>&lt;Valute&gt;</c> elements whose <c>Nominal</c>, <c>Value</c> and <c>VunitRate</c> have a decimal comma. Amounts are
/// parsed straight into decimal; an answer without <c>VunitRate</c> (older ones) gets <c>Value / Nominal</c>.
/// </summary>
public static class CbrDailyRatesParser
{
    static CbrDailyRatesParser() =>
        // The XML declares windows-1251, which .NET knows only once the code-page provider (in the shared framework) is registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static CbrDailyRates Parse(byte[] payload)
    {
        XDocument document;
        try
        {
            using var stream = new MemoryStream(payload, writable: false);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new CbrPayloadException($"The answer is not well-formed XML: {e.Message}", e);
        }

        var root = document.Root;
        if (root?.Name.LocalName != "ValCurs")
        {
            throw new CbrPayloadException($"The answer's root is <{root?.Name.LocalName}>, not <ValCurs>.");
        }

        var dateText = (string?)root.Attribute("Date");
        if (!DateOnly.TryParseExact(dateText, "dd.MM.yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new CbrPayloadException($"ValCurs Date '{dateText}' is not dd.mm.yyyy.");
        }

        var rates = new List<CbrRate>();
        foreach (var valute in root.Elements("Valute"))
        {
            var code = Text(valute, "CharCode");
            if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
            {
                throw new CbrPayloadException($"CharCode '{code}' is not a three-letter code.");
            }

            if (!int.TryParse(Text(valute, "Nominal"), NumberStyles.None, CultureInfo.InvariantCulture, out var nominal) || nominal <= 0)
            {
                throw new CbrPayloadException($"The Nominal of {code} is not a positive whole number.");
            }

            var value = Amount(Text(valute, "Value"), code, "Value");
            var unitRate = valute.Element("VunitRate") is { } unit ? Amount(unit.Value, code, "VunitRate") : value / nominal;
            if (rates.Any(r => r.Currency == code))
            {
                throw new CbrPayloadException($"{code} appears twice.");
            }

            rates.Add(new CbrRate(code, nominal, value, unitRate));
        }

        return rates.Count > 0 ? new CbrDailyRates(date, rates) : throw new CbrPayloadException($"The answer for {dateText} holds no rates.");
    }

    /// <summary>"21,5637" → 21.5637m: digits with one decimal comma, nothing else (no signs, exponents or group separators).</summary>
    public static decimal Amount(string? text, string currency, string element)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0 || trimmed.Any(c => !char.IsAsciiDigit(c) && c != ',') || trimmed.Count(c => c == ',') > 1
            || !decimal.TryParse(trimmed.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            throw new CbrPayloadException($"The {element} of {currency} is '{text}', not a positive amount with a decimal comma.");
        }

        return amount;
    }

    private static string Text(XElement valute, string name) =>
        valute.Element(name)?.Value.Trim() ?? throw new CbrPayloadException($"A Valute ({(string?)valute.Attribute("ID")}) has no {name}.");
}
