using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WellWon.Identity.Tests.Http;

/// <summary>The Identity API end to end: real host, real PostgreSQL and Redis, the database its own.</summary>
public sealed class IdentityHttpTests(IdentityApiFactory api) : IClassFixture<IdentityApiFactory>
{
    private const string Password = "first password 1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_registers_signs_in_edits_the_profile_changes_password_refreshes_and_logs_out()
    {
        var (id, email) = await api.RegisterAsync(Password);
        var tokens = await api.LoginAsync(email, Password);
        Assert.True(tokens.ExpiresIn is > 0 and <= 900);
        using var client = Bearer(tokens.AccessToken);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me", Ct);
        Assert.Equal(id, me.GetProperty("id").GetGuid());
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal("Ann", me.GetProperty("firstName").GetString());
        Assert.Equal("entrepreneur", me.GetProperty("userType").GetString());
        Assert.True(me.GetProperty("userNumber").GetInt64() > 0);
        Assert.False(me.GetProperty("emailVerified").GetBoolean());

        var patch = await client.PatchAsJsonAsync("/api/auth/profile", new { lastName = "Exporter", bio = "Exports tea" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me", Ct);
        Assert.Equal("Exporter", me.GetProperty("lastName").GetString());
        Assert.Equal("Exports tea", me.GetProperty("bio").GetString());
        Assert.Equal("Ann", me.GetProperty("firstName").GetString());

        // A second session, which the password change must end.
        var other = await api.LoginAsync(email, Password);
        var change = await client.PostAsJsonAsync("/api/auth/change-password", new { currentPassword = Password, newPassword = "second password 2" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(email, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login(email, "second password 2")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(other.RefreshToken)).StatusCode);

        // This session survives the change, and its refresh token rotates.
        var refreshed = await Refresh(tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var next = (await refreshed.Content.ReadFromJsonAsync<IdentityApiFactory.Tokens>(Ct))!;
        Assert.NotEqual(tokens.RefreshToken, next.RefreshToken);

        // The rotated token again: it leaked, so the whole family ends, the newest token included.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(tokens.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(next.RefreshToken)).StatusCode);

        // Logout revokes the session of the token that asks.
        var fresh = await api.LoginAsync(email, "second password 2");
        using var freshClient = Bearer(fresh.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await freshClient.PostAsync("/api/auth/logout", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(fresh.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task A_second_registration_of_an_address_is_a_conflict()
    {
        var (_, email) = await api.RegisterAsync(Password);

        using var client = api.CreateClient();
        var again = await client.PostAsJsonAsync("/api/auth/register", new { email = email.ToUpperInvariant(), password = Password, firstName = "Bob", lastName = "Other" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("identity.email-taken", (await Problem(again)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Two_registrations_of_one_address_at_once_make_one_account()
    {
        var email = $"race-{Guid.NewGuid():N}@example.com";
        using var client = api.CreateClient();

        // Started together behind a gate, so the reservations really race.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, 8).Select(async i =>
        {
            await gate.Task;
            return await client.PostAsJsonAsync("/api/auth/register", new { email, password = Password, firstName = $"Racer{i}", lastName = "Importer" }, Ct);
        }).ToList();
        gate.SetResult();
        var responses = await Task.WhenAll(racers);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        using var admin = await api.SignedInClientAsync(IdentityApiFactory.AdminEmail, IdentityApiFactory.AdminPassword);
        var found = await admin.GetFromJsonAsync<JsonElement>($"/api/users?search={Uri.EscapeDataString(email)}", Ct);
        Assert.Equal(1, found.GetProperty("total").GetInt64());
        Assert.Equal(1, await Scalar($"SELECT count(*) FROM identity.user_profiles WHERE email = '{email}'"));
    }

    [Fact]
    public async Task A_malformed_email_is_a_validation_problem_naming_email()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = "not-an-address", password = Password, firstName = "Ann", lastName = "Importer" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Problem(response)).GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsync("/api/auth/login", new StringContent("{\"email\": ", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Protected_endpoints_refuse_missing_forged_expired_and_unsigned_tokens()
    {
        var (id, email) = await api.RegisterAsync(Password);
        using var anonymous = api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/auth/me", Ct)).StatusCode);

        var otherKey = Token(id, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(new string('k', 48))), DateTime.UtcNow.AddMinutes(10));
        var expired = Token(id, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(api.SigningKey)), DateTime.UtcNow.AddMinutes(-5));
        var unsigned = Unsigned(id);
        var valid = Token(id, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(api.SigningKey)), DateTime.UtcNow.AddMinutes(10));

        foreach (var token in new[] { otherKey, expired, unsigned, "not.a.token" })
        {
            using var client = Bearer(token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me", Ct)).StatusCode);
        }

        using var good = Bearer(valid);
        Assert.Equal(email, (await good.GetFromJsonAsync<JsonElement>("/api/auth/me", Ct)).GetProperty("email").GetString());
    }

    [Fact]
    public async Task The_address_is_verified_and_the_password_reset_through_the_mailbox()
    {
        var (_, email) = await api.RegisterAsync(Password);

        var code = await api.CodeFromMailboxAsync(email, "Confirm");
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/verify-email", new { token = code }, Ct)).StatusCode);
        var reused = await client.PostAsJsonAsync("/api/auth/verify-email", new { token = code }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.True((await Problem(reused)).GetProperty("errors").TryGetProperty("token", out _));
        using (var signedIn = await api.SignedInClientAsync(email, Password))
        {
            Assert.True((await signedIn.GetFromJsonAsync<JsonElement>("/api/auth/me", Ct)).GetProperty("emailVerified").GetBoolean());
        }

        // Known and unknown addresses get the same answer.
        var known = await client.PostAsJsonAsync("/api/auth/forgot-password", new { email }, Ct);
        var unknown = await client.PostAsJsonAsync("/api/auth/forgot-password", new { email = $"nobody-{Guid.NewGuid():N}@example.com" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(Ct), await unknown.Content.ReadAsStringAsync(Ct));

        var reset = await api.CodeFromMailboxAsync(email, "Reset");
        var refused = await client.PostAsJsonAsync("/api/auth/reset-password", new { token = reset, newPassword = email }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/reset-password", new { token = reset, newPassword = "reset password 3" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/auth/reset-password", new { token = reset, newPassword = "reset password 4" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(email, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login(email, "reset password 3")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_with_retry_after()
    {
        var (_, email) = await api.RegisterAsync(Password);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Login(email, "wrong password!")).StatusCode);
        }

        var locked = await Login(email, Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("identity.account-locked", (await Problem(locked)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Staff_read_users_and_only_an_administrator_changes_roles()
    {
        var (id, email) = await api.RegisterAsync(Password, firstName: "Searchable");
        using var admin = await api.SignedInClientAsync(IdentityApiFactory.AdminEmail, IdentityApiFactory.AdminPassword);
        using var user = await api.SignedInClientAsync(email, Password);

        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/api/users/{id}", Ct)).StatusCode);
        Assert.Equal(email, (await admin.GetFromJsonAsync<JsonElement>($"/api/users/{id}", Ct)).GetProperty("email").GetString());
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/users?search=searchable&page=1", Ct);
        Assert.Contains(page.GetProperty("items").EnumerateArray(), u => u.GetProperty("id").GetGuid() == id);

        Assert.Equal(HttpStatusCode.Forbidden, (await user.PutAsJsonAsync($"/api/users/{id}/role", new { userType = "ww_admin" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/users/{id}/role", new { userType = "ww_manager" }, Ct)).StatusCode);

        // The new user type reaches the claims at the next sign-in (or refresh); a manager reads users but changes no roles.
        using var manager = await api.SignedInClientAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/users/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PutAsJsonAsync($"/api/users/{id}/role", new { userType = "investor" }, Ct)).StatusCode);
    }

    private HttpClient Bearer(string token)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<HttpResponseMessage> Login(string email, string password)
    {
        using var client = api.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/login", new { email, password }, Ct);
    }

    private async Task<HttpResponseMessage> Refresh(string refreshToken)
    {
        using var client = api.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, Ct);
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private async Task<long> Scalar(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Token(Guid userId, SecurityKey key, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "wellwon",
            Audience = "wellwon-api",
            IssuedAt = expires.AddMinutes(-15),
            NotBefore = expires.AddMinutes(-15),
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["user_type"] = "ww_admin" },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });

    private static string Unsigned(Guid userId)
    {
        static string Part(object value) => Base64UrlEncoder.Encode(JsonSerializer.Serialize(value));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"{Part(new { alg = "none", typ = "JWT" })}.{Part(new { sub = userId.ToString(), user_type = "ww_admin", iss = "wellwon", aud = "wellwon-api", nbf = now - 60, exp = now + 600 })}.";
    }
}
