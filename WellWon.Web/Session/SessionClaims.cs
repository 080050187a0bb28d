using System.Buffers.Text;
using System.Security.Claims;
using System.Text.Json;

namespace WellWon.Web.Session;

/// <summary>What the sign-in cookie's principal carries: the web session's id and the user's id, name, e-mail and role.</summary>
public static class SessionClaims
{
    /// <summary>The web session id: the key of the tokens in the session store.</summary>
    public const string SessionId = "ww_session";

    /// <summary>The WellWon staff role that sees the administration screens.</summary>
    public const string AdminRole = "ww_admin";

    public static string? SessionIdOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true ? user.FindFirst(SessionId)?.Value : null;

    public static Guid? UserIdOf(ClaimsPrincipal? user) =>
        Guid.TryParse(user?.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var id) ? id : null;

    /// <summary>The cookie principal for a new session; <paramref name="displayName"/> falls back to the e-mail address.</summary>
    public static ClaimsPrincipal Principal(string sessionId, AccessTokenClaims token, string? displayName, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(SessionId, sessionId),
            new(ClaimTypes.NameIdentifier, token.UserId.ToString()),
            new(ClaimTypes.Name, string.IsNullOrWhiteSpace(displayName) ? token.Email ?? token.UserId.ToString() : displayName),
        };
        if (token.Email is { } email)
        {
            claims.Add(new Claim(ClaimTypes.Email, email));
        }

        if (token.UserType is { } role)
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The principal with <paramref name="role"/> as its only role, or null when that is already so.</summary>
    public static ClaimsPrincipal? WithRole(ClaimsPrincipal principal, string role)
    {
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        if (roles is [var only] && only == role)
        {
            return null;
        }

        var claims = principal.Claims.Where(c => c.Type != ClaimTypes.Role).Append(new Claim(ClaimTypes.Role, role));
        var identity = principal.Identity as ClaimsIdentity;
        return new ClaimsPrincipal(new ClaimsIdentity(claims, identity?.AuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}

/// <summary>
/// The claims of one of the Api's access tokens (<c>sub</c>, <c>email</c>, <c>user_type</c>, <c>exp</c>), read without checking
/// the signature: the token came straight from the Api over its own connection, and the Api checks it on every call.
/// </summary>
public sealed record AccessTokenClaims(Guid UserId, string? Email, string? UserType, DateTimeOffset? ExpiresAt)
{
    public static AccessTokenClaims? Read(string? accessToken)
    {
        var parts = accessToken?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = payload.RootElement;
            if (!Guid.TryParse(Text(root, "sub"), out var userId))
            {
                return null;
            }

            DateTimeOffset? expires = root.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
            return new AccessTokenClaims(userId, Text(root, "email"), Text(root, "user_type"), expires);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
