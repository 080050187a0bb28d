using WellWon.Customs.ExchangeRates;

namespace WellWon.Customs.Tests.ExchangeRates;

public sealed class CbrParserTests
{
    [Fact]
    public void A_windows_1251_answer_is_read_exactly_in_decimal()
    {
        var day = CbrDailyRatesParser.Parse(CbrPayloads.Daily("14.11.2025"));

        Assert.Equal(new DateOnly(2025, 11, 14), day.Date);
        Assert.Equal(new CbrRate("AMD", 100, 21.5637m, 0.215637m), day.Rates.Single(r => r.Currency == "AMD"));
        Assert.Equal(new CbrRate("USD", 1, 80.75m, 80.75m), day.Rates.Single(r => r.Currency == "USD"));
        Assert.Equal(5, day.Rates.Count);
    }

    [Fact]
    public void Without_VunitRate_the_rate_per_unit_is_value_over_nominal()
    {
        var day = CbrDailyRatesParser.Parse(CbrPayloads.Daily("14.11.2025", withUnitRate: false));
        Assert.Equal(0.215637m, day.Rates.Single(r => r.Currency == "AMD").UnitRate);
    }

    [Theory]
    [InlineData("not xml at all", "not well-formed")]
    [InlineData("""<?xml version="1.0" encoding="windows-1251"?><Error>Error in parameters</Error>""", "not <ValCurs>")]
    [InlineData("""<?xml version="1.0" encoding="windows-1251"?><ValCurs Date="2025-11-14"></ValCurs>""", "not dd.mm.yyyy")]
    [InlineData("""<?xml version="1.0" encoding="windows-1251"?><ValCurs Date="14.11.2025" name="Foreign Currency Market"></ValCurs>""", "holds no rates")]
    [InlineData("""<ValCurs Date="14.11.2025"><Valute ID="R01235"><CharCode>USD</CharCode><Nominal>1</Nominal><Value>80.75</Value></Valute></ValCurs>""", "decimal comma")]
    [InlineData("""<ValCurs Date="14.11.2025"><Valute ID="R01235"><CharCode>USD</CharCode><Nominal>1</Nominal><Value>-80,75</Value></Valute></ValCurs>""", "decimal comma")]
    [InlineData("""<ValCurs Date="14.11.2025"><Valute ID="R01235"><CharCode>USD</CharCode><Nominal>0</Nominal><Value>80,75</Value></Valute></ValCurs>""", "Nominal")]
    [InlineData("""<ValCurs Date="14.11.2025"><Valute ID="R01235"><CharCode>USD</CharCode><Value>80,75</Value></Valute></ValCurs>""", "no Nominal")]
    [InlineData("""<ValCurs Date="14.11.2025"><Valute ID="R01235"><CharCode>usd</CharCode><Nominal>1</Nominal><Value>80,75</Value></Valute></ValCurs>""", "three-letter")]
    public void A_malformed_answer_is_refused_saying_why(string xml, string why)
    {
        var refused = Assert.Throws<CbrPayloadException>(() => CbrDailyRatesParser.Parse(CbrPayloads.Bytes(xml)));
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_currency_twice_is_refused()
    {
        var twice = CbrPayloads.WorkedExample().Concat(CbrPayloads.WorkedExample().Take(1));
        Assert.Throws<CbrPayloadException>(() => CbrDailyRatesParser.Parse(CbrPayloads.Daily("14.11.2025", twice)));
    }
}
