extern alias ApiHost;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Finance.PurchaseOrders;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;

namespace WellWon.Finance.Tests.Http;

/// <summary>
/// The real WellWon.Api (Program as it is) over a database of its own on the test PostgreSQL and a key prefix of its own on the
/// test Redis. Tokens are signed with the Api's test key and carry what Identity's do; company roles come from the Companies API.
/// </summary>
public class FinanceApiFactory : WebApplicationFactory<ApiHost::Program>, IAsyncLifetime
{
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private bool _created;

    public string Database { get; } = $"wellwon_finance_test_{Guid.NewGuid():N}";

    public string KeyPrefix { get; } = $"wwtest:{Guid.NewGuid():N}:";

    /// <summary>The official rates the Api's Finance reads (the ledger values foreign lines in roubles with them).</summary>
    public TestOfficialRates Rates { get; } = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        await TestInfrastructure.CreateDatabaseAsync(Database);
        _created = true;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_created)
        {
            await using (var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis))
            {
                await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: KeyPrefix + "*"))
                {
                    await redis.GetDatabase().KeyDeleteAsync(key);
                }
            }

            await TestInfrastructure.DropDatabaseAsync(Database);
        }

        GC.SuppressFinalize(this);
    }

    public static string EmailOf(Guid userId) => $"user-{userId:N}@example.com";

    public HttpClient ClientFor(Guid userId)
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["email"] = EmailOf(userId), ["user_type"] = "entrepreneur" },
            Issuer = "wellwon",
            Audience = "wellwon-api",
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(_signingKey)), SecurityAlgorithms.HmacSha256),
        });
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A company made through the Companies API; <paramref name="owner"/> owns it.</summary>
    public async Task<Guid> CreateCompanyAsync(Guid owner, string name = "Vostok Import")
    {
        using var client = ClientFor(owner);
        var response = await client.PostAsJsonAsync("/api/companies", new { name, country = "RU", companyType = "importer" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    /// <summary>Brings <paramref name="user"/> into the company as <paramref name="role"/>: invited by <paramref name="by"/>, accepted by the user.</summary>
    public async Task JoinCompanyAsync(Guid by, Guid companyId, Guid user, string role)
    {
        using var inviter = ClientFor(by);
        var invited = await inviter.PostAsJsonAsync($"/api/companies/{companyId}/invitations", new { email = EmailOf(user), role }, Ct);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var invitation = await invited.Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var invitee = ClientFor(user);
        var accepted = await invitee.PostAsJsonAsync(
            $"/api/companies/invitations/{invitation.GetProperty("id").GetGuid()}/accept", new { token = invitation.GetProperty("token").GetString() }, Ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:wellwon-db"] = TestInfrastructure.ConnectionStringFor(Database),
            ["ConnectionStrings:redis"] = TestInfrastructure.Redis,
            ["Identity:MasterKey"] = Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(KeyPrefix))),
            ["Messaging:RedisStreams:KeyPrefix"] = KeyPrefix + "bus:",
            ["Relay:LockKey"] = KeyPrefix + "relay:lock",
            ["RealTime:KeyPrefix"] = KeyPrefix + "realtime:",
            ["Idempotency:KeyPrefix"] = KeyPrefix + "idempotency:",
            ["Scheduling:KeyPrefix"] = KeyPrefix + "jobs:",
            ["Logging:LogLevel:Default"] = "Warning",
            // No event processor heals a read model here: a save waits for its sync projections however loaded the machine is.
            ["Projections:SyncBudget"] = "00:01:00",
            ["Jwt:SigningKey"] = _signingKey,
            ["Identity:RateLimit:PermitPerMinute"] = "100000",
            // The Api hosts Customs too: no central bank from the tests (a closed local port refuses at once).
            ["Customs:Rates:BaseUrl"] = "http://127.0.0.1:9/scripts/",
            ["Customs:Rates:Attempts"] = "1",
            // Snapshots often, so the ledger's loads go through them in every test.
            ["AggregateStore:SnapshotEvery"] = "10",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in MoreSettings())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(ConfigureServices);
    }

    /// <summary>Settings a derived host adds to (or overrides in) the ones above.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreSettings() => [];

    /// <summary>The test's services: by default the official rates of <see cref="Rates"/>.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) => services.AddSingleton<IOfficialRates>(Rates);
}
