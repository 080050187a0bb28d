using System.Net;
using WellWon.Web.Api;

namespace WellWon.Web.Session;

/// <summary>What asking for a session's access token came to.</summary>
public readonly record struct AccessTokenLookup(AccessTokenState State, string? Token)
{
    public static readonly AccessTokenLookup Anonymous = new(AccessTokenState.Anonymous, null);
    public static readonly AccessTokenLookup Ended = new(AccessTokenState.Ended, null);

    public static AccessTokenLookup Valid(string token) => new(AccessTokenState.Valid, token);
}

public enum AccessTokenState
{
    /// <summary>Nobody is signed in: calls go out without a token.</summary>
    Anonymous,

    /// <summary>A token to send.</summary>
    Valid,

    /// <summary>Someone was signed in but the session is gone or could not be refreshed: they must sign in again.</summary>
    Ended,
}

/// <summary>
/// Hands out a session's access token, refreshing it through <c>/api/auth/refresh</c> when it is within
/// <see cref="RefreshMargin"/> of expiry. One refresh at a time per session (the store's lock, re-reading after it, since the
/// Api revokes a whole session when a rotated refresh token is used twice); a refused refresh ends the session.
/// </summary>
public sealed partial class SessionTokens(IWebSessionStore store, AccountApi account, TimeProvider clock, ILogger<SessionTokens> logger)
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(1);

    public async Task<AccessTokenLookup> GetAccessTokenAsync(string sessionId, CancellationToken ct)
    {
        var session = await store.GetAsync(sessionId, ct);
        if (session is null)
        {
            return AccessTokenLookup.Ended;
        }

        if (IsFresh(session))
        {
            return AccessTokenLookup.Valid(session.AccessToken);
        }

        await using var held = await store.LockAsync(sessionId, ct);
        session = await store.GetAsync(sessionId, ct);
        if (session is null)
        {
            return AccessTokenLookup.Ended;
        }

        if (IsFresh(session))
        {
            // Another call refreshed it while this one waited for the lock.
            return AccessTokenLookup.Valid(session.AccessToken);
        }

        var refreshed = await account.RefreshAsync(session.RefreshToken, ct);
        if (refreshed.Succeeded)
        {
            var tokens = refreshed.Value!;
            await store.SaveAsync(session with
            {
                AccessToken = tokens.AccessToken,
                RefreshToken = tokens.RefreshToken,
                AccessTokenExpiresAt = clock.GetUtcNow() + TimeSpan.FromSeconds(tokens.ExpiresIn),
                UserType = AccessTokenClaims.Read(tokens.AccessToken)?.UserType ?? session.UserType,
            }, ct);
            return AccessTokenLookup.Valid(tokens.AccessToken);
        }

        if (refreshed.Problem.Status is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)
        {
            LogSessionEnded(session.UserId, refreshed.Problem.Code);
            await store.RemoveAsync(sessionId, ct);
            return AccessTokenLookup.Ended;
        }

        // The Api is unreachable or failing: keep the session and let the call report the outage itself.
        LogRefreshFailed(session.UserId, refreshed.Problem.Code);
        return AccessTokenLookup.Valid(session.AccessToken);
    }

    private bool IsFresh(WebSession session) => session.AccessTokenExpiresAt - clock.GetUtcNow() > RefreshMargin;

    [LoggerMessage(Level = LogLevel.Information, Message = "The Api refused to refresh the session of user {UserId} ({Code}); it has ended")]
    private partial void LogSessionEnded(Guid userId, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the session of user {UserId} ({Code}); the current token is kept")]
    private partial void LogRefreshFailed(Guid userId, string code);
}
