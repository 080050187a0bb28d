using Microsoft.AspNetCore.Mvc;

namespace WellWon.Web.Session;

/// <summary>Sign-out is a form post (antiforgery-checked) to a plain endpoint: removing a cookie needs a real HTTP response.</summary>
public static class AccountEndpoints
{
    public const string LogoutPath = "/account/logout";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(LogoutPath, async (HttpContext http, AccountSignIn account, [FromForm] string? returnUrl, CancellationToken ct) =>
        {
            await account.SignOutAsync(http, ct);
            return TypedResults.LocalRedirect(AccountSignIn.LocalReturnUrl(returnUrl));
        });
        return app;
    }
}
