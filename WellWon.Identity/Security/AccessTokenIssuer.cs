using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WellWon.Identity.Security;

/// <summary>The claims WellWon puts in its access tokens.</summary>
public static class IdentityClaims
{
    public const string Subject = "sub";
    public const string Email = "email";
    public const string UserType = "user_type";

    /// <summary>The session (refresh-token family) the token was issued for; logout and password changes revoke by it.</summary>
    public const string Session = "sid";

    public static Guid? UserId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(Subject)?.Value, out var id) ? id : null;

    public static Guid? SessionId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(Session)?.Value, out var id) ? id : null;
}

/// <summary>Issues short-lived HS256 access tokens with <c>sub</c>, <c>email</c>, <c>user_type</c> and <c>sid</c>.</summary>
public sealed class AccessTokenIssuer(IOptions<JwtOptions> options, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public (string Token, TimeSpan Lifetime) Issue(Guid userId, string? email, string userType, Guid sessionId)
    {
        var jwt = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [IdentityClaims.Subject] = userId.ToString(),
            [IdentityClaims.UserType] = userType,
            [IdentityClaims.Session] = sessionId.ToString(),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (email is not null)
        {
            claims[IdentityClaims.Email] = email;
        }

        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + jwt.AccessTokenLifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(jwt.SecurityKey(), SecurityAlgorithms.HmacSha256),
        });
        return (token, jwt.AccessTokenLifetime);
    }
}
