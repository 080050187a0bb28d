using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace WellWon.Web.Session;

/// <summary>
/// The signed-in user's access token, for the scope it is resolved in: a circuit (its authentication state) or an HTTP
/// request (its cookie principal).
/// </summary>
public sealed class ApiAccessToken(AuthenticationStateProvider authentication, IHttpContextAccessor http, SessionTokens tokens) : IApiAccessToken
{
    public async ValueTask<string?> GetAsync(CancellationToken ct) => (await LookupAsync(ct)).Token;

    public async ValueTask<AccessTokenLookup> LookupAsync(CancellationToken ct) =>
        SessionClaims.SessionIdOf(await UserAsync()) is { } sessionId
            ? await tokens.GetAccessTokenAsync(sessionId, ct)
            : AccessTokenLookup.Anonymous;

    private async Task<ClaimsPrincipal?> UserAsync()
    {
        try
        {
            return (await authentication.GetAuthenticationStateAsync()).User;
        }
        catch (InvalidOperationException)
        {
            // Outside a component (a plain endpoint) nobody set the authentication state; the request's principal is it.
            return http.HttpContext?.User;
        }
    }
}
