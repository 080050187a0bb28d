using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WellWon.Web.Api;

namespace WellWon.Web.Session;

public static class SessionRegistration
{
    public const string CookieName = "wellwon.session";
    public const string LoginPath = "/login";

    /// <summary>
    /// Cookie sign-in whose tokens stay server-side in Redis, Data Protection keys in Redis (cookies outlive restarts and are
    /// read by every instance), the bearer token for <see cref="ApiClientRegistration.AddWellWonApi{TClient}"/> clients,
    /// and the cascading authentication state. Needs an <see cref="IConnectionMultiplexer"/> (<c>AddRedisClient("redis")</c>).
    /// </summary>
    public static IServiceCollection AddWellWonSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebSessionOptions>().Bind(configuration.GetSection(WebSessionOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();

        services.AddDataProtection().SetApplicationName("WellWon.Web");
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer, IOptions<WebSessionOptions>>((o, redis, session) =>
            o.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), session.Value.DataProtectionKey));

        services.AddAuthentication(AccountSignIn.Scheme).AddCookie(AccountSignIn.Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = LoginPath;
            o.LogoutPath = AccountEndpoints.LogoutPath;
            o.AccessDeniedPath = "/access-denied";
            o.ReturnUrlParameter = "returnUrl";
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = RejectEndedSessionAsync;
        });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();

        services.AddSingleton<IWebSessionStore, RedisWebSessionStore>();
        services.AddScoped<SessionTokens>();
        services.AddScoped<ApiAccessToken>();
        services.AddScoped<IApiAccessToken>(sp => sp.GetRequiredService<ApiAccessToken>());
        services.AddScoped<AccountSignIn>();
        services.TryAddSingleton<CircuitServicesAccessor>();
        services.AddScoped<CircuitHandler, CircuitServicesHandler>();
        services.AddAnonymousWellWonApi<AccountApi>(configuration);
        return services;
    }

    // A cookie whose server-side session is gone (signed out elsewhere, refresh refused, expired) signs nobody in; one whose
    // role changed since (the refreshed token says so) is reissued with the new role.
    private static async Task RejectEndedSessionAsync(CookieValidatePrincipalContext context)
    {
        var store = context.HttpContext.RequestServices.GetRequiredService<IWebSessionStore>();
        if (SessionClaims.SessionIdOf(context.Principal) is not { } sessionId
            || await store.GetAsync(sessionId, context.HttpContext.RequestAborted) is not { } session)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AccountSignIn.Scheme);
            return;
        }

        if (session.UserType is { Length: > 0 } role && SessionClaims.WithRole(context.Principal!, role) is { } renewed)
        {
            context.ReplacePrincipal(renewed);
            context.ShouldRenew = true;
        }
    }
}
