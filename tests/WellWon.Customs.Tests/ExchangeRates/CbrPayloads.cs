using System.Text;

namespace WellWon.Customs.Tests.ExchangeRates;

/// <summary>Answers shaped as the central bank's <c>XML_daily.asp</c> (windows-1251, decimal commas, Russian names).</summary>
internal static class CbrPayloads
{
    public sealed record Valute(string Id, string NumCode, string CharCode, int Nominal, string Name, string Value, string? VunitRate);

    public static readonly Encoding Windows1251 = CodePagesEncodingProvider.Instance.GetEncoding(1251)!;

    /// <summary>The worked example's rates (EUR 93.5012, USD 80.7500, CNY 11.3270) and AMD per 100 units, as published on 14.11.2025.</summary>
    public static Valute[] WorkedExample(string usd = "80,7500") =>
    [
        new("R01060", "051", "AMD", 100, "Армянских драмов", "21,5637", "0,215637"),
        new("R01235", "840", "USD", 1, "Доллар США", usd, usd),
        new("R01239", "978", "EUR", 1, "Евро", "93,5012", "93,5012"),
        new("R01375", "156", "CNY", 1, "Китайский юань", "11,3270", "11,327"),
        new("R01589", "960", "XDR", 1, "СДР (специальные права заимствования)", "110,1234", "110,1234"),
    ];

    public static string Xml(string date, IEnumerable<Valute> valutes, bool withUnitRate = true)
    {
        var xml = new StringBuilder($"""<?xml version="1.0" encoding="windows-1251"?><ValCurs Date="{date}" name="Foreign Currency Market">""");
        foreach (var v in valutes)
        {
            xml.Append($"""<Valute ID="{v.Id}"><NumCode>{v.NumCode}</NumCode><CharCode>{v.CharCode}</CharCode><Nominal>{v.Nominal}</Nominal><Name>{v.Name}</Name><Value>{v.Value}</Value>""");
            if (withUnitRate && v.VunitRate is not null)
            {
                xml.Append($"<VunitRate>{v.VunitRate}</VunitRate>");
            }

            xml.Append("</Valute>");
        }

        return xml.Append("</ValCurs>").ToString();
    }

    public static byte[] Bytes(string xml) => Windows1251.GetBytes(xml);

    public static byte[] Daily(string date, IEnumerable<Valute>? valutes = null, bool withUnitRate = true) => Bytes(Xml(date, valutes ?? WorkedExample(), withUnitRate));
}
