using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace WellWon.Web.Session;

/// <summary>
/// Signs an open circuit out once its server-side session is gone (signed out in another tab, refresh refused), so screens
/// stop showing a user whom the Api no longer accepts.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (SessionClaims.SessionIdOf(authenticationState.User) is not { } sessionId)
        {
            return authenticationState.User.Identity?.IsAuthenticated != true;
        }

        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IWebSessionStore>().GetAsync(sessionId, cancellationToken) is not null;
    }
}
