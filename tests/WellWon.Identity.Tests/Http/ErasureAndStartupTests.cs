using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Identity.ReadModel;
using WellWon.Platform.EventStore;
using WellWon.Platform.Projections;

namespace WellWon.Identity.Tests.Http;

/// <summary>Deleting an account erases its personal data everywhere: read model, every replay of the log, and the log itself never held it.</summary>
public sealed class AccountErasureTests(IdentityApiFactory api) : IClassFixture<IdentityApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rebuild_after_deletion_holds_no_personal_data_of_the_user()
    {
        const string password = "erase me please";
        var (id, email) = await api.RegisterAsync(password, firstName: "Erasable", lastName: "Person");
        using (var user = await api.SignedInClientAsync(email, password))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await user.PatchAsJsonAsync("/api/auth/profile", new { avatarUrl = "https://cdn.example.com/erasable.png" }, Ct)).StatusCode);
            var wrong = new HttpRequestMessage(HttpMethod.Delete, "/api/auth/account") { Content = JsonContent.Create(new { password = "not my password" }) };
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await user.SendAsync(wrong, Ct)).StatusCode);
            var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/auth/account") { Content = JsonContent.Create(new { password }) };
            Assert.Equal(HttpStatusCode.NoContent, (await user.SendAsync(delete, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync("/api/auth/me", Ct)).StatusCode);
        }

        using var anonymous = api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password }, Ct)).StatusCode);

        // Rebuild the read model from the whole log, as a fresh projection run would.
        var events = api.Services.GetRequiredService<IEventStore>();
        var projection = api.Services.GetServices<IProjection>().OfType<UserProfileProjection>().Single();
        await Execute("TRUNCATE identity.user_profiles");
        var personal = new[] { email, "Erasable", "Person", "495 123", "Imports tea", "cdn.example.com" };
        var position = LogPosition.Start;
        var read = 0;
        var deletionSeen = false;
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        // The log hands out only commit-safe events (any open transaction on the server holds it back), so read until the deletion came by.
        while (!deletionSeen && DateTime.UtcNow < giveUp)
        {
            var page = await events.ReadAllAsync(position, 500, Ct);
            if (page.Count == 0)
            {
                await Task.Delay(50, Ct);
                continue;
            }

            foreach (var e in page)
            {
                read++;
                // The log itself never held the personal data in clear: not in the user's stream, not in the address's.
                var raw = e.Data.GetRawText() + e.StreamId;
                Assert.DoesNotContain(personal, p => raw.Contains(p, StringComparison.OrdinalIgnoreCase));
                if (projection.EventTypes.Contains(e.EventType))
                {
                    await projection.ApplyAsync(e, Ct);
                }

                deletionSeen |= e.StreamId == $"identity-user-{id:N}" && e.EventType == "identity.user-account-deleted.v1";
            }

            position = page[^1].LogPosition;
        }

        Assert.True(deletionSeen);
        Assert.True(read > 0);
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var select = new NpgsqlCommand("SELECT row_to_json(p)::text FROM identity.user_profiles p WHERE id = $1", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        var row = (string?)await select.ExecuteScalarAsync(Ct);
        Assert.NotNull(row);
        var json = JsonDocument.Parse(row).RootElement;
        Assert.True(json.GetProperty("deleted").GetBoolean());
        foreach (var column in new[] { "email", "first_name", "last_name", "avatar_url", "bio", "phone" })
        {
            Assert.Equal(JsonValueKind.Null, json.GetProperty(column).ValueKind);
        }

        Assert.DoesNotContain(personal, p => row.Contains(p, StringComparison.OrdinalIgnoreCase));

        // The address is free again.
        var again = await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password = "a new password", firstName = "New", lastName = "Owner" }, Ct);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}

/// <summary>/api/auth/* is rate limited per client address.</summary>
public sealed class AuthRateLimitTests(RateLimitedIdentityApiFactory api) : IClassFixture<RateLimitedIdentityApiFactory>
{
    [Fact]
    public async Task Requests_beyond_the_limit_get_429_with_retry_after()
    {
        using var client = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i <= RateLimitedIdentityApiFactory.Permits; i++)
        {
            last = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@example.com", password = "whatever password" }, TestContext.Current.CancellationToken);
            statuses.Add(last.StatusCode);
        }

        Assert.All(statuses.Take(RateLimitedIdentityApiFactory.Permits), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.NotNull(last!.Headers.RetryAfter);
    }
}

/// <summary>The first administrator is created once, even when two instances of the API start together.</summary>
public sealed class AdministratorSeedingTests
{
    [Fact]
    public async Task Two_instances_starting_together_create_one_administrator()
    {
        var database = $"wellwon_identity_test_{Guid.NewGuid():N}";
        await IdentityApiFactory.CreateAsync(database);
        try
        {
            var masterKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            var signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
            await using var first = new IdentityApiReplica(database, masterKey, signingKey);
            await using var second = new IdentityApiReplica(database, masterKey, signingKey);

            // Creating a client starts the host (migrations, then the seeding).
            var ct = TestContext.Current.CancellationToken;
            await Task.WhenAll(Task.Run(() => first.CreateClient().Dispose(), ct), Task.Run(() => second.CreateClient().Dispose(), ct));
            await using (var third = new IdentityApiReplica(database, masterKey, signingKey))
            {
                third.CreateClient().Dispose();
            }

            await using var connection = new NpgsqlConnection(first.ConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM identity.user_profiles WHERE user_type = 'ww_admin'", connection);
            Assert.Equal(1L, await count.ExecuteScalarAsync(TestContext.Current.CancellationToken));
            var tokens = await second.LoginAsync(IdentityApiFactory.AdminEmail, IdentityApiFactory.AdminPassword);
            Assert.NotEmpty(tokens.AccessToken);
        }
        finally
        {
            await IdentityApiFactory.DropAsync(database);
        }
    }
}
