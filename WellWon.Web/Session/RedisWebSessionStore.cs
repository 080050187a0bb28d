using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WellWon.Web.Session;

/// <summary>Configuration <c>Session</c>: how long an idle web session lives and where its keys go.</summary>
public sealed class WebSessionOptions
{
    public const string Section = "Session";

    /// <summary>As long as the Api's refresh token lives: past it the tokens are worthless anyway.</summary>
    public TimeSpan IdleLifetime { get; set; } = TimeSpan.FromDays(14);

    public string KeyPrefix { get; set; } = "wellwon:web:session:";

    /// <summary>The Redis key of the Data Protection key ring that protects the sign-in cookies.</summary>
    public string DataProtectionKey { get; set; } = "wellwon:web:data-protection-keys";

    /// <summary>How long a refresh may hold the session's lock before another instance may take it (a crashed holder).</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>One Redis hash per session (user, tokens, expiry, selected company), expiring after <see cref="WebSessionOptions.IdleLifetime"/> unused.</summary>
public sealed class RedisWebSessionStore(IConnectionMultiplexer redis, IOptions<WebSessionOptions> options) : IWebSessionStore
{
    private const string UserField = "user";
    private const string AccessField = "access";
    private const string RefreshField = "refresh";
    private const string ExpiresField = "expires";
    private const string CompanyField = "company";
    private const string UserTypeField = "user_type";

    private static readonly RedisValue[] SessionFields = [UserField, AccessField, RefreshField, ExpiresField, UserTypeField];

    private IDatabase Db => redis.GetDatabase();

    private WebSessionOptions Options => options.Value;

    public async Task<WebSession?> GetAsync(string sessionId, CancellationToken ct)
    {
        var values = await Db.HashGetAsync(Key(sessionId), SessionFields).WaitAsync(ct);
        if (values[..4].Any(v => v.IsNullOrEmpty) || !Guid.TryParse(values[0].ToString(), out var userId)
            || !long.TryParse(values[3].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        return new WebSession(sessionId, userId, values[1].ToString(), values[2].ToString(), DateTimeOffset.FromUnixTimeMilliseconds(expires),
            values[4].IsNullOrEmpty ? null : values[4].ToString());
    }

    public async Task SaveAsync(WebSession session, CancellationToken ct)
    {
        var key = Key(session.Id);
        var batch = Db.CreateTransaction();
        _ = batch.HashSetAsync(key,
        [
            new HashEntry(UserField, session.UserId.ToString()),
            new HashEntry(AccessField, session.AccessToken),
            new HashEntry(RefreshField, session.RefreshToken),
            new HashEntry(ExpiresField, session.AccessTokenExpiresAt.ToUnixTimeMilliseconds()),
            new HashEntry(UserTypeField, session.UserType ?? ""),
        ]);
        _ = batch.KeyExpireAsync(key, Options.IdleLifetime);
        await batch.ExecuteAsync().WaitAsync(ct);
    }

    public Task RemoveAsync(string sessionId, CancellationToken ct) => Db.KeyDeleteAsync(Key(sessionId)).WaitAsync(ct);

    public async Task<IAsyncDisposable> LockAsync(string sessionId, CancellationToken ct)
    {
        var key = (RedisKey)(Key(sessionId) + ":lock");
        var owner = (RedisValue)Guid.NewGuid().ToString("N");
        var delay = TimeSpan.FromMilliseconds(20);
        while (!await Db.LockTakeAsync(key, owner, Options.LockTimeout).WaitAsync(ct))
        {
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }

        return new Held(Db, key, owner);
    }

    public async Task<Guid?> GetCompanyAsync(string sessionId, CancellationToken ct) =>
        Guid.TryParse((await Db.HashGetAsync(Key(sessionId), CompanyField).WaitAsync(ct)).ToString(), out var id) ? id : null;

    public async Task SetCompanyAsync(string sessionId, Guid? companyId, CancellationToken ct)
    {
        // Only an existing session takes a company: a late write must not resurrect a signed-out one.
        if (companyId is { } id)
        {
            await Db.ScriptEvaluateAsync(
                "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end return 0",
                [Key(sessionId)], [CompanyField, id.ToString()]).WaitAsync(ct);
        }
        else
        {
            await Db.HashDeleteAsync(Key(sessionId), CompanyField).WaitAsync(ct);
        }
    }

    private string Key(string sessionId) => Options.KeyPrefix + sessionId;

    private sealed class Held(IDatabase db, RedisKey key, RedisValue owner) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await db.LockReleaseAsync(key, owner);
    }
}
