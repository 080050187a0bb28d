using WellWon.Documents.Reading.Extraction;

namespace WellWon.Documents.Reading.Tests;

public sealed class NormalizationTests
{
    [Theory]
    [InlineData("1,234.50", null, "1234.5")]
    [InlineData("1.234,50", null, "1234.5")]
    [InlineData("1 234,50", null, "1234.5")]
    [InlineData("12 345 678,9", null, "12345678.9")]
    [InlineData("1'234.50", null, "1234.5")]
    [InlineData("USD 57,150.46", null, "57150.46")]
    [InlineData("1 229,03 кг", null, "1229.03")]
    [InlineData("1,200", '.', "1200")]
    [InlineData("1,200", ',', "1.2")]
    [InlineData("1.200", ',', "1200")]
    [InlineData("5,28", null, "5.28")]
    [InlineData("1O5,00", null, "105")]
    [InlineData("420", null, "420")]
    [InlineData("109:44", null, "109.44")]
    [InlineData("1 047;34", ',', "1047.34")]
    public void Numbers_read_with_either_separator(string text, char? separator, string expected) =>
        Assert.Equal(expected, Numbers.Canonical(Numbers.Parse(text, separator)!.Value));

    [Fact]
    public void The_document_decimal_separator_comes_from_its_amounts() =>
        Assert.Equal(',', Numbers.GuessDecimalSeparator(["1.234,50", "Total", "5,28", "1.200"]));

    [Theory]
    [InlineData("2025-03-12")]
    [InlineData("12.03.2025")]
    [InlineData("12/03/2025")]
    [InlineData("12.03.25")]
    [InlineData("March 12, 2025")]
    [InlineData("12 March 2025")]
    [InlineData("12 марта 2025 г.")]
    [InlineData("Date: 12-Mar-2025")]
    public void Dates_in_several_forms_become_iso(string text) => Assert.Equal(new DateOnly(2025, 3, 12), Dates.Parse(text));

    [Fact]
    public void Impossible_dates_are_not_read() => Assert.Null(Dates.Parse("31.02.2025"));

    [Theory]
    [InlineData("China", "CN")]
    [InlineData("Китай", "CN")]
    [InlineData("TR", "TR")]
    [InlineData("Türkiye", "TR")]
    [InlineData("Germamy", "DE")]
    [InlineData("Германия", "DE")]
    public void Countries_become_alpha_2(string text, string expected) => Assert.Equal(expected, Countries.Normalize(text));

    [Theory]
    [InlineData("8471 30 000 0", "8471300000")]
    [InlineData("8471.30.00.00", "8471300000")]
    [InlineData("8471300000", "8471300000")]
    [InlineData("847130", "8471300000")]
    [InlineData("12345", null)]
    public void Hs_codes_become_ten_digits(string text, string? expected) => Assert.Equal(expected, HsCodes.Normalize(text));

    [Theory]
    [InlineData("US Dollar", "USD")]
    [InlineData("евро", "EUR")]
    [InlineData("CNY", "CNY")]
    [InlineData("RMB", "CNY")]
    public void Currencies_become_iso_4217(string text, string expected) => Assert.Equal(expected, Currencies.Normalize(text));

    [Theory]
    [InlineData("pcs", "PCE")]
    [InlineData("шт.", "PCE")]
    [InlineData("компл", "SET")]
    [InlineData("pairs", "PR")]
    [InlineData("м", "MTR")]
    public void Units_become_un_ece_codes(string text, string expected) => Assert.Equal(expected, Units.Normalize(text));

    [Fact]
    public void Cyrillic_look_alikes_in_an_invoice_number_become_latin() => Assert.Equal("HX-2025-6197", Homoglyphs.ToLatin("НХ-2025-6197"));

    [Theory]
    [InlineData("Брутто", "Bpytto,")]
    [InlineData("Нетто", "Hetto")]
    [InlineData("Gross", "Gross,")]
    public void Labels_are_recognised_in_look_alike_letters_of_the_other_alphabet(string label, string word) =>
        Assert.True(LabelMatch.WordMatches(label, word));

    [Theory]
    [InlineData("pes", "PCE")]
    [InlineData("[pcs", "PCE")]
    [InlineData("palrs", "PR")]
    public void Unit_words_with_one_slip_are_read(string text, string code) =>
        Assert.Equal(code, Units.Normalize(text.Trim('[')) ?? Units.NormalizeWithSlip(text.Trim('[')));

    [Theory]
    [InlineData("000 «Вектор Трейд»", "ООО «Вектор Трейд»")]
    [InlineData("OOO «Вектор Трейд»", "ООО «Вектор Трейд»")]
    [InlineData("Vector 000 Trade", "Vector 000 Trade")]
    public void A_russian_legal_form_read_with_zeros_is_repaired(string read, string expected) =>
        Assert.Equal(expected, Parties.RepairLegalForm(read));
}
