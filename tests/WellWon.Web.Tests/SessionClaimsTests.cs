using System.Security.Claims;
using WellWon.Web.Session;

namespace WellWon.Web.Tests;

/// <summary>The cookie principal: what it carries from the access token, and how a changed role replaces the old one.</summary>
public sealed class SessionClaimsTests
{
    private static readonly AccessTokenClaims Token = new(Guid.Parse("0196a0c4-0000-7000-8000-000000000001"), "ann@example.com", "entrepreneur", null);

    [Fact]
    public void The_principal_carries_the_session_the_user_and_the_role()
    {
        var principal = SessionClaims.Principal("session-1", Token, "Ann Importer", "Cookies");

        Assert.Equal("session-1", SessionClaims.SessionIdOf(principal));
        Assert.Equal(Token.UserId, SessionClaims.UserIdOf(principal));
        Assert.Equal("Ann Importer", principal.Identity!.Name);
        Assert.True(principal.IsInRole("entrepreneur"));
        Assert.Equal("ann@example.com", principal.FindFirst(ClaimTypes.Email)!.Value);
    }

    [Fact]
    public void A_changed_role_replaces_the_old_one_and_an_unchanged_one_changes_nothing()
    {
        var principal = SessionClaims.Principal("session-1", Token, null, "Cookies");

        Assert.Null(SessionClaims.WithRole(principal, "entrepreneur"));
        var promoted = SessionClaims.WithRole(principal, SessionClaims.AdminRole)!;

        Assert.True(promoted.IsInRole(SessionClaims.AdminRole));
        Assert.False(promoted.IsInRole("entrepreneur"));
        Assert.Equal("session-1", SessionClaims.SessionIdOf(promoted));
        Assert.Equal("ann@example.com", promoted.Identity!.Name);
    }

    [Fact]
    public void Reads_the_access_tokens_claims_and_refuses_what_is_not_a_token()
    {
        Assert.Null(AccessTokenClaims.Read("not-a-token"));
        Assert.Null(AccessTokenClaims.Read("a.%%%.c"));
        Assert.Null(AccessTokenClaims.Read(null));
    }
}
