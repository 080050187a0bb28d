using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;

namespace WellWon.Customs.Tests.Domain;

/// <summary>The values every declaration is made of: codes normalised once, refused with the field they came from.</summary>
public sealed class ValueTests
{
    [Theory]
    [InlineData("8482101000", "8482101000")]
    [InlineData("8482 10 100 0", "8482101000")]
    [InlineData(" 8482.10.100.0 ", "8482101000")]
    [InlineData("8482\u00A010\u00A01000", "8482101000")]
    public void An_hs_code_is_ten_digits_with_spaces_and_dots_dropped(string input, string expected)
    {
        var code = HsCode.Parse(input);
        Assert.Equal(expected, code.Value);
        Assert.Equal(("84", "8482", "848210"), (code.Chapter, code.Heading, code.Subheading));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("848210")]
    [InlineData("84821010001")]
    [InlineData("84821O1000")]
    [InlineData("8482-10-1000")]
    public void Anything_else_is_not_an_hs_code(string? input)
    {
        Assert.False(HsCode.TryParse(input, out _));
        var e = Assert.Throws<CustomsRuleException>(() => HsCode.Parse(input, "items[2].hsCode"));
        Assert.Equal((CustomsErrors.HsCodeInvalid, "items[2].hsCode"), (e.Code, e.Field));
    }

    [Theory]
    [InlineData("cn", "CN")]
    [InlineData(" RU ", "RU")]
    public void An_origin_is_an_assigned_iso_country(string input, string expected) => Assert.Equal(expected, Country.Parse(input, "origin"));

    [Theory]
    [InlineData("XX")]
    [InlineData("CHN")]
    [InlineData("")]
    public void Unassigned_or_three_letter_countries_are_refused(string input) =>
        Assert.Equal(CustomsErrors.CountryInvalid, Assert.Throws<CustomsRuleException>(() => Country.Parse(input, "origin")).Code);

    [Fact]
    public void Money_is_a_non_negative_decimal_in_an_iso_currency()
    {
        Assert.Equal(new Money(10.005m, "EUR"), Money.Create(10.005m, " eur ", "price"));
        var negative = Assert.Throws<CustomsRuleException>(() => Money.Create(-1m, "EUR", "price"));
        Assert.Equal((CustomsErrors.AmountInvalid, "price.amount"), (negative.Code, negative.Field));
        var currency = Assert.Throws<CustomsRuleException>(() => Money.Create(1m, "EURO", "price"));
        Assert.Equal((CustomsErrors.CurrencyInvalid, "price.currency"), (currency.Code, currency.Field));
    }

    [Theory]
    [InlineData("40", true)]
    [InlineData("10", true)]
    [InlineData(" 51 ", true)]
    [InlineData("4", false)]
    [InlineData("IM40", false)]
    public void A_procedure_is_two_digits(string input, bool valid)
    {
        if (valid)
        {
            Assert.Equal(input.Trim(), ProcedureCodes.Parse(input));
        }
        else
        {
            Assert.Equal(CustomsErrors.ProcedureInvalid, Assert.Throws<CustomsRuleException>(() => ProcedureCodes.Parse(input)).Code);
        }
    }

    [Theory]
    [InlineData("10702070", true)]
    [InlineData("10000010", true)]
    [InlineData("1070207", false)]
    [InlineData("1070207A", false)]
    public void A_customs_office_is_eight_digits(string input, bool valid) => Assert.Equal(valid, CustomsOfficeCode.IsValid(input));
}
