namespace WellWon.Web.Session;

/// <summary>
/// The signed-in user's current access token for WellWon.Api, refreshed when it is about to expire. Null when nobody is
/// signed in or the session can no longer be refreshed (the caller then sends the user to sign in).
/// </summary>
public interface IApiAccessToken
{
    ValueTask<string?> GetAsync(CancellationToken ct);
}
