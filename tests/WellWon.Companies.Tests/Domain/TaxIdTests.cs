using WellWon.Companies.Domain;

namespace WellWon.Companies.Tests.Domain;

public sealed class TaxIdTests
{
    [Theory]
    [InlineData("7707083893")] // Sberbank
    [InlineData("7736050003")] // Gazprom
    [InlineData("7736207543")] // Yandex
    [InlineData("500100732259")] // an individual entrepreneur
    public void Real_INNs_are_valid(string inn)
    {
        Assert.True(TaxIds.IsValidInn(inn));
        Assert.Null(TaxIds.Check("RU", inn));
    }

    [Theory]
    [InlineData("7707083893")]
    [InlineData("500100732259")]
    public void Changing_any_one_digit_of_a_valid_INN_makes_it_invalid(string inn)
    {
        for (var position = 0; position < inn.Length; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit == inn[position])
                {
                    continue;
                }

                var changed = string.Concat(inn.AsSpan(0, position), digit.ToString(), inn.AsSpan(position + 1));
                Assert.False(TaxIds.IsValidInn(changed), $"{changed} passed the check");
                Assert.NotNull(TaxIds.Check("RU", changed));
            }
        }
    }

    [Theory]
    [InlineData("770708389")]
    [InlineData("77070838931")]
    [InlineData("5001007322590")]
    [InlineData("77O7083893")]
    [InlineData("")]
    public void An_INN_has_10_or_12_digits(string inn)
    {
        Assert.False(TaxIds.IsValidInn(inn));
        Assert.NotNull(TaxIds.Check("RU", inn));
    }

    [Theory]
    [InlineData("DE", "DE123456789")]
    [InlineData("CN", "91310000MA1FL0XX3T")]
    [InlineData("US", "12-3456789")]
    [InlineData("KZ", "123/456")]
    public void Elsewhere_5_to_20_letters_digits_dashes_or_slashes_are_valid(string country, string taxId) =>
        Assert.Null(TaxIds.Check(country, taxId));

    [Theory]
    [InlineData("DE", "DE12")]
    [InlineData("DE", "DE1234567890123456789")]
    [InlineData("DE", "DE 123456789")]
    [InlineData("DE", "de123456789")]
    [InlineData("US", "12_3456789")]
    public void Elsewhere_anything_else_is_invalid(string country, string taxId) =>
        Assert.NotNull(TaxIds.Check(country, taxId));

    [Fact]
    public void Normalising_trims_and_upper_cases_and_blank_is_none()
    {
        Assert.Equal("DE123456789", TaxIds.Normalize("  de123456789 "));
        Assert.Null(TaxIds.Normalize("   "));
        Assert.Null(TaxIds.Normalize(null));
    }
}
