using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WellWon.Identity.Domain;
using WellWon.Identity.Features;
using WellWon.Identity.Mail;
using WellWon.Identity.ReadModel;
using WellWon.Identity.Security;

namespace WellWon.Identity;

/// <summary>Identity's HTTP API: <c>/api/auth/*</c> for everyone, <c>/api/users/*</c> for WellWon staff.</summary>
public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth")
            .WithTags("Identity")
            .RequireRateLimiting(IdentityModule.RateLimitPolicy)
            .AddEndpointFilter<IdentityProblemFilter>()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        auth.MapPost("/register", RegisterAsync).AllowAnonymous()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        auth.MapPost("/login", LoginAsync).AllowAnonymous()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapGet("/me", MeAsync).RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        auth.MapPatch("/profile", UpdateProfileAsync).RequireAuthorization()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        auth.MapPost("/change-password", ChangePasswordAsync).RequireAuthorization()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/verify-email", VerifyEmailAsync).AllowAnonymous()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        auth.MapPost("/verify-email/resend", ResendVerificationAsync).RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        auth.MapPost("/forgot-password", ForgotPasswordAsync).AllowAnonymous()
            .ProducesValidationProblem();
        auth.MapPost("/reset-password", ResetPasswordAsync).AllowAnonymous()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        auth.MapDelete("/account", DeleteAccountAsync).RequireAuthorization()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var users = app.MapGroup("/api/users")
            .WithTags("Users")
            .RequireAuthorization(IdentityModule.StaffPolicy)
            .AddEndpointFilter<IdentityProblemFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        users.MapGet("/", SearchUsersAsync).ProducesValidationProblem();
        users.MapGet("/{id:guid}", GetUserAsync).ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPut("/{id:guid}/role", ChangeRoleAsync).RequireAuthorization(IdentityModule.AdminPolicy)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        if (app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            // Where verification and reset codes land when no SMTP server is configured.
            app.MapGet("/api/dev/mailbox", (string? to, DevelopmentMailbox mailbox) => TypedResults.Ok(mailbox.Read(to)))
                .WithTags("Development")
                .AllowAnonymous();
        }

        return app;
    }

    private static async Task<Created<RegisteredUser>> RegisterAsync(RegisterUser command, IMediator mediator, CancellationToken ct)
    {
        var registered = await mediator.Send(command, ct);
        return TypedResults.Created($"/api/users/{registered.Id}", registered);
    }

    private static async Task<Ok<AuthTokens>> LoginAsync(Login command, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(command, ct));

    private static async Task<Ok<AuthTokens>> RefreshAsync(RefreshSession command, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(command, ct));

    private static async Task<Ok<UserProfile>> MeAsync(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetCurrentUser(UserIdOf(user)), ct));

    private static async Task<NoContent> UpdateProfileAsync(UpdateProfileRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new UpdateProfile(UserIdOf(user), body.FirstName, body.LastName, body.AvatarUrl, body.Bio, body.Phone), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ChangePasswordAsync(ChangePasswordRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new ChangePassword(UserIdOf(user), IdentityClaims.SessionId(user), body.CurrentPassword, body.NewPassword), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> LogoutAsync(ClaimsPrincipal user, IMediator mediator, CancellationToken ct, [FromBody] LogoutRequest? body = null)
    {
        await mediator.Send(new Logout(UserIdOf(user), IdentityClaims.SessionId(user), body?.RefreshToken), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> VerifyEmailAsync(VerifyEmail command, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(command, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Accepted> ResendVerificationAsync(ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new ResendVerification(UserIdOf(user)), ct);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Accepted> ForgotPasswordAsync(ForgotPassword command, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(command, ct);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<NoContent> ResetPasswordAsync(ResetPassword command, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(command, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> DeleteAccountAsync([FromBody] DeleteAccountRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeleteAccount(UserIdOf(user), body.Password), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<UserPage>> SearchUsersAsync(IMediator mediator, CancellationToken ct, string? search = null, int page = 1, int pageSize = 20) =>
        TypedResults.Ok(await mediator.Send(new SearchUsers(search, page, pageSize), ct));

    private static async Task<Ok<UserProfile>> GetUserAsync(Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetUser(id), ct));

    private static async Task<NoContent> ChangeRoleAsync(Guid id, ChangeUserRoleRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new ChangeUserRole(id, body.UserType, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    // The bearer handler has already checked the token; one without a usable subject is not a session.
    private static Guid UserIdOf(ClaimsPrincipal user) => IdentityClaims.UserId(user) ?? throw new InvalidSessionException();
}

/// <summary>
/// Identity's answers that are not the platform's defaults: wrong credentials and bad sessions are 401, a locked account 429
/// with Retry-After, a taken address 409, a bad e-mail code 400 naming <c>token</c>. Everything else goes to the platform's handler.
/// </summary>
internal sealed class IdentityProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InvalidCredentialsException e)
        {
            return Problem(StatusCodes.Status401Unauthorized, "Sign-in failed", e);
        }
        catch (InvalidSessionException e)
        {
            return Problem(StatusCodes.Status401Unauthorized, "Session not valid", e);
        }
        catch (AccountLockedException e)
        {
            context.HttpContext.Response.Headers.RetryAfter =
                Math.Max(1, (int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status429TooManyRequests, "Account locked", e);
        }
        catch (EmailTakenException e)
        {
            return Problem(StatusCodes.Status409Conflict, "E-mail address taken", e);
        }
        catch (InvalidTokenException e)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["token"] = [e.Message] },
                title: "One or more validation errors occurred.",
                extensions: new Dictionary<string, object?> { ["code"] = e.Code });
        }
    }

    private static ProblemHttpResult Problem(int status, string title, Platform.Kernel.DomainException e) =>
        TypedResults.Problem(e.Message, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = e.Code });
}
