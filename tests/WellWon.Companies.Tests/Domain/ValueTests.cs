using WellWon.Companies.Domain;

namespace WellWon.Companies.Tests.Domain;

public sealed class ValueTests
{
    [Fact]
    public void Every_assigned_ISO_3166_1_alpha_2_code_and_nothing_else()
    {
        Assert.Equal(249, CountryCodes.All.Count);
        Assert.Equal("RU", CountryCodes.Normalize(" ru "));
        Assert.Equal("CN", CountryCodes.Normalize("CN"));
        foreach (var code in new[] { "XX", "UK", "EU", "RUS", "R", "", "  ", "1A" })
        {
            Assert.Null(CountryCodes.Normalize(code));
        }
    }

    [Theory]
    [InlineData("  Ann.Importer@Example.COM ", "ann.importer@example.com")]
    [InlineData("a@b.cd", "a@b.cd")]
    [InlineData("Ann <ann@example.com>", null)]
    [InlineData("ann@example", null)]
    [InlineData("ann@@example.com", null)]
    [InlineData("ann example@example.com", null)]
    [InlineData("", null)]
    public void Invitation_addresses_are_normalised_like_account_addresses(string input, string? expected) =>
        Assert.Equal(expected, EmailAddress.Normalize(input));

    [Fact]
    public void A_token_names_its_company_and_is_kept_only_as_its_hash()
    {
        var companyId = Guid.CreateVersion7();
        var token = InvitationToken.Issue(companyId);

        Assert.True(InvitationToken.TryReadCompany(token, out var read));
        Assert.Equal(companyId, read);
        Assert.NotEqual(token, InvitationToken.Issue(companyId));
        var hash = InvitationToken.Hash(token);
        Assert.True(InvitationToken.Matches(hash, token));
        Assert.DoesNotContain(token, hash, StringComparison.Ordinal);

        var tampered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        Assert.False(InvitationToken.Matches(hash, tampered));
        Assert.False(InvitationToken.Matches(hash, null));
        foreach (var garbage in new[] { "", "abc", token + "A", new string('*', token.Length) })
        {
            Assert.False(InvitationToken.TryReadCompany(garbage, out _));
        }
    }
}
