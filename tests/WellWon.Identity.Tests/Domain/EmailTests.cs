using WellWon.Identity.Domain;

namespace WellWon.Identity.Tests.Domain;

public sealed class EmailTests
{
    [Theory]
    [InlineData("ann@example.com", "ann@example.com")]
    [InlineData("  Ann.Importer+tea@Example.CO.uk ", "ann.importer+tea@example.co.uk")]
    public void Addresses_are_trimmed_and_lower_cased(string input, string normalised) =>
        Assert.Equal(normalised, Email.Parse(input).Value);

    [Theory]
    [InlineData("")]
    [InlineData("ann")]
    [InlineData("ann@")]
    [InlineData("@example.com")]
    [InlineData("ann@example")]
    [InlineData("ann@@example.com")]
    [InlineData("ann smith@example.com")]
    [InlineData("Ann <ann@example.com>")]
    [InlineData("ann@example..com")]
    [InlineData("ann@.example.com")]
    public void Malformed_addresses_are_refused(string input) =>
        Assert.False(Email.TryParse(input, out _));
}
