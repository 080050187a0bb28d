extern alias ApiHost;

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace WellWon.Web.Tests;

/// <summary>
/// The Web in front of the real Api (its own database on the test PostgreSQL, the test Redis): a form post signs in and
/// sets only an opaque cookie, the profile renders the user's name fetched with the server-side token, a second Web
/// instance (a restart) honours the same cookie, and signing out ends it.
/// </summary>
public sealed partial class SignInOverHttpTests : IAsyncLifetime
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private readonly string _database = $"wellwon_web_test_{Guid.NewGuid():N}";
    private readonly string _redisPrefix = $"wellwon-test:web:{Guid.NewGuid():N}:";
    private ApiFactory? _api;

    public async ValueTask InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(TestInfrastructure.Postgres))
        {
            await admin.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
            await create.ExecuteNonQueryAsync(Ct);
        }

        _api = new ApiFactory(new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = _database }.ConnectionString);
    }

    [Fact]
    public async Task A_form_sign_in_sets_a_cookie_that_renders_the_profile_survives_a_restart_and_signs_out()
    {
        var email = $"ann-{Guid.NewGuid():N}@example.com";
        const string password = "a long enough password";
        using (var api = _api!.CreateClient())
        {
            var registered = await api.PostAsJsonAsync("/api/auth/register", new { email, password, firstName = "Ann", lastName = "Importer" }, Ct);
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        await using var web = new WebFactory(_api!, _redisPrefix);
        using var browser = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var cookies = new Dictionary<string, string>();

        // Signed out, the profile sends the visitor to sign in and back.
        var anonymous = await SendAsync(browser, cookies, HttpMethod.Get, "/profile");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fprofile", anonymous.Headers.Location!.PathAndQuery);

        var form = await (await SendAsync(browser, cookies, HttpMethod.Get, "/login?returnUrl=%2Fprofile")).Content.ReadAsStringAsync(Ct);
        var signedIn = await SendAsync(browser, cookies, HttpMethod.Post, "/login?returnUrl=%2Fprofile", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/profile", signedIn.Headers.Location!.AbsolutePath);
        var sessionCookie = cookies["wellwon.session"];
        // The browser holds an encrypted ticket, not the Api's tokens (a JWT would start with "eyJ").
        Assert.DoesNotContain("eyJ", sessionCookie, StringComparison.Ordinal);
        var setCookie = string.Join(";", signedIn.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
        Assert.Contains("httponly", setCookie, StringComparison.Ordinal);

        var profile = await SendAsync(browser, cookies, HttpMethod.Get, "/profile");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        var html = await profile.Content.ReadAsStringAsync(Ct);
        Assert.Matches("id=\"profile-name\"[^>]*>Ann Importer<", html);
        Assert.Contains(email, html, StringComparison.Ordinal);

        // Another Web process (a restart, or a second replica) reads the same cookie: its keys and the tokens are in Redis.
        await using (var restarted = new WebFactory(_api!, _redisPrefix))
        {
            using var sameBrowser = restarted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            var again = await SendAsync(sameBrowser, new Dictionary<string, string>(cookies), HttpMethod.Get, "/profile");
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Matches("id=\"profile-name\"[^>]*>Ann Importer<", await again.Content.ReadAsStringAsync(Ct));
        }

        var home = await (await SendAsync(browser, cookies, HttpMethod.Get, "/")).Content.ReadAsStringAsync(Ct);
        var signedOut = await SendAsync(browser, cookies, HttpMethod.Post, "/account/logout", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(home),
            ["returnUrl"] = "/",
        });
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.False(cookies.ContainsKey("wellwon.session"));

        // The old cookie, replayed, no longer signs anyone in: its server-side session is gone.
        var replayed = await SendAsync(browser, new Dictionary<string, string> { ["wellwon.session"] = sessionCookie }, HttpMethod.Get, "/profile");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
    }

    // A browser's cookie jar, by hand: the test server's cookies are for "localhost" paths the container would not match.
    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, Dictionary<string, string> cookies, HttpMethod method, string path, Dictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = form is null ? null : new FormUrlEncodedContent(form) };
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await client.SendAsync(request, Ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                var pair = header.Split(';')[0].Split('=', 2);
                if (pair[1].Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    cookies.Remove(pair[0]);
                }
                else
                {
                    cookies[pair[0]] = pair[1];
                }
            }
        }

        return response;
    }

    private static string AntiforgeryToken(string html) => WebUtilityDecode(AntiforgeryField().Match(html).Groups[1].Value);

    private static string WebUtilityDecode(string value) => WebUtility.HtmlDecode(value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis))
        {
            await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: _redisPrefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestInfrastructure.Postgres);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>WellWon.Api as its Program composes it, over this test's database and the test Redis.</summary>
    private sealed class ApiFactory(string connectionString) : WebApplicationFactory<ApiHost::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:wellwon-db", connectionString);
            builder.UseSetting("ConnectionStrings:redis", TestInfrastructure.Redis);
            builder.UseSetting("Identity:MasterKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            builder.UseSetting("Identity:RateLimit:PermitPerMinute", "100000");
            builder.UseSetting("Jwt:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        }
    }

    /// <summary>WellWon.Web as its Program composes it, calling <paramref name="api"/> in memory, its Redis keys under a prefix of this test.</summary>
    private sealed class WebFactory(ApiFactory api, string redisPrefix) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:redis", TestInfrastructure.Redis);
            builder.UseSetting("Api:BaseUrl", "http://localhost");
            builder.UseSetting("Session:KeyPrefix", redisPrefix + "session:");
            builder.UseSetting("Session:DataProtectionKey", redisPrefix + "data-protection-keys");
            builder.ConfigureServices(services =>
                services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => api.Server.CreateHandler())));
        }
    }
}
