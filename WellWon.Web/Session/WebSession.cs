namespace WellWon.Web.Session;

/// <summary>
/// A signed-in browser's server-side half: the Api's tokens, kept in Redis under <see cref="Id"/>; the browser's cookie
/// carries only that id and the user's claims, never a token. <see cref="UserType"/> is the role the latest access token
/// names, so a role changed by WellWon staff reaches the cookie at the next refresh.
/// </summary>
public sealed record WebSession(
    string Id, Guid UserId, string AccessToken, string RefreshToken, DateTimeOffset AccessTokenExpiresAt, string? UserType = null);
