extern alias ApiHost;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;
using WellWon.Platform.RealTime;

namespace WellWon.Chat.Tests.Hosts;

/// <summary>
/// The real WellWon.Api (Program as it is: Identity, Companies, Chat) over a database of its own on the test PostgreSQL and a
/// key prefix of its own on the test Redis; access tokens signed with the Api's test key carry what Identity's do (<c>sub</c>,
/// <c>email</c>, <c>user_type</c>). Company roles come from the Companies context itself (<see cref="CreateCompanyAsync"/>,
/// <see cref="JoinCompanyAsync"/>).
/// </summary>
public class ChatApiFactory : WebApplicationFactory<ApiHost::Program>, IAsyncLifetime
{
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private readonly bool _ownsDatabase;

    public ChatApiFactory()
        : this($"wellwon_chat_test_{Guid.NewGuid():N}", ownsDatabase: true)
    {
    }

    protected ChatApiFactory(string database, bool ownsDatabase)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
    }

    public string Database { get; }

    public string KeyPrefix { get; } = $"wwtest:{Guid.NewGuid():N}:";

    public Uri HubUrl => new(Server.BaseAddress, WellWonHub.Path);

    public virtual async ValueTask InitializeAsync()
    {
        if (_ownsDatabase)
        {
            await TestInfrastructure.CreateDatabaseAsync(Database);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await DisposeWorkerAsync();
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis))
        {
            await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: KeyPrefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }

        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            await TestInfrastructure.DropDatabaseAsync(Database);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Stops what runs beside the Api before the Api and its database go.</summary>
    protected virtual ValueTask DisposeWorkerAsync() => ValueTask.CompletedTask;

    public string TokenFor(Guid userId, string userType = "entrepreneur") =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["email"] = EmailOf(userId), ["user_type"] = userType },
            Issuer = "wellwon",
            Audience = "wellwon-api",
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(_signingKey)), SecurityAlgorithms.HmacSha256),
        });

    public HttpClient ClientFor(Guid userId, string userType = "entrepreneur")
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId, userType));
        return client;
    }

    public static string EmailOf(Guid userId) => $"user-{userId:N}@example.com";

    /// <summary>Creates a company through the Companies API; <paramref name="owner"/> becomes its owner. Returns its id.</summary>
    public async Task<Guid> CreateCompanyAsync(Guid owner, string name = "Tea Importers")
    {
        using var client = ClientFor(owner);
        var response = await client.PostAsJsonAsync("/api/companies", new { name, country = "CN", companyType = "importer" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
    }

    /// <summary>Brings <paramref name="user"/> into the company as <paramref name="role"/>: invited by <paramref name="by"/>, accepted by the user.</summary>
    public async Task JoinCompanyAsync(Guid by, Guid companyId, Guid user, string role)
    {
        var ct = TestContext.Current.CancellationToken;
        using var inviter = ClientFor(by);
        var invited = await inviter.PostAsJsonAsync($"/api/companies/{companyId}/invitations", new { email = EmailOf(user), role }, ct);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var invitation = await invited.Content.ReadFromJsonAsync<JsonElement>(ct);
        using var invitee = ClientFor(user);
        var accepted = await invitee.PostAsJsonAsync(
            $"/api/companies/invitations/{invitation.GetProperty("id").GetGuid()}/accept", new { token = invitation.GetProperty("token").GetString() }, ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    /// <summary>Sends a command as the saga (or any in-process caller) would, through the Api's own mediator.</summary>
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, TestContext.Current.CancellationToken);
    }

    /// <summary>A started SignalR client over the test server (long polling), signed in as <paramref name="userId"/>.</summary>
    public async Task<HubConnection> ConnectAsync(Guid userId)
    {
        var token = TokenFor(userId);
        var connection = new HubConnectionBuilder()
            .WithUrl(HubUrl, o =>
            {
                o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await connection.StartAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in ChatWorker.SharedSettings(Database, KeyPrefix))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Jwt:SigningKey", _signingKey);
        // An integrity check compares at once: what the Api's sync projections wrote is all there is to wait for.
        builder.UseSetting("Projections:Rebuild:SettleTimeout", "00:00:00");
    }
}

/// <summary>An Api over an existing database (a worker's), which it leaves in place.</summary>
public sealed class ChatApiOverDatabase(string database) : ChatApiFactory(database, ownsDatabase: false);

/// <summary>The Api with an event-processor worker beside it on the same database and bus, as the AppHost runs them: pushes come from the worker.</summary>
public sealed class ChatApiWithWorker : ChatApiFactory
{
    private ChatWorker? _worker;

    public ChatWorker Worker => _worker ?? throw new InvalidOperationException("Not initialised.");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _worker = new ChatWorker(Database, KeyPrefix).Start();
    }

    protected override async ValueTask DisposeWorkerAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }
}
