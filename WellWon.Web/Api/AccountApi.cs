using System.Net.Http.Headers;

namespace WellWon.Web.Api;

/// <summary>The JSON body of <c>POST /api/auth/register</c>.</summary>
public sealed record RegisterRequest(string Email, string Password, string FirstName, string LastName, string? Phone = null);

public sealed record RegisteredUser(Guid Id);

/// <summary>The Api's token pair; <see cref="ExpiresIn"/> in seconds.</summary>
public sealed record AuthTokens(string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>A user as <c>/api/auth/me</c> describes them.</summary>
public sealed record UserProfile(
    Guid Id,
    string? Email,
    string? FirstName,
    string? LastName,
    string? AvatarUrl,
    string? Bio,
    string? Phone,
    string UserType,
    long UserNumber,
    bool EmailVerified)
{
    public string DisplayName => $"{FirstName} {LastName}".Trim() is { Length: > 0 } name ? name : Email ?? Id.ToString();
}

/// <summary>
/// Identity's session endpoints, called by the Web itself while it signs a user in or out or refreshes a session: never
/// through the bearer handler, so each call names its tokens explicitly.
/// </summary>
public sealed class AccountApi(HttpClient http)
{
    public Task<ApiResult<AuthTokens>> LoginAsync(string email, string password, CancellationToken ct) =>
        http.SendJsonAsync<AuthTokens>(HttpMethod.Post, "/api/auth/login", new { email, password }, ct);

    public Task<ApiResult<RegisteredUser>> RegisterAsync(RegisterRequest request, CancellationToken ct) =>
        http.SendJsonAsync<RegisteredUser>(HttpMethod.Post, "/api/auth/register", request, ct);

    public Task<ApiResult<AuthTokens>> RefreshAsync(string refreshToken, CancellationToken ct) =>
        http.SendJsonAsync<AuthTokens>(HttpMethod.Post, "/api/auth/refresh", new { refreshToken }, ct);

    public Task<ApiResult<UserProfile>> MeAsync(string accessToken, CancellationToken ct) =>
        http.SendAsync<UserProfile>(WithToken(new HttpRequestMessage(HttpMethod.Get, "/api/auth/me"), accessToken), ct);

    public Task<ApiResult<NoContent>> LogoutAsync(string accessToken, string refreshToken, CancellationToken ct) =>
        http.SendAsync<NoContent>(
            WithToken(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout") { Content = JsonContent.Create(new { refreshToken }) }, accessToken), ct);

    private static HttpRequestMessage WithToken(HttpRequestMessage request, string accessToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }
}
