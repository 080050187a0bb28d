using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using WellWon.Web.Api;

namespace WellWon.Web.Session;

/// <summary>
/// Signing in and out: the Api's tokens go to the session store under a new random id, and the browser gets a cookie with
/// that id and the user's claims. Sign-out ends the Api's session too.
/// </summary>
public sealed class AccountSignIn(AccountApi account, IWebSessionStore store, SessionTokens tokens, TimeProvider clock)
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>Checks the credentials with the Api and, when they are good, signs <paramref name="http"/>'s browser in.</summary>
    public async Task<ApiResult<ClaimsPrincipal>> SignInAsync(HttpContext http, string email, string password, CancellationToken ct)
    {
        var login = await account.LoginAsync(email, password, ct);
        if (!login.Succeeded)
        {
            return ApiResult.Failed<ClaimsPrincipal>(login.Problem);
        }

        // Signing in again (say, after the Api refused the old session) replaces the browser's previous session.
        if (SessionClaims.SessionIdOf(http.User) is { } previous)
        {
            await store.RemoveAsync(previous, ct);
        }

        var principal = await StartSessionAsync(login.Value!, ct);
        await http.SignInAsync(Scheme, principal, new AuthenticationProperties { IsPersistent = true });
        return ApiResult.Ok(principal);
    }

    /// <summary>Ends the Api's session (best effort: it expires anyway), forgets the tokens and removes the cookie.</summary>
    public async Task SignOutAsync(HttpContext http, CancellationToken ct)
    {
        if (SessionClaims.SessionIdOf(http.User) is { } sessionId)
        {
            var lookup = await tokens.GetAccessTokenAsync(sessionId, ct);
            if (lookup.State == AccessTokenState.Valid && await store.GetAsync(sessionId, ct) is { } session)
            {
                await account.LogoutAsync(lookup.Token!, session.RefreshToken, ct);
            }

            await store.RemoveAsync(sessionId, ct);
        }

        await http.SignOutAsync(Scheme);
    }

    private async Task<ClaimsPrincipal> StartSessionAsync(AuthTokens issued, CancellationToken ct)
    {
        var claims = AccessTokenClaims.Read(issued.AccessToken)
            ?? throw new InvalidOperationException("The Api issued an access token without a user id.");
        var sessionId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await store.SaveAsync(
            new WebSession(sessionId, claims.UserId, issued.AccessToken, issued.RefreshToken,
                clock.GetUtcNow() + TimeSpan.FromSeconds(issued.ExpiresIn), claims.UserType),
            ct);

        // The token carries no name; the profile does. Without it the e-mail address stands in.
        var me = await account.MeAsync(issued.AccessToken, ct);
        return SessionClaims.Principal(sessionId, claims, me.Succeeded ? me.Value!.DisplayName : null, Scheme);
    }

    /// <summary>A return address that stays on this site (a path, never another host), else the home page.</summary>
    public static string LocalReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            ? returnUrl
            : "/";
}
