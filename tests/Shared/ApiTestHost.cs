extern alias ApiHost;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using StackExchange.Redis;
using WellWon.Platform.RealTime;

namespace WellWon.Tests;

/// <summary>
/// The real WellWon.Api (Program as it is) over a database of its own on the test PostgreSQL (<c>WELLWON_TEST_PG</c>) and a key
/// prefix of its own on the test Redis (<c>WELLWON_TEST_REDIS</c>): the database is created before the host starts, and it and the
/// prefix's keys are gone after it stops, so test classes run in parallel and leave nothing behind. Access tokens are signed with the
/// Api's test key and carry what Identity's do (<c>sub</c>, <c>email</c>, <c>user_type</c>); company roles come from the Companies API.
/// A context's host derives from this and adds only its own settings, services and helpers.
/// </summary>
public abstract class ApiTestHost : WebApplicationFactory<ApiHost::Program>, IAsyncLifetime
{
    private readonly bool _ownsDatabase;
    private bool _created;

    /// <param name="context">Names the database (<c>wellwon_{context}_test_…</c>), so a leftover one says whose it was.</param>
    protected ApiTestHost(string context)
        : this($"wellwon_{context}_test_{Guid.NewGuid():N}", ownsDatabase: true)
    {
    }

    /// <param name="ownsDatabase">False for a host over another's database (a worker's), which it neither creates nor drops.</param>
    protected ApiTestHost(string database, bool ownsDatabase)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
    }

    public string Database { get; }

    public string KeyPrefix { get; } = $"wwtest:{Guid.NewGuid():N}:";

    /// <summary>The key access tokens are signed with, so tests can forge the tokens the Api must refuse.</summary>
    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public string ConnectionString => ConnectionStringFor(Database);

    public static string Postgres => Require("WELLWON_TEST_PG");

    public static string Redis => Require("WELLWON_TEST_REDIS");

    /// <summary>The name and country of a company made without them.</summary>
    protected virtual (string Name, string Country) DefaultCompany => ("Vostok Import", "RU");

    /// <summary>"Testing" unless a host needs the Api as developers run it.</summary>
    protected virtual string HostEnvironment => "Testing";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder(Postgres) { Database = database }.ConnectionString;

    public virtual async ValueTask InitializeAsync()
    {
        if (_ownsDatabase)
        {
            await using var admin = new NpgsqlConnection(Postgres);
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Database}\"", admin);
            await create.ExecuteNonQueryAsync();
            _created = true;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await DisposeWorkerAsync();
        await base.DisposeAsync();
        // After the host stopped, so nothing writes a key behind the clean-up.
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(Redis))
        {
            await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: KeyPrefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }

        if (_created)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(Postgres);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Stops what runs beside the Api before the Api and its database go.</summary>
    protected virtual ValueTask DisposeWorkerAsync() => ValueTask.CompletedTask;

    public static string EmailOf(Guid userId) => $"user-{userId:N}@example.com";

    public string TokenFor(Guid userId, string userType = "entrepreneur") =>
        SignToken(new Dictionary<string, object> { ["sub"] = userId.ToString(), ["email"] = EmailOf(userId), ["user_type"] = userType }, TimeSpan.FromMinutes(30));

    /// <summary>A token with exactly <paramref name="claims"/>, signed as the Api expects.</summary>
    public string SignToken(Dictionary<string, object> claims, TimeSpan lifetime) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Issuer = "wellwon",
            Audience = "wellwon-api",
            Expires = DateTime.UtcNow + lifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        });

    public HttpClient ClientFor(Guid userId, string userType = "entrepreneur") => ClientWith(TokenFor(userId, userType));

    public HttpClient ClientWith(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A company made through the Companies API (an importer); <paramref name="owner"/> owns it.</summary>
    public async Task<Guid> CreateCompanyAsync(Guid owner, string? name = null, string? country = null)
    {
        using var client = ClientFor(owner);
        var response = await client.PostAsJsonAsync(
            "/api/companies", new { name = name ?? DefaultCompany.Name, country = country ?? DefaultCompany.Country, companyType = "importer" }, Ct);
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

    /// <summary>The settings every test Api gets; a host overrides to add its own (later keys win).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => new Dictionary<string, string?>
    {
        ["ConnectionStrings:wellwon-db"] = ConnectionString,
        ["ConnectionStrings:redis"] = Redis,
        // Derived from the prefix, so a worker beside the Api on the same prefix opens the same secrets.
        ["Identity:MasterKey"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(KeyPrefix))),
        ["Identity:RateLimit:PermitPerMinute"] = "100000",
        ["Jwt:SigningKey"] = SigningKey,
        ["Messaging:RedisStreams:KeyPrefix"] = KeyPrefix + "bus:",
        ["Relay:LockKey"] = KeyPrefix + "relay:lock",
        ["RealTime:KeyPrefix"] = KeyPrefix + "realtime:",
        ["Idempotency:KeyPrefix"] = KeyPrefix + "idempotency:",
        ["Scheduling:KeyPrefix"] = KeyPrefix + "jobs:",
        ["Logging:LogLevel:Default"] = "Warning",
        // No event processor heals a read model here: a save waits for its sync projections however loaded the machine is.
        ["Projections:SyncBudget"] = "00:01:00",
        // The Api hosts Customs: no central bank from the tests (a closed local port refuses at once, so an unstored day has no rates).
        ["Customs:Rates:BaseUrl"] = "http://127.0.0.1:9/scripts/",
        ["Customs:Rates:Attempts"] = "1",
    };

    /// <summary>
    /// For hosts whose tests check projections again and again with no event processor: an integrity check compares at once
    /// instead of waiting for a processor that never comes. The others keep the settle wait, which also gives events committed
    /// under another class's open transaction time to become readable before a check replays the log.
    /// </summary>
    protected static KeyValuePair<string, string?> CompareAtOnce => new("Projections:Rebuild:SettleTimeout", "00:00:00");

    /// <summary>What a host adds to the web host beyond settings (services, mostly).</summary>
    protected virtual void ConfigureHost(IWebHostBuilder builder)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(HostEnvironment);
        // Host settings reach Program before it reads its configuration (connection strings are read at registration).
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }

        ConfigureHost(builder);
    }

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. The Api's integration tests need the test PostgreSQL and Redis: run them with `./wellwon test`, which starts both and sets WELLWON_TEST_PG and WELLWON_TEST_REDIS.");
}
