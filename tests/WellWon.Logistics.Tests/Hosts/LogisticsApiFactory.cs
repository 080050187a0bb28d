extern alias ApiHost;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;
using WellWon.Platform.RealTime;

namespace WellWon.Logistics.Tests.Hosts;

/// <summary>
/// The real WellWon.Api (Program as it is: Identity, Companies, Chat, Logistics) over a database of its own on the test PostgreSQL
/// and a key prefix of its own on the test Redis. Access tokens are signed with the Api's test key and carry what Identity's do
/// (<c>sub</c>, <c>email</c>, <c>user_type</c>); company roles come from the Companies context itself, through its API.
/// </summary>
public class LogisticsApiFactory : WebApplicationFactory<ApiHost::Program>, IAsyncLifetime
{
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private bool _created;

    public string Database { get; } = $"wellwon_logistics_test_{Guid.NewGuid():N}";

    public string KeyPrefix { get; } = $"wwtest:{Guid.NewGuid():N}:";

    /// <summary>What seals carriers' API keys in this test's Api.</summary>
    public string CredentialsKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        await TestInfrastructure.CreateDatabaseAsync(Database);
        _created = true;
    }

    public override async ValueTask DisposeAsync()
    {
        await DisposeWorkerAsync();
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

    /// <summary>Stops what runs beside the Api before the Api and its database go.</summary>
    protected virtual ValueTask DisposeWorkerAsync() => ValueTask.CompletedTask;

    public static string EmailOf(Guid userId) => $"user-{userId:N}@example.com";

    public string TokenFor(Guid userId, string userType = "entrepreneur") =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["email"] = EmailOf(userId), ["user_type"] = userType },
            Issuer = "wellwon",
            Audience = "wellwon-api",
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(_signingKey)), SecurityAlgorithms.HmacSha256),
        });

    public HttpClient ClientFor(Guid userId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId));
        return client;
    }

    /// <summary>A company made through the Companies API; <paramref name="owner"/> owns it.</summary>
    public async Task<Guid> CreateCompanyAsync(Guid owner, string name = "Tea Importers")
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

    /// <summary>A started SignalR client over the test server (long polling), signed in as <paramref name="userId"/>.</summary>
    public async Task<HubConnection> ConnectAsync(Guid userId)
    {
        var token = TokenFor(userId);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, WellWonHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await connection.StartAsync(Ct);
        return connection;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in LogisticsWorker.SharedSettings(Database, KeyPrefix))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Jwt:SigningKey", _signingKey);
        builder.UseSetting("Logistics:CredentialsKey", CredentialsKey);
        builder.UseSetting("Logistics:Tracking:Carriers:SIMU:Name", "WellWon carrier simulator");
        builder.UseSetting("Logistics:Tracking:Carriers:SIMU:BaseUrl", "http://127.0.0.1:5090/");
        builder.UseSetting("Logistics:Tracking:Carriers:SIMU:ApiKey", "simulator-key");
        builder.UseSetting("Identity:RateLimit:PermitPerMinute", "100000");
        // An integrity check compares at once: what the Api's sync projections wrote is all there is to wait for.
        builder.UseSetting("Projections:Rebuild:SettleTimeout", "00:00:00");
    }
}

/// <summary>The Api with an event-processor worker beside it on the same database and bus, as the AppHost runs them.</summary>
public sealed class LogisticsApiWithWorker : LogisticsApiFactory
{
    private LogisticsWorker? _worker;

    public LogisticsWorker Worker => _worker ?? throw new InvalidOperationException("Not initialised.");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _worker = new LogisticsWorker(Database, KeyPrefix).Start();
    }

    protected override async ValueTask DisposeWorkerAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }
}
