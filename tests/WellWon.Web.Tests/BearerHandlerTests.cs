using System.Buffers.Text;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WellWon.Web.Api;
using WellWon.Web.Session;

namespace WellWon.Web.Tests;

/// <summary>
/// The bearer handler that every <c>AddWellWonApi</c> client gets, over the real Redis session store: it sends the session's
/// token, refreshes it once (however many calls want it at that moment) when it is near expiry, and answers a session that
/// cannot be refreshed with a 401 problem without calling the Api.
/// </summary>
public sealed class BearerHandlerTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private readonly ConnectionMultiplexer _redis = ConnectionMultiplexer.Connect(TestInfrastructure.Redis);
    private readonly string _prefix = $"wellwon-test:web-session:{Guid.NewGuid():N}:";
    private readonly StubApi _api = new();
    private readonly RedisWebSessionStore _store;

    public BearerHandlerTests() =>
        _store = new RedisWebSessionStore(_redis, Options.Create(new WebSessionOptions { KeyPrefix = _prefix }));

    [Fact]
    public async Task Sends_the_sessions_access_token()
    {
        await _store.SaveAsync(new WebSession("s1", Guid.NewGuid(), "access-1", "refresh-1", Now.AddMinutes(10)), Ct);
        _api.On(HttpMethod.Get, "/api/companies", HttpStatusCode.OK, "[]");

        var result = await ClientFor("s1").GetAsync<List<MyCompany>>("/api/companies", Ct);

        Assert.True(result.Succeeded);
        Assert.Equal(["Bearer access-1"], _api.Authorizations);
    }

    [Fact]
    public async Task Refreshes_once_for_parallel_calls_when_the_token_is_near_expiry()
    {
        var userId = Guid.NewGuid();
        await _store.SaveAsync(new WebSession("s2", userId, "access-old", "refresh-old", Now.AddSeconds(30), "entrepreneur"), Ct);
        // Staff made the user a manager meanwhile: the refreshed token says so, and the session keeps it for the cookie.
        var accessNew = Jwt(userId, "ww_manager");
        var refreshes = 0;
        _api.On(HttpMethod.Post, "/api/auth/refresh", _ =>
        {
            Interlocked.Increment(ref refreshes);
            Thread.Sleep(100);   // a slow Api: the other calls must wait for this refresh, not start their own
            return Json($$"""{"accessToken":"{{accessNew}}","refreshToken":"refresh-new","expiresIn":900,"tokenType":"Bearer"}""");
        });
        _api.On(HttpMethod.Get, "/api/companies", HttpStatusCode.OK, "[]");

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ClientFor("s2").GetAsync<List<MyCompany>>("/api/companies", Ct)));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(1, refreshes);
        Assert.Contains(_api.Requests, r => r.Path == "/api/auth/refresh" && r.Body == """{"refreshToken":"refresh-old"}""");
        Assert.Equal(5, _api.Authorizations.Count(a => a == $"Bearer {accessNew}"));
        Assert.Equal(new WebSession("s2", userId, accessNew, "refresh-new", Now.AddSeconds(900), "ww_manager"), await _store.GetAsync("s2", Ct));
    }

    [Fact]
    public async Task A_refused_refresh_ends_the_session_with_a_401_problem_and_no_call()
    {
        await _store.SaveAsync(new WebSession("s3", Guid.NewGuid(), "access-old", "refresh-stolen", Now.AddSeconds(10)), Ct);
        _api.On(HttpMethod.Post, "/api/auth/refresh", HttpStatusCode.Unauthorized,
            """{"title":"Session not valid","status":401,"code":"identity.invalid-session","detail":"The session is not valid."}""");

        var result = await ClientFor("s3").GetAsync<List<MyCompany>>("/api/companies", Ct);

        Assert.False(result.Succeeded);
        Assert.Equal((HttpStatusCode.Unauthorized, ApiBearerHandler.SessionEndedCode), (result.Problem.Status, result.Problem.Code));
        Assert.DoesNotContain(_api.Requests, r => r.Path == "/api/companies");
        Assert.Null(await _store.GetAsync("s3", Ct));
    }

    [Fact]
    public async Task Nobody_signed_in_calls_anonymously()
    {
        _api.On(HttpMethod.Get, "/health", HttpStatusCode.OK, "\"Healthy\"");

        var result = await ClientFor(sessionId: null).GetAsync<string>("/health", Ct);

        Assert.True(result.Succeeded);
        Assert.Equal([null], _api.Authorizations);
    }

    [Fact]
    public async Task A_cookie_whose_session_is_gone_gets_the_401_problem()
    {
        var result = await ClientFor("never-stored").GetAsync<List<MyCompany>>("/api/companies", Ct);

        Assert.Equal(ApiBearerHandler.SessionEndedCode, result.Problem?.Code);
        Assert.Empty(_api.Requests);
    }

    // The handler as AddWellWonApi wires it, running inside a "circuit" whose user holds the given session.
    private HttpClient ClientFor(string? sessionId)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IWebSessionStore>(_store)
            .AddSingleton<TimeProvider>(new FixedClock(Now))
            .AddSingleton<IHttpContextAccessor, HttpContextAccessor>()
            .AddSingleton<AuthenticationStateProvider>(new SignedIn(sessionId))
            .AddSingleton(new AccountApi(_api.Client()))
            .AddScoped<SessionTokens>()
            .AddScoped<ApiAccessToken>()
            .AddScoped<IApiAccessToken>(sp => sp.GetRequiredService<ApiAccessToken>())
            .BuildServiceProvider();
        var circuit = new CircuitServicesAccessor { Services = services.CreateScope().ServiceProvider };
        return new HttpClient(new ApiBearerHandler(circuit, new HttpContextAccessor()) { InnerHandler = _api }) { BaseAddress = new Uri("http://api.test") };
    }

    private static string Jwt(Guid userId, string userType) => string.Join('.',
        Base64Url.EncodeToString("{\"alg\":\"HS256\"}"u8),
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"sub":"{{userId}}","email":"ann@example.com","user_type":"{{userType}}"}""")),
        "signature");

    private static HttpResponseMessage Json(string json) => new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public async ValueTask DisposeAsync()
    {
        await foreach (var key in _redis.GetServers()[0].KeysAsync(pattern: _prefix + "*"))
        {
            await _redis.GetDatabase().KeyDeleteAsync(key);
        }

        await _redis.DisposeAsync();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class SignedIn(string? sessionId) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(
            sessionId is null
                ? new ClaimsPrincipal(new ClaimsIdentity())
                : new ClaimsPrincipal(new ClaimsIdentity([new Claim(SessionClaims.SessionId, sessionId)], "test"))));
    }
}
