extern alias ApiHost;
extern alias WorkersHost;

using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using StackExchange.Redis;
using WellWon.Web.Live;
using WellWon.Web.Session;

namespace WellWon.Web.Tests.Chat;

/// <summary>
/// WellWon.Api and the event-processor worker as their Programs build them, on a database of their own on the test PostgreSQL
/// and a key prefix of their own on the test Redis, as the AppHost runs them: the Api writes and hosts the hub, the worker
/// applies the events and pushes through the Redis backplane.
/// </summary>
public sealed class LiveHub : IAsyncLifetime
{
    private readonly string _database = $"wellwon_web_test_{Guid.NewGuid():N}";
    private readonly string _prefix = $"wwtest:{Guid.NewGuid():N}:";
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private ApiFactory? _api;
    private WorkerFactory? _worker;

    private ApiFactory Api => _api ?? throw new InvalidOperationException("Not initialised.");

    public async ValueTask InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(Postgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        _worker = new WorkerFactory(Settings());
        _ = _worker.Services;
        _api = new ApiFactory(Settings(), _signingKey);
        _ = _api.Services;
    }

    public HttpClient ClientFor(Guid userId)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId));
        return client;
    }

    /// <summary>The Web's live connection for <paramref name="userId"/>, over the test server and a network the test can cut.</summary>
    public LiveConnection LiveConnectionFor(Guid userId, TestNetwork network)
    {
        var options = new LiveOptions
        {
            HubUrl = new Uri(Api.Server.BaseAddress, LiveOptions.HubPath),
            ReconnectDelays = [TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250)],
            ConfigureConnection = o =>
            {
                o.HttpMessageHandlerFactory = _ => new TestNetwork.Handler(Api.Server.CreateHandler(), network);
                o.Transports = HttpTransportType.LongPolling;
            },
        };
        return new LiveConnection(new Token(TokenFor(userId)), Options.Create(options), new ConfigurationBuilder().Build(), NullLogger<LiveConnection>.Instance);
    }

    /// <summary>A plain hub client, to look at a group's change log as the hub keeps it.</summary>
    public async Task<HubConnection> ConnectAsync(Guid userId)
    {
        var token = TokenFor(userId);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Api.Server.BaseAddress, LiveOptions.HubPath), o =>
            {
                o.HttpMessageHandlerFactory = _ => Api.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await connection.StartAsync(Xunit.TestContext.Current.CancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(Redis))
        {
            await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: _prefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Postgres);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private string TokenFor(Guid userId) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["email"] = $"user-{userId:N}@example.com", ["user_type"] = "entrepreneur" },
            Issuer = "wellwon",
            Audience = "wellwon-api",
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_signingKey)), SecurityAlgorithms.HmacSha256),
        });

    // What the Api and the worker of one test share: one database, one Redis prefix, a fast bus.
    private Dictionary<string, string?> Settings() => new()
    {
        ["ConnectionStrings:wellwon-db"] = new NpgsqlConnectionStringBuilder(Postgres) { Database = _database }.ConnectionString,
        ["ConnectionStrings:redis"] = Redis,
        ["Identity:MasterKey"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(_prefix))),
        ["Messaging:RedisStreams:KeyPrefix"] = _prefix + "bus:",
        ["Messaging:RedisStreams:Partitions"] = "2",
        ["Messaging:RedisStreams:PollMaxDelay"] = "00:00:00.050",
        ["Relay:LockKey"] = _prefix + "relay:lock",
        ["Relay:LeaseTime"] = "00:00:01",
        ["RealTime:KeyPrefix"] = _prefix + "realtime:",
        ["Idempotency:KeyPrefix"] = _prefix + "idempotency:",
        ["Scheduling:KeyPrefix"] = _prefix + "jobs:",
        ["EventProcessor:InstanceId"] = "test",
        ["Sagas:InstanceId"] = "test",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private static string Postgres => Require("WELLWON_TEST_PG");

    private static string Redis => Require("WELLWON_TEST_REDIS");

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set. Integration tests need the PostgreSQL and Redis that `./wellwon test` starts: run `./wellwon test`.");

    private sealed class ApiFactory(Dictionary<string, string?> settings, string signingKey) : WebApplicationFactory<ApiHost::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Jwt:SigningKey", signingKey);
        }
    }

    private sealed class WorkerFactory(Dictionary<string, string?> settings) : WebApplicationFactory<WorkersHost::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Worker:Role", "event-processor");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }

    private sealed class Token(string token) : IApiAccessToken
    {
        public ValueTask<string?> GetAsync(CancellationToken ct) => ValueTask.FromResult<string?>(token);
    }
}

/// <summary>A network between the Web and the Api that the test can cut: requests in flight fail and new ones are refused until it is back.</summary>
public sealed class TestNetwork
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _down = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _offline;

    public void GoOffline()
    {
        lock (_lock)
        {
            _offline = true;
            _down.TrySetResult();
        }
    }

    public void GoOnline()
    {
        lock (_lock)
        {
            _offline = false;
            _down = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<CancellationToken, Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        Task down;
        lock (_lock)
        {
            if (_offline)
            {
                throw new HttpRequestException("The network is down.");
            }

            down = _down.Task;
        }

        using var cut = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sending = send(cut.Token);
        if (await Task.WhenAny(sending, down) == down)
        {
            await cut.CancelAsync();
            throw new HttpRequestException("The network went down.");
        }

        return await sending;
    }

    public sealed class Handler(HttpMessageHandler inner, TestNetwork network) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            network.SendAsync(ct => base.SendAsync(request, ct), cancellationToken);
    }
}
