using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Platform.Http;

/// <summary>
/// The signed-in user of the current HTTP request: <c>sub</c> → <see cref="UserId"/>, <c>user_type</c> → <see cref="UserType"/>,
/// roles from the identity's role claims, <c>role</c>/<c>roles</c>, and the user type itself (the four WellWon user types are roles).
/// </summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public const string SubjectClaim = "sub";
    public const string UserTypeClaim = "user_type";

    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public Guid? UserId => IsAuthenticated ? UserIdOf(Principal!) : null;

    /// <summary>The user a principal names, or null. JwtBearer maps "sub" to NameIdentifier unless MapInboundClaims is off; either is read.</summary>
    public static Guid? UserIdOf(ClaimsPrincipal user) =>
        Guid.TryParse((user.FindFirst(SubjectClaim) ?? user.FindFirst(ClaimTypes.NameIdentifier))?.Value, out var id) ? id : null;

    /// <summary>The user an endpoint behind <c>RequireAuthorization</c> acts for; a token that names none is a 401.</summary>
    public static Guid RequireUserId(ClaimsPrincipal user) =>
        UserIdOf(user) ?? throw new UnauthenticatedException("The access token names no WellWon user.");

    public string? UserType => IsAuthenticated ? Principal!.FindFirst(UserTypeClaim)?.Value : null;

    public bool IsInRole(string role)
    {
        if (!IsAuthenticated)
        {
            return false;
        }

        var principal = Principal!;
        return principal.IsInRole(role)
            || string.Equals(UserType, role, StringComparison.Ordinal)
            || principal.HasClaim(c => (c.Type is "role" or "roles" or ClaimTypes.Role) && string.Equals(c.Value, role, StringComparison.Ordinal));
    }
}
