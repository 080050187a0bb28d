using Microsoft.AspNetCore.Authorization;
using WellWon.Platform.Http;

namespace WellWon.Api.Admin;

/// <summary>The operators' endpoints under <c>/api/admin</c>, open to WellWon administrators only (policy <see cref="Policy"/>).</summary>
public static class AdminEndpoints
{
    /// <summary>The policy: a signed-in user whose <c>user_type</c> claim is <c>ww_admin</c>.</summary>
    public const string Policy = "ww_admin";

    /// <summary>
    /// Authorization with the <see cref="Policy"/> policy, unless the host defined one of that name already (the identity module
    /// may define it its own way; it wins either way, since this only adds the policy when it is missing).
    /// </summary>
    public static IServiceCollection AddWellWonAdmin(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder();
        services.Configure<AuthorizationOptions>(options =>
        {
            if (options.GetPolicy(Policy) is null)
            {
                options.AddPolicy(Policy, policy => policy.RequireAuthenticatedUser().RequireClaim(HttpCurrentUser.UserTypeClaim, Policy));
            }
        });
        return services;
    }

    public static IEndpointRouteBuilder MapWellWonAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policy).WithTags("Admin");
        admin.MapProjectionAdmin();
        admin.MapDeadLetterAdmin();
        return app;
    }
}
