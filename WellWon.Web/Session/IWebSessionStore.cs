namespace WellWon.Web.Session;

/// <summary>Where web sessions live between requests and across Web restarts (Redis in the app).</summary>
public interface IWebSessionStore
{
    Task<WebSession?> GetAsync(string sessionId, CancellationToken ct);

    /// <summary>Stores the session's user and tokens, extending its lifetime.</summary>
    Task SaveAsync(WebSession session, CancellationToken ct);

    Task RemoveAsync(string sessionId, CancellationToken ct);

    /// <summary>Holds the session's refresh lock until disposed: one refresh at a time per session, across every Web instance.</summary>
    Task<IAsyncDisposable> LockAsync(string sessionId, CancellationToken ct);

    /// <summary>The company the user last chose in the switcher, or null.</summary>
    Task<Guid?> GetCompanyAsync(string sessionId, CancellationToken ct);

    Task SetCompanyAsync(string sessionId, Guid? companyId, CancellationToken ct);
}
